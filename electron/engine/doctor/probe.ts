/**
 * The doctor's network probes: a TCP connect, and one HTTP request or WebSocket upgrade
 * through Portico's own listener, the way a browser would send it (Host, SNI), each with a
 * timeout. Probes that go through the proxy do not verify the certificate: they examine the
 * app behind it, and the certificate check judges the certificate separately.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export type ConnectResult = { ok: true } | { ok: false; code: string };

export function tcpConnect(host: string, port: number, timeoutMs: number): Promise<ConnectResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result: ConnectResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ ok: false, code: 'timeout' }), timeoutMs);
    socket.once('connect', () => done({ ok: true }));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      done({ ok: false, code: error.code ?? error.message }),
    );
  });
}

export interface ProxyTarget {
  /** The domain's name as a browser sends it (no port). */
  host: string;
  port: number;
  tls: boolean;
}

export interface ProbeResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The start of the body (at most 64 KiB), as text. */
  body: string;
}

export type ProbeResult<T> = { ok: true; value: T } | { ok: false; code: string };

const DOCTOR_UA = 'Portico-Doctor/1';

function hostHeader(target: ProxyTarget): string {
  const standard = target.tls ? 443 : 80;
  return target.port === standard ? target.host : `${target.host}:${target.port}`;
}

function requestOptions(
  target: ProxyTarget,
  path: string,
  headers: Record<string, string>,
  localAddress?: string,
): https.RequestOptions {
  return {
    host: '127.0.0.1',
    port: target.port,
    path,
    method: 'GET',
    agent: false,
    localAddress,
    servername: target.tls ? target.host.replace(/^\*\./, 'doctor.') : undefined,
    rejectUnauthorized: false,
    headers: { host: hostHeader(target), 'user-agent': DOCTOR_UA, ...headers },
  };
}

/** One GET through the proxy; the body is read up to 64 KiB. */
export function probeRequest(
  target: ProxyTarget,
  path: string,
  options: { headers?: Record<string, string>; localAddress?: string; timeoutMs: number },
): Promise<ProbeResult<ProbeResponse>> {
  return new Promise((resolve) => {
    const opts = requestOptions(target, path, options.headers ?? {}, options.localAddress);
    const req = (target.tls ? https : http).request(opts, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        clearTimeout(timer);
        req.destroy();
        resolve({
          ok: true,
          value: {
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          },
        });
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= 64 * 1024) finish();
      });
      res.on('end', finish);
      res.on('error', finish);
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ ok: false, code: 'timeout' });
    }, options.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ ok: false, code: error.code ?? error.message });
    });
    req.end();
  });
}

export interface UpgradeOutcome {
  upgraded: boolean;
  status: number;
}

/** A WebSocket handshake through the proxy: 101, or the status it got instead. */
export function probeUpgrade(
  target: ProxyTarget,
  path: string,
  options: { protocol?: string; timeoutMs: number },
): Promise<ProbeResult<UpgradeOutcome>> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': randomBytes(16).toString('base64'),
    };
    if (options.protocol) headers['sec-websocket-protocol'] = options.protocol;
    const req = (target.tls ? https : http).request(requestOptions(target, path, headers));
    const settle = (result: ProbeResult<UpgradeOutcome>) => {
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => settle({ ok: false, code: 'timeout' }), options.timeoutMs);
    req.on('upgrade', (res, socket) => {
      socket.on('error', () => {}); // closing right away; a reset then is expected
      socket.destroy();
      settle({
        ok: true,
        value: { upgraded: res.statusCode === 101, status: res.statusCode ?? 0 },
      });
    });
    req.on('response', (res) => {
      res.resume();
      settle({ ok: true, value: { upgraded: false, status: res.statusCode ?? 0 } });
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      settle({ ok: false, code: error.code ?? error.message }),
    );
    req.end();
  });
}
