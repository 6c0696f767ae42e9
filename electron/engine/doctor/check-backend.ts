/**
 * Check: the dev server accepts a TCP connection and answers HTTP (any status: a 404 at `/`
 * is still an answer). A `localhost` target is tried on both loopback families, because a
 * server listening on ::1 only (or 127.0.0.1 only) is a classic cause of "refused".
 */
import http from 'node:http';
import https from 'node:https';
import type { DoctorCheck } from '../../../shared/doctor';
import { check, type DomainContext } from './doctor-context';
import { tcpConnect } from './probe';

const TITLE = 'The dev server accepts connections and answers HTTP';

export function targetEndpoint(target: string): { host: string; port: number; tls: boolean } {
  const url = new URL(target);
  const tls = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return { host, port: url.port ? Number(url.port) : tls ? 443 : 80, tls };
}

function answersHttp(
  target: string,
  hostHeader: string,
  timeoutMs: number,
): Promise<{ ok: true; status: number } | { ok: false; code: string }> {
  const endpoint = targetEndpoint(target);
  return new Promise((resolve) => {
    const req = (endpoint.tls ? https : http).request(
      {
        host: endpoint.host,
        port: endpoint.port,
        path: new URL(target).pathname || '/',
        agent: false,
        // Dev servers use self-signed certificates; this probe asks "does it answer?" only.
        rejectUnauthorized: false,
        headers: { host: hostHeader, 'user-agent': 'Portico-Doctor/1' },
      },
      (res) => {
        clearTimeout(timer);
        res.resume();
        req.destroy();
        resolve({ ok: true, status: res.statusCode ?? 0 });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ ok: false, code: 'timeout' });
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ ok: false, code: error.code ?? error.message });
    });
    req.end();
  });
}

export async function checkBackend(context: DomainContext): Promise<DoctorCheck> {
  const target = context.domain.target;
  const { host, port } = targetEndpoint(target);
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const connected = await tcpConnect(host, port, context.timeoutMs);
  if (!connected.ok) {
    if (host === 'localhost') {
      for (const family of ['127.0.0.1', '::1']) {
        const alternative = await tcpConnect(family, port, context.timeoutMs);
        if (alternative.ok)
          return check(
            'backend',
            TITLE,
            'warn',
            `localhost:${port} failed (${connected.code}) but ${family} port ${port} answers: the dev server listens on one loopback family only.`,
            `Point the domain at http://${family.includes(':') ? `[${family}]` : family}:${port}.`,
          );
      }
    }
    const fix =
      connected.code === 'timeout'
        ? `Something at ${where} does not complete connections: a firewall, or a stopped (paused) process.`
        : `Start your dev server on port ${port} (or change the domain's target to the port it uses).`;
    return check(
      'backend',
      TITLE,
      'fail',
      `Nothing accepts connections at ${where} (${connected.code}): is your dev server running?`,
      fix,
    );
  }
  const answer = await answersHttp(target, context.domain.host, context.timeoutMs);
  if (answer.ok)
    return check('backend', TITLE, 'pass', `${target} answered HTTP ${answer.status}.`);
  return check(
    'backend',
    TITLE,
    'fail',
    `${where} accepts connections but does not answer HTTP (${answer.code}).`,
    answer.code === 'timeout'
      ? 'The server is busy or not an HTTP server: check its terminal. If it serves HTTPS, use an https:// target.'
      : 'Check the target: is this port really your dev server? If it serves HTTPS, use an https:// target.',
  );
}
