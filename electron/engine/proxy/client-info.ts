/**
 * Who is on the other end of a client connection, computed once per request from the
 * socket: the address as the forwarded headers show it, whether that address belongs to a
 * trusted proxy, and the scheme and port the client used.
 */
import type { Server, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

export interface ClientInfo {
  /** Client IP, IPv4-mapped IPv6 (`::ffff:127.0.0.1`) shown as plain IPv4. */
  address: string;
  tls: boolean;
  /** The SNI name of a TLS connection. */
  sni: string | null;
  /** The Portico port the client connected to (what X-Forwarded-Port says). */
  localPort: number;
  /** Whether `address` is on the trusted-proxy list: only then are its X-Forwarded-* believed. */
  trusted: boolean;
}

export function normaliseAddress(address: string | undefined): string {
  if (!address) return '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}

export function clientInfo(socket: Socket, trustedProxies: ReadonlySet<string>): ClientInfo {
  const address = normaliseAddress(socket.remoteAddress);
  const tls = (socket as TLSSocket).encrypted === true;
  const servername = tls
    ? (socket as TLSSocket & { servername?: string | false }).servername
    : null;
  return {
    address,
    tls,
    sni: typeof servername === 'string' ? servername : null,
    localPort: localPortOf(socket),
    trusted: trustedProxies.size > 0 && trustedProxies.has(address),
  };
}

/**
 * Each listener's port, read once. An accepted connection's local port is its listener's,
 * and `socket.localPort` costs a system call (getsockname) on every new connection.
 */
const listenerPorts = new WeakMap<Server, number>();

function localPortOf(socket: Socket): number {
  // Node sets `server` on the connections a net.Server (and so a TLS server) accepts.
  const server = (socket as Socket & { server?: Server }).server;
  if (!server) return socket.localPort ?? 0;
  let port = listenerPorts.get(server);
  if (port === undefined) {
    const address = server.address();
    if (address === null || typeof address === 'string') return socket.localPort ?? 0;
    port = address.port;
    listenerPorts.set(server, port);
  }
  return port;
}
