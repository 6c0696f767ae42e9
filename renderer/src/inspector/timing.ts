/**
 * The waterfall of one exchange: from its `timings` (ms offsets from the start) to the
 * segments of a bar — connect, wait for the first byte, receive — as fractions of the total.
 */
import type { Exchange } from '../../../shared/exchange';

export interface TimingSegment {
  phase: 'connect' | 'wait' | 'receive';
  label: string;
  /** ms from the start of the exchange. */
  from: number;
  ms: number;
  /** Position and width in the bar, 0–1. */
  offset: number;
  width: number;
}

const LABELS: Record<TimingSegment['phase'], string> = {
  connect: 'Connect to the dev server',
  wait: 'Waiting for the first byte',
  receive: 'Receiving the response',
};

export function timingSegments(timings: Exchange['timings']): TimingSegment[] {
  const points: Array<[TimingSegment['phase'], number | null]> = [
    ['connect', timings.connected],
    ['wait', timings.firstByte],
    ['receive', timings.end],
  ];
  const total = Math.max(timings.end ?? 0, timings.firstByte ?? 0, timings.connected ?? 0);
  const segments: TimingSegment[] = [];
  let previous = 0;
  for (const [phase, at] of points) {
    if (at === null) continue;
    const from = previous;
    const ms = Math.max(0, at - from);
    segments.push({
      phase,
      label: LABELS[phase],
      from,
      ms,
      offset: total > 0 ? from / total : 0,
      width: total > 0 ? ms / total : 0,
    });
    previous = Math.max(previous, at);
  }
  return segments;
}
