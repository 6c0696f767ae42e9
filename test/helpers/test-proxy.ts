/**
 * A proxy pipeline on loopback ports with a given configuration, for integration tests of
 * forwarding (no config file, admin API or CLI involved), plus a small HTTP client that
 * talks to it by host name without DNS.
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import net from 'node:net';
import { ConfigSchema, type PorticoConfigInput } from '../../shared/config';
import { ProxyServer, type ProxyServerOptions } from '../../electron/engine/proxy/proxy-server';
import { buildSnapshot } from '../../electron/engine/proxy/proxy-state';
import type { ExchangeRecorder } from '../../electron/engine/inspector/recorder-api';
import { QuickCa } from './quick-ca';

export interface TestProxy {
  httpPort: number;
  httpsPort: number;
  ca: QuickCa;
  server: ProxyServer;
  health: Map<string, boolean>;
  setConfig(config: PorticoConfigInput): void;
  close(): Promise<void>;
}

export async function startTestProxy(
  config: PorticoConfigInput,
  recorder: ExchangeRecorder | null = null,
  options: Pick<ProxyServerOptions, 'onBulkTraffic'> = {},
): Promise<TestProxy> {
  const ca = new QuickCa();
  const health = new Map<string, boolean>();
  const parsed = ConfigSchema.parse(config);
  const server = new ProxyServer({
    initial: buildSnapshot(parsed, { http: null, https: null }),
    recorder,
    health: (host, up) => health.set(host, up),
    log: () => {},
    ...options,
  });
  let current = parsed;
  const contexts = new Map<string, tls.SecureContext>();
  const bound = await server.listen({
    httpPort: 0,
    fallbackHttpPort: 0,
    httpsPort: 0,
    fallbackHttpsPort: 0,
    sni: (servername, cb) => {
      const route = server.current().routes.resolve(servername.toLowerCase());
      if (!route) return cb(new Error(`no certificate for ${servername}`));
      const cached = contexts.get(route.domain.host);
      if (cached) return cb(null, cached);
      ca.certificateFor(route.domain.host).then(
        (issued) => {
          const context = tls.createSecureContext({ key: issued.key, cert: issued.cert });
          contexts.set(route.domain.host, context);
          cb(null, context);
        },
        (error: Error) => cb(error),
      );
    },
  });
  const ports = { http: bound.http.port, https: bound.https.port };
  server.setSnapshot(buildSnapshot(parsed, ports));
  return {
    httpPort: ports.http as number,
    httpsPort: ports.https as number,
    ca,
    server,
    health,
    setConfig(config) {
      current = ConfigSchema.parse(config);
      server.setSnapshot(buildSnapshot(current, ports));
    },
    async close() {
      await server.close();
      ca.dispose();
    },
  };
}

export interface TestResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: string;
}

export interface TestRequest {
  port: number;
  host: string;
  path?: string;
  method?: string;
  headers?: Record<string, string | string[]>;
  /** Raw header list, sent as is (for duplicates and odd casing). */
  rawHeaders?: [string, string][];
  body?: string;
  /** PEM of the CA to trust: makes the request HTTPS with SNI = host. */
  ca?: string;
  agent?: http.Agent | false;
  /** Connect to this address (default 127.0.0.1). */
  address?: string;
}

export function request(options: TestRequest): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const isTls = options.ca !== undefined;
    const headers: http.OutgoingHttpHeaders | string[] = options.rawHeaders
      ? [['Host', options.host] as [string, string], ...options.rawHeaders].flat()
      : { host: options.host, ...options.headers };
    const common = {
      host: options.address ?? '127.0.0.1',
      port: options.port,
      path: options.path ?? '/',
      method: options.method ?? 'GET',
      headers: headers as http.OutgoingHttpHeaders,
      agent: options.agent ?? false,
    };
    const req = isTls
      ? https.request({ ...common, servername: options.host.split(':')[0], ca: options.ca })
      : http.request(common);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('test request timed out')));
    req.end(options.body);
  });
}

/** Header pairs from a flat raw list, names lower-cased. */
export function lowerPairs(raw: readonly string[]): [string, string][] {
  const list: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2)
    list.push([(raw[i] as string).toLowerCase(), raw[i + 1] as string]);
  return list;
}

/**
 * Sends bytes exactly as given and returns everything the server answers until it closes
 * (or `waitMs` passes): for heads Node's client refuses to send (smuggling shapes, Trailer).
 */
export function rawExchange(port: number, bytes: string, waitMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString());
    });
    socket.on('error', reject);
    socket.write(bytes);
  });
}

/** The body of a raw HTTP/1.1 answer, de-chunked when it is chunked. */
export function rawBody(answer: string): string {
  const split = answer.indexOf('\r\n\r\n');
  const head = answer.slice(0, split).toLowerCase();
  let body = answer.slice(split + 4);
  if (!/\r\ntransfer-encoding: chunked/.test(head)) return body;
  let out = '';
  for (;;) {
    const lineEnd = body.indexOf('\r\n');
    const size = parseInt(body.slice(0, lineEnd), 16);
    if (!size) return out;
    out += body.slice(lineEnd + 2, lineEnd + 2 + size);
    body = body.slice(lineEnd + 2 + size + 2);
  }
}
