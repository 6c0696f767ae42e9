/**
 * The browser client of the web dashboard: the contract over the admin API as
 * `shared/admin-protocol.ts` describes it — `POST /api/rpc/<method>` with a bearer token,
 * events over a WebSocket at `/api/events` with the token as a subprotocol, reconnected
 * with backoff when it drops.
 */
import {
  EVENTS_PATH,
  EVENTS_SUBPROTOCOL,
  RPC_PATH_PREFIX,
  TOKEN_SUBPROTOCOL_PREFIX,
} from '../../../shared/admin-protocol';
import type { EventMessage, MethodName } from '../../../shared/contract';
import { reconnectDelay } from './backoff';
import {
  ClientError,
  apiFromTransport,
  parseEventMessage,
  type ConnectionState,
  type EngineClient,
} from './engine-client';

export interface HttpClientOptions {
  /** Origin of the admin API, e.g. `http://127.0.0.1:7380`. */
  origin: string;
  token: string;
}

export function createHttpClient({ origin, token }: HttpClientOptions): EngineClient {
  const listeners = new Set<(message: EventMessage) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let socket: WebSocket | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const transport = async (method: MethodName, params: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(`${origin}${RPC_PATH_PREFIX}${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(params),
      });
    } catch {
      throw new ClientError('UNREACHABLE', 'The Portico engine is not answering. Is it running?');
    }
    if (response.status === 401) {
      throw new ClientError(
        'UNAUTHORIZED',
        'The access token was refused: open the dashboard URL that `portico serve` printed.',
      );
    }
    if (!response.ok) {
      throw new ClientError(
        'HTTP_' + response.status,
        `The admin API answered ${response.status}.`,
      );
    }
    try {
      return await response.json();
    } catch {
      throw new ClientError('BAD_RESPONSE', 'The admin API sent something that is not JSON.');
    }
  };

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of connectionListeners) listener(next);
  };

  const connect = () => {
    retryTimer = null;
    const url = origin.replace(/^http/, 'ws') + EVENTS_PATH;
    // The server answers with `portico.v1`, which must be among the offered protocols.
    const ws = new WebSocket(url, [EVENTS_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + token]);
    socket = ws;
    ws.addEventListener('open', () => {
      attempt = 0;
      setState('open');
    });
    ws.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      let raw: unknown;
      try {
        raw = JSON.parse(event.data);
      } catch {
        console.warn('Portico: ignored an event that is not JSON');
        return;
      }
      const message = parseEventMessage(raw);
      if (message) for (const listener of listeners) listener(message);
    });
    // A failed WebSocket fires `error` then `close`; the retry is scheduled on `close`.
    ws.addEventListener('error', () => {});
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      if (listeners.size === 0) return;
      setState('closed');
      retryTimer = setTimeout(connect, reconnectDelay(attempt++));
    });
  };

  const disconnect = () => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    const ws = socket;
    socket = null;
    ws?.close();
  };

  return {
    ...apiFromTransport(transport),
    subscribe(listener) {
      listeners.add(listener);
      if (!socket && !retryTimer) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) disconnect();
      };
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
  };
}
