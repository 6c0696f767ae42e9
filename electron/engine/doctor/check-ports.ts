/**
 * Checks: the engine holds its HTTP and HTTPS ports (or says which fallback it uses and how
 * to get the standard port on this OS), and the proxy really accepts connections on the
 * port a domain is served on.
 */
import type { EngineStatus } from '../../../shared/contract';
import type { DoctorCheck } from '../../../shared/doctor';
import { check, type DomainContext } from './doctor-context';
import { tcpConnect } from './probe';

/** The OS fix for a port below 1024 that a normal user may not bind. */
export function privilegedPortFix(platform: NodeJS.Platform, port: number): string | null {
  if (port >= 1024) return null;
  if (platform === 'linux')
    return 'On Linux, allow ports below 1024 once: `sudo sysctl -w net.ipv4.ip_unprivileged_port_start=80` (add it to /etc/sysctl.d to keep it), or `sudo setcap cap_net_bind_service=+ep` on the node/Portico binary.';
  if (platform === 'darwin')
    return (
      'macOS lets every user listen on 80/443 on loopback since 10.14: another program probably holds the port (`sudo lsof -nP -iTCP:' +
      port +
      ' -sTCP:LISTEN`).'
    );
  if (platform === 'win32')
    return (
      'Windows needs no rights for 80/443: another program holds the port (`netstat -ano | findstr :' +
      port +
      '`, often IIS or Skype).'
    );
  return null;
}

export function checkPorts(status: EngineStatus, platform: NodeJS.Platform): DoctorCheck[] {
  return (['http', 'https'] as const).map((scheme) => {
    const listener = status[scheme];
    const title = `Portico listens on the ${scheme.toUpperCase()} port`;
    if (listener.port === null)
      return check(
        'ports',
        title,
        'fail',
        listener.problem ?? `No ${scheme} port could be opened.`,
        privilegedPortFix(platform, listener.requestedPort) ??
          'Free the port or set other ports in Settings (proxy.httpPort / httpsPort).',
      );
    if (listener.port !== listener.requestedPort && listener.requestedPort !== 0)
      return check(
        'ports',
        title,
        'warn',
        `${listener.problem ?? `Port ${listener.requestedPort} was not available.`} URLs carry :${listener.port}.`,
        privilegedPortFix(platform, listener.requestedPort) ??
          `Free port ${listener.requestedPort}, then restart Portico.`,
      );
    return check('ports', title, 'pass', `Listening on 127.0.0.1:${listener.port}.`);
  });
}

export async function checkListener(context: DomainContext): Promise<DoctorCheck> {
  const title = "The proxy listens on the domain's port";
  if (context.port === null)
    return check(
      'listener',
      title,
      'fail',
      `Portico has no ${context.tls ? 'HTTPS' : 'HTTP'} listener, so ${context.url} cannot answer.`,
      'See the port check above for why, and the fix.',
    );
  const result = await tcpConnect('127.0.0.1', context.port, context.timeoutMs);
  if (result.ok)
    return check(
      'listener',
      title,
      'pass',
      `127.0.0.1:${context.port} accepts connections (${context.url}).`,
    );
  return check(
    'listener',
    title,
    'fail',
    `Connecting to 127.0.0.1:${context.port} failed (${result.code}).`,
    'Restart Portico; if it persists, another program may be intercepting loopback traffic (firewall, VPN).',
  );
}
