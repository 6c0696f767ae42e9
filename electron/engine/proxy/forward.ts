/**
 * Stage 3 of the pipeline: forwarding. The rest of the pipeline talks to this small
 * `Forwarder` interface only; two adapters implement it, each the only file that knows its
 * library: plain requests go over undici (forward-web.ts), WebSocket upgrades through
 * http-proxy-3 (forward-upgrade.ts). The pipeline decides every header itself.
 */
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createUpgradeForwarder } from './forward-upgrade';
import { createWebForwarder } from './forward-web';
import type { TrafficCounter } from './traffic-counter';
import type { UpstreamHeaders } from './prepare-request';

export interface ForwardRequest {
  target: URL;
  /** The complete request head for the upstream (prepare-request's output). */
  headers: UpstreamHeaders;
  /** The client's body is chunked (prepare-request's output). */
  chunkedBody: boolean;
  connectTimeoutMs: number;
  /** Longest silence from the upstream; 0 disables. */
  readTimeoutMs: number;
}

/** The upstream's response head, as it sent it (raw list: name, value, name, value…). */
export interface UpstreamResponseHead {
  status: number;
  statusText: string;
  rawHeaders: string[];
  /**
   * The same header lines as one string, "Name: value" joined by CR LF, as they arrived (see
   * header-lines.ts); null when the list cannot be rebuilt from such a block exactly.
   */
  headerBlock: string | null;
  /** A `text/event-stream`: each event goes to the client the moment it arrives. */
  eventStream: boolean;
}

export interface WebHooks {
  /** A connection to the upstream is ready and the request is being written on it. */
  connected(): void;
  /**
   * The request head exactly as written to the upstream; set only when it is recorded (the
   * forwarder then skips catching the head).
   */
  forwarded?: (head: string) => void;
  /**
   * The upstream answered: write the head to the client. Returns false when that was not
   * possible (the caller has destroyed the response); forwarding then stops silently.
   */
  response(head: UpstreamResponseHead): boolean;
  /** Body chunks for the inspector; set only when bodies are recorded. */
  requestBody?: (chunk: Buffer) => void;
  responseBody?: (chunk: Buffer) => void;
  /**
   * Forwarding failed, before or after the response head (`res.headersSent` tells which), or
   * the client went away (`res.destroyed`). Timeouts arrive as `UpstreamTimeoutError`.
   */
  error(error: Error): void;
  /** The client's response closed (finished or not): the exchange is over. */
  closed(): void;
}

export interface UpgradeHooks {
  /** The upstream request exists (its socket may still be connecting). */
  upstreamRequest(proxyReq: ClientRequest): void;
  /** The upstream socket is connected. */
  connected(): void;
  /** The upstream answered 101 and the tunnel is piped. */
  upgraded(proxyRes: IncomingMessage, upstream: Socket): void;
  /** The upstream answered without upgrading (the library relays that answer). */
  refused(proxyRes: IncomingMessage): void;
  error(error: Error): void;
}

export type ForwardWeb = (
  req: IncomingMessage,
  res: ServerResponse,
  request: ForwardRequest,
  hooks: WebHooks,
) => void;

export type ForwardUpgrade = (
  req: IncomingMessage,
  socket: Socket,
  head: Buffer,
  request: ForwardRequest,
  hooks: UpgradeHooks,
) => void;

export interface Forwarder {
  web: ForwardWeb;
  upgrade: ForwardUpgrade;
  close(): void;
}

export function createForwarder(traffic: TrafficCounter): Forwarder {
  const web = createWebForwarder(traffic);
  const upgrade = createUpgradeForwarder();
  return {
    web: (req, res, request, hooks) => web.forward(req, res, request, hooks),
    upgrade: (req, socket, head, request, hooks) =>
      upgrade.forward(req, socket, head, request, hooks),
    close() {
      web.close();
      upgrade.close();
    },
  };
}
