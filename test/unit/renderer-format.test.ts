import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDuration,
  formatExpiry,
  shortStatus,
  statusLabel,
  statusTone,
} from '../../renderer/src/inspector/format';
import { timingSegments } from '../../renderer/src/inspector/timing';

describe('formatting', () => {
  it('formats durations for people', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(0.4)).toBe('<1 ms');
    expect(formatDuration(12.6)).toBe('13 ms');
    expect(formatDuration(1534)).toBe('1.53 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(4821)).toBe('4.7 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });
  it('labels and colours a status, a failure and a pending exchange', () => {
    expect([statusLabel(404, null), statusTone(404, null)]).toEqual(['404', 's4']);
    expect([statusLabel(null, 'ECONNREFUSED'), statusTone(null, 'ECONNREFUSED')]).toEqual([
      'ECONNREFUSED',
      'err',
    ]);
    expect([statusLabel(null, null), statusTone(null, null)]).toEqual(['pending', 'pending']);
    expect(shortStatus(null, 'timeout')).toBe('ERR');
  });
  it('says when a certificate expires', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(formatExpiry(null, now)).toBe('—');
    expect(formatExpiry('2025-12-31T00:00:00Z', now)).toBe('expired');
    expect(formatExpiry('2026-01-13T00:00:00Z', now)).toBe('in 12 days');
    expect(formatExpiry('2028-06-01T00:00:00Z', now)).toBe('in 2 years');
  });
});

describe('timingSegments', () => {
  it('splits an exchange into connect, wait and receive, as fractions of the total', () => {
    const segments = timingSegments({ start: 0, connected: 2, firstByte: 8, end: 10 });
    expect(segments.map((s) => [s.phase, s.from, s.ms])).toEqual([
      ['connect', 0, 2],
      ['wait', 2, 6],
      ['receive', 8, 2],
    ]);
    expect(segments.map((s) => s.width)).toEqual([0.2, 0.6, 0.2]);
    expect(segments[2]?.offset).toBe(0.8);
  });
  it('leaves out phases that were not reached (a refused connection)', () => {
    expect(timingSegments({ start: 0, connected: null, firstByte: null, end: null })).toEqual([]);
    const reused = timingSegments({ start: 0, connected: null, firstByte: 5, end: 5 });
    expect(reused.map((s) => s.phase)).toEqual(['wait', 'receive']);
  });
});
