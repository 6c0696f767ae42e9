/**
 * Binding the proxy's ports. Portico listens on loopback only (127.0.0.1 and ::1 — what
 * `*.localhost` resolves to), never on the LAN: dev servers are not meant to be exposed.
 * If the wanted port is not permitted or in use, the fallback port is used and the reason
 * (with the fix) is reported instead of crashing.
 */
import type { Server } from 'node:net';
import { findPortOwner, type PortOwner } from './port-owner';

export interface BoundListener {
  requestedPort: number;
  port: number | null;
  problem: string | null;
  servers: Server[];
}

type ServerFactory = () => Server;

export async function bindWithFallback(
  create: ServerFactory,
  requestedPort: number,
  fallbackPort: number,
  label: string,
): Promise<BoundListener> {
  const first = await bindLoopback(create, requestedPort);
  if (first.ok) return { requestedPort, port: first.port, problem: null, servers: first.servers };
  const why = describeBindError(
    first.code,
    requestedPort,
    label,
    await ownerIfInUse(first.code, requestedPort),
  );
  if (fallbackPort === requestedPort)
    return { requestedPort, port: null, problem: why, servers: [] };
  const second = await bindLoopback(create, fallbackPort);
  if (second.ok)
    return {
      requestedPort,
      port: second.port,
      problem: `${why} Using port ${second.port} instead.`,
      servers: second.servers,
    };
  return {
    requestedPort,
    port: null,
    problem: `${why} The fallback port ${fallbackPort} failed too: ${describeBindError(second.code, fallbackPort, label, await ownerIfInUse(second.code, fallbackPort))}`,
    servers: [],
  };
}

type BindResult = { ok: true; port: number; servers: Server[] } | { ok: false; code: string };

/** Listens on 127.0.0.1, then on ::1 with the same port (skipped if this machine has no IPv6). */
async function bindLoopback(create: ServerFactory, port: number): Promise<BindResult> {
  const v4 = create();
  const first = await listen(v4, port, '127.0.0.1');
  if (first !== null) return { ok: false, code: first };
  const actual = (v4.address() as { port: number }).port;
  const v6 = create();
  const second = await listen(v6, actual, '::1');
  if (second === null) return { ok: true, port: actual, servers: [v4, v6] };
  if (second === 'EADDRNOTAVAIL' || second === 'EAFNOSUPPORT')
    return { ok: true, port: actual, servers: [v4] };
  await new Promise<void>((resolve) => v4.close(() => resolve()));
  return { ok: false, code: second };
}

function listen(server: Server, port: number, host: string): Promise<string | null> {
  return new Promise((resolve) => {
    const onError = (error: NodeJS.ErrnoException) => resolve(error.code ?? 'EUNKNOWN');
    server.once('error', onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', onError);
      resolve(null);
    });
  });
}

/** The process holding a port, looked up only when the port is in use (never throws). */
async function ownerIfInUse(code: string, port: number): Promise<PortOwner | null> {
  if (code !== 'EADDRINUSE' || port === 0) return null;
  return findPortOwner(port).catch(() => null);
}

export function describeBindError(
  code: string,
  port: number,
  label: string,
  owner: PortOwner | null = null,
): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `${label} port ${port} is not permitted for this user.${privilegedPortFix(port)}`;
    case 'EADDRINUSE':
      return owner
        ? `${label} port ${port} is already in use by ${owner.name} (pid ${owner.pid}).`
        : `${label} port ${port} is already in use by another program.`;
    default:
      return `${label} port ${port} could not be opened (${code}).`;
  }
}

function privilegedPortFix(port: number): string {
  if (port >= 1024 || process.platform !== 'linux') return '';
  return ' On Linux, allow it once with `sudo sysctl -w net.ipv4.ip_unprivileged_port_start=80` (or `sudo setcap cap_net_bind_service=+ep "$(readlink -f "$(command -v node)")"`).';
}
