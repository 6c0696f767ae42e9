/**
 * Tools for the hardening suite: a raw TCP upstream that records every byte it receives and
 * answers with whatever bytes a test scripts (malformed responses Node's server never sends),
 * a guard that fails a test on any uncaught exception, and a count of open socket handles.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RawUpstream {
  port: number;
  /** Every byte received, all connections concatenated in arrival order. */
  received(): string;
  connections: number;
  /** Sockets still open on the upstream side. */
  open: Set<net.Socket>;
  close(): Promise<void>;
}

/**
 * Calls `answer` once per connection with the first complete request head (up to the blank
 * line); the callback writes whatever it wants on the socket.
 */
export async function startRawUpstream(
  answer: (socket: net.Socket, head: string) => void,
): Promise<RawUpstream> {
  const chunks: Buffer[] = [];
  const open = new Set<net.Socket>();
  const state = { connections: 0 };
  const server = net.createServer((socket) => {
    state.connections++;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => {}); // resets are what these tests provoke
    let buffered = '';
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      buffered += chunk.toString('latin1');
      if (!answered && buffered.includes('\r\n\r\n')) {
        answered = true;
        answer(socket, buffered.slice(0, buffered.indexOf('\r\n\r\n')));
      }
    });
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received: () => Buffer.concat(chunks).toString('latin1'),
    get connections() {
      return state.connections;
    },
    open,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Collects uncaught exceptions and unhandled rejections while installed. */
export function guardUncaught(): { errors: unknown[]; dispose(): void } {
  const errors: unknown[] = [];
  const onError = (error: unknown) => errors.push(error);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  return {
    errors,
    dispose() {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
    },
  };
}

/** Open TCP handles of this process (sockets and servers), from Node's resource list. */
export function tcpHandles(): number {
  return process
    .getActiveResourcesInfo()
    .filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap').length;
}

/** Polls `check` until it is true or `ms` pass; returns the last result. */
export async function eventually(check: () => boolean, ms = 3000, stepMs = 25): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  return check();
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
