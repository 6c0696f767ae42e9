/**
 * Who is on the other end of a client connection, computed once per request from the
 * socket: the address as the forwarded headers show it, whether that address belongs to a
 * trusted proxy, and the scheme and port the client used.
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

export interface ClientInfo {
  /** Client IP, IPv4-mapped IPv6 (`::ffff:127.0.0.1`) shown as plain IPv4. */
  address: string;
  tls: boolean;
  /** The SNI name of a TLS connection. */
  sni: string | null;
  /** The Portico port the client connected to (what X-Forwarded-Port says). */
  localPort: string;
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

/**
 * `localPort` is the listener's port, which every connection it accepted shares, as
 * X-Forwarded-Port sends it: passed in by the listener, which reads it once, because
 * `socket.localPort` costs a system call (getsockname) per connection.
 */
export function clientInfo(
  socket: Socket,
  localPort: string,
  trustedProxies: ReadonlySet<string>,
): ClientInfo {
  const address = normaliseAddress(socket.remoteAddress);
  const tls = (socket as TLSSocket).encrypted === true;
  const servername = tls
    ? (socket as TLSSocket & { servername?: string | false }).servername
    : null;
  return {
    address,
    tls,
    sni: typeof servername === 'string' ? servername : null,
    localPort,
    trusted: trustedProxies.size > 0 && trustedProxies.has(address),
  };
}
