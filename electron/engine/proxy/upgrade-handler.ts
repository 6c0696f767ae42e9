/**
 * The pipeline for WebSocket upgrades (HMR): the same admission as plain requests, a check
 * that the upgrade is a well-formed WebSocket handshake, then a tunnel that starts only after
 * the upstream's 101. Long-lived tunnels are not cut by HTTP timeouts (the sockets have none).
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { admit } from './admission';
import { clientInfo } from './client-info';
import { classifyFailure } from './failures';
import { writeRawPage } from './raw-response';
import { beginRecord, type PipelineContext } from './request-handler';
import { pairs, writtenHead } from './wire-head';
import { recordBytes } from './exchange-bytes';
import type { ExchangeRecord } from '../inspector/recorder-api';

/** Counts frames in one direction of a tunnel for the inspector (set by the engine). */
export type FrameCounterFactory = (
  record: ExchangeRecord,
  fromClient: boolean,
) => (chunk: Buffer) => void;

export function handleUpgrade(
  ctx: PipelineContext & { frameCounter?: FrameCounterFactory },
  req: IncomingMessage,
  socket: Socket,
  head: Buffer,
  listenerPort: string,
): void {
  ctx.traffic.request();
  // A client that resets mid-handshake must not become an uncaught error.
  socket.on('error', () => socket.destroy());
  const snapshot = ctx.snapshot();
  const client = clientInfo(socket, listenerPort, snapshot.trustedProxies);
  const record = beginRecord(ctx, req, client, isWebSocketUpgrade(req) ? 'websocket' : null);

  const problem = websocketHandshakeProblem(req);
  const admission = problem
    ? ({
        kind: 'page',
        route: null,
        page: { status: 400, code: 'bad-upgrade', title: 'Bad Request', message: problem },
      } as const)
    : admit(snapshot, req, client, req.headers.upgrade ?? 'websocket');

  if (admission.kind === 'page') {
    record?.routed(admission.route?.domain.host ?? null, admission.route?.domain.target ?? null);
    const sent = writeRawPage(socket, admission.page);
    record?.responseSent(admission.page.status, sent);
    record?.finish(admission.page.status >= 400 ? admission.page.code : null);
    return;
  }

  const { route, prepared } = admission;
  record?.routed(route.domain.host, route.domain.target);
  let finished = false;
  let opened = false;
  const finish = (error: string | null, closeCode: number | null = null) => {
    if (finished) return;
    finished = true;
    if (record) recordBytes(socket, record);
    record?.finish(error, closeCode);
  };

  ctx.forwarder.upgrade(
    req,
    socket,
    head,
    {
      target: route.target,
      headers: prepared.headers,
      chunkedBody: false,
      connectTimeoutMs: snapshot.connectTimeoutMs,
      readTimeoutMs: 0,
    },
    {
      upstreamRequest(proxyReq) {
        if (record) proxyReq.once('finish', () => record.forwarded(writtenHead(proxyReq)));
      },
      connected() {
        record?.connected();
      },
      upgraded(proxyRes, upstream) {
        opened = true;
        ctx.health(route.domain.host, true);
        socket.on('data', ctx.traffic.carriedChunk);
        upstream.on('data', ctx.traffic.carriedChunk);
        if (record) {
          record.responseReceived(101, pairs(proxyRes.rawHeaders));
          // The library writes the upstream's 101 head to the client as it received it.
          record.responseSent(101, pairs(proxyRes.rawHeaders));
          record.websocketOpened();
          if (ctx.frameCounter) {
            socket.on('data', ctx.frameCounter(record, true));
            upstream.on('data', ctx.frameCounter(record, false));
          }
        }
        upstream.on('error', () => {});
        socket.once('close', () => finish(null));
      },
      refused(proxyRes) {
        const status = proxyRes.statusCode ?? 502;
        if (record) {
          record.responseReceived(status, pairs(proxyRes.rawHeaders));
          record.responseSent(status, pairs(proxyRes.rawHeaders));
        }
        socket.once('close', () => finish(status >= 400 ? `upgrade-refused-${status}` : null));
      },
      error(error) {
        const classified = classifyFailure(error, route.target, socket.destroyed);
        if (classified.code === 'ECONNREFUSED') ctx.health(route.domain.host, false);
        if (!socket.destroyed && socket.writable && !opened) {
          const sent = writeRawPage(socket, {
            status: classified.status,
            code: classified.code,
            title: classified.title,
            message: classified.message,
          });
          record?.responseSent(classified.status, sent);
        } else {
          socket.destroy();
        }
        finish(classified.code);
      },
    },
  );
}

function isWebSocketUpgrade(req: IncomingMessage): boolean {
  return (req.headers.upgrade ?? '').toLowerCase() === 'websocket';
}

/** Why an upgrade request is not a valid WebSocket handshake (RFC 6455 §4.2.1), or null. */
export function websocketHandshakeProblem(req: IncomingMessage): string | null {
  if (!isWebSocketUpgrade(req)) {
    return `Only WebSocket upgrades are supported (got Upgrade: ${req.headers.upgrade ?? 'nothing'}).`;
  }
  if (req.method !== 'GET') return 'A WebSocket handshake must be a GET request.';
  if (!req.headers['sec-websocket-key'])
    return 'The WebSocket handshake has no Sec-WebSocket-Key header.';
  if (!req.headers['sec-websocket-version'])
    return 'The WebSocket handshake has no Sec-WebSocket-Version header.';
  return null;
}
