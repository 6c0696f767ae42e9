/**
 * Replay: sends a recorded request again, through Portico's own listener on 127.0.0.1
 * (with the original Host and, for https, SNI), so it goes through the whole pipeline and
 * is recorded as a new exchange. The marker header `x-portico-replay-of: <id>` lets the
 * pipeline link the two (it strips the header and passes it to `begin()` as `replayOf`).
 * Resolves with the new exchange's id as soon as the pipeline has begun recording it.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { PorticoError } from '../../../shared/rpc';
import { connectionNamedIn, HOP_BY_HOP_HEADERS } from '../../../shared/hop-by-hop';
import type { ExchangeView } from './exchange-view';
import type { Recorder } from './recorder';
import { toPairs } from './to-exchange';

export { REPLAY_HEADER } from '../../../shared/hop-by-hop';
import { REPLAY_HEADER } from '../../../shared/hop-by-hop';

export interface ReplayOptions {
  /** Portico's listener port for the original's scheme. */
  port: number;
  /** Whether that listener speaks TLS. */
  tls: boolean;
  /** The local CA certificate (PEM) the listener's certificates chain to. */
  ca?: string | Buffer;
  /** Where the replay will be recorded (its id is read from there). */
  recorder: Pick<Recorder, 'expectReplay'>;
  /** How long to wait for the pipeline to begin the replay. */
  timeoutMs?: number;
}

/** The request head to send again: the received headers without per-connection ones. */
export function replayHeaders(record: ExchangeView, body: Buffer | null): string[] {
  const received = toPairs(record.receivedRaw);
  const named = connectionNamedIn(received);
  const flat: string[] = [];
  for (const [name, value] of received) {
    const key = name.toLowerCase();
    if (HOP_BY_HOP_HEADERS.has(key) || named?.has(key)) continue;
    if (key === 'content-length' || key === REPLAY_HEADER) continue;
    flat.push(name, value);
  }
  if (body) flat.push('Content-Length', String(body.length));
  flat.push(REPLAY_HEADER, record.id);
  return flat;
}

export function replayExchange(
  record: ExchangeView,
  options: ReplayOptions,
): Promise<{ id: string }> {
  if (record.upgrade === 'websocket') {
    return Promise.reject(
      new PorticoError('INVALID_PARAMS', 'A WebSocket exchange cannot be replayed.'),
    );
  }
  const capture = record.requestCapture;
  if (capture?.truncated) {
    return Promise.reject(
      new PorticoError(
        'INVALID_PARAMS',
        `The request body was captured only in part (${capture.kept} of ${capture.size} bytes), so it cannot be sent again.`,
      ),
    );
  }
  const declared = toPairs(record.receivedRaw).some(
    ([name, value]) =>
      (name.toLowerCase() === 'content-length' && value.trim() !== '0') ||
      name.toLowerCase() === 'transfer-encoding',
  );
  if (declared && (!capture || capture.size === 0)) {
    return Promise.reject(
      new PorticoError(
        'INVALID_PARAMS',
        'The request had a body that was not captured: switch on body capture, send it again, then replay.',
      ),
    );
  }
  const body = capture && capture.size > 0 ? capture.bytes() : null;
  const servername = record.host.replace(/^\[|\]$/g, '');
  const waiting = options.recorder.expectReplay(record.id);

  return new Promise<{ id: string }>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: { id: string } | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      waiting.cancel();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const timer = setTimeout(
      () =>
        settle(
          new PorticoError('INTERNAL', 'The replay was sent but the proxy did not record it.'),
        ),
      options.timeoutMs ?? 10_000,
    );
    timer.unref();
    void waiting.promise.then((id) => settle({ id }));

    const request = (options.tls ? https : http).request({
      host: '127.0.0.1',
      port: options.port,
      method: record.method,
      path: record.url,
      headers: replayHeaders(record, body),
      agent: false,
      ...(options.tls
        ? { servername: isIP(servername) ? undefined : servername, ca: options.ca }
        : {}),
    });
    request.on('response', (response) => {
      // The answer itself is not needed: the new exchange records it. Drain it.
      response.on('error', (error) => settle(error));
      response.resume();
      response.on('end', () => {
        // The pipeline begins recording before it answers; give the id a moment to arrive.
        setImmediate(() =>
          settle(new PorticoError('INTERNAL', 'The proxy answered but did not record the replay.')),
        );
      });
    });
    request.on('error', (error) =>
      settle(new PorticoError('INTERNAL', `Replay failed: ${error.message}`)),
    );
    request.end(body ?? undefined);
  });
}
