// Copy-as-cURL and replay against real sockets: a 127.0.0.1 server plays Portico's part
// (it records each request with the recorder, as the pipeline will, and echoes it back).
// The cURL command, run with real curl over http and over https (a real mkcert CA in a
// temp CAROOT), gets the same response; a replay is recorded as a new, linked exchange.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InspectorSettingsSchema } from '../../shared/config';
import { createRecorder, type Recorder } from '../../electron/engine/inspector/recorder';
import { toCurl } from '../../electron/engine/inspector/curl';
import { replayExchange, REPLAY_HEADER } from '../../electron/engine/inspector/replay';

const run = promisify(execFile);
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'expect']);

let caroot = '';
let ca = '';
let recorder: Recorder;
const servers: http.Server[] = [];

/** Records the request like the pipeline, then answers with what it received. */
function handler(tls: boolean): http.RequestListener {
  return (req, res) => {
    const marker = req.headers[REPLAY_HEADER];
    const record = recorder.begin(req, {
      clientAddress: req.socket.remoteAddress ?? '',
      tls,
      sni: null,
      replayOf: typeof marker === 'string' ? marker : null,
      upgrade: null,
    });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      record?.requestBody(chunk);
    });
    req.on('error', (error) => res.destroy(error));
    req.on('end', () => {
      const headers: string[] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = (req.rawHeaders[i] as string).toLowerCase();
        if (!HOP.has(name) && name !== REPLAY_HEADER)
          headers.push(`${name}: ${req.rawHeaders[i + 1]}`);
      }
      const body = JSON.stringify({
        method: req.method,
        url: req.url,
        headers: headers.sort(),
        body: Buffer.concat(chunks).toString('base64'),
      });
      record?.responseSent(200, ['Content-Type', 'application/json']);
      res.setHeader('Content-Type', 'application/json');
      res.end(body, () => record?.finish(null));
    });
  };
}

async function listen(server: http.Server): Promise<number> {
  servers.push(server);
  server.on('error', (error) => {
    throw error;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A request as a browser would send it, through Node's client. */
function send(opts: {
  port: number;
  tls: boolean;
  method: string;
  path: string;
  headers: string[];
  body?: Buffer;
}): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = (opts.tls ? https : http).request(
      {
        host: '127.0.0.1',
        port: opts.port,
        method: opts.method,
        path: opts.path,
        // Like a browser: a body goes with its Content-Length (Node would chunk it).
        headers: opts.body
          ? [...opts.headers, 'Content-Length', String(opts.body.length)]
          : opts.headers,
        agent: false,
        servername: 'shop.localhost',
        ca,
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (data += chunk));
        res.on('end', () => resolve(data));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

let httpPort = 0;
let httpsPort = 0;

beforeAll(async () => {
  caroot = await mkdtemp(join(tmpdir(), 'portico-curl-'));
  const env = { ...process.env, CAROOT: caroot };
  const cert = join(caroot, 'leaf.pem');
  const key = join(caroot, 'leaf-key.pem');
  await run('mkcert', ['-cert-file', cert, '-key-file', key, 'shop.localhost'], { env });
  ca = await readFile(join(caroot, 'rootCA.pem'), 'utf8');
  const settings = InspectorSettingsSchema.parse({ captureBodies: true });
  recorder = createRecorder({
    settings: () => settings,
    isWatched: () => false,
    onChange: () => {},
  });
  httpPort = await listen(http.createServer(handler(false)));
  httpsPort = await listen(
    https.createServer({ cert: await readFile(cert), key: await readFile(key) }, handler(true)),
  );
});

afterAll(async () => {
  recorder?.close();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  if (caroot) await rm(caroot, { recursive: true, force: true });
});

const browserHeaders = (port: number) => [
  'Host',
  `shop.localhost:${port}`,
  'User-Agent',
  'Mozilla/5.0 (test)',
  'Accept',
  'application/json',
  'Content-Type',
  'text/plain; charset=utf-8',
  'X-Quote',
  `it's "$HOME" \`x\``,
  'Cookie',
  'sid=abc',
];

describe('copy as cURL, run with real curl', () => {
  for (const tls of [false, true]) {
    it(`gets the same response as the original request (${tls ? 'https, --cacert' : 'http'})`, async () => {
      const port = tls ? httpsPort : httpPort;
      const body = Buffer.from(`name='x' & $y\nline 2`);
      const original = await send({
        port,
        tls,
        method: 'PATCH',
        path: '/items/1?x=a%20b',
        headers: browserHeaders(port),
        body,
      });
      const exchange = recorder.listDetails({ limit: 1 }, false)[0]!;
      expect(exchange.path).toBe('/items/1?x=a%20b');
      const command = toCurl(exchange, { caFile: join(caroot, 'rootCA.pem'), redact: false });
      const { stdout } = await run('bash', ['-c', `${command} --silent --show-error --fail`], {
        timeout: 10_000,
      });
      expect(JSON.parse(stdout)).toEqual(JSON.parse(original));
      expect(JSON.parse(stdout).headers).toContain('cookie: sid=abc');
    });
  }

  it('with redaction on, the command does not carry the cookie (and still runs)', async () => {
    await send({
      port: httpPort,
      tls: false,
      method: 'GET',
      path: '/r',
      headers: browserHeaders(httpPort),
    });
    const exchange = recorder.listDetails({ limit: 1 }, false)[0]!;
    const command = toCurl(exchange, { caFile: null, redact: true });
    const { stdout } = await run('bash', ['-c', `${command.split('\n')[0]} --silent --fail`], {
      timeout: 10_000,
    });
    expect(JSON.parse(stdout).headers).not.toContain('cookie: sid=abc');
    expect(command).toMatch(/# Left out \(redacted\): Cookie/);
  });
});

describe('replay', () => {
  it('re-sends the request through the listener and is recorded as a new exchange linked to the original', async () => {
    const body = Buffer.from('replay me');
    const original = await send({
      port: httpsPort,
      tls: true,
      method: 'POST',
      path: '/again',
      headers: browserHeaders(httpsPort),
      body,
    });
    const first = recorder.listDetails({ limit: 1 }, false)[0]!;
    const { id } = await replayExchange(recorder.record(first.id)!, {
      port: httpsPort,
      tls: true,
      ca,
      recorder,
    });
    expect(id).not.toBe(first.id);
    const replay = recorder.get(id, false)!;
    expect(replay.replayOf).toBe(first.id);
    expect(replay).toMatchObject({ method: 'POST', path: '/again', host: 'shop.localhost' });
    expect(replay.request.received).toContainEqual([REPLAY_HEADER, first.id]);
    // Wait for the replay to finish, then compare what the server echoed.
    for (let i = 0; i < 50 && recorder.get(id)!.durationMs === null; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(recorder.get(id)!.status).toBe(200);
    expect(JSON.parse(original).body).toBe(body.toString('base64'));
    expect(recorder.get(id, false)!.request.body?.text).toBe('replay me');
  });

  it('refuses to replay a request whose body was not captured', async () => {
    const settings = InspectorSettingsSchema.parse({ captureBodies: false });
    const blind = createRecorder({
      settings: () => settings,
      isWatched: () => false,
      onChange: () => {},
    });
    const req = Object.assign(new http.IncomingMessage(new (await import('node:net')).Socket()), {
      method: 'POST',
      url: '/x',
      httpVersion: '1.1',
      rawHeaders: ['Host', 'shop.localhost', 'Content-Length', '3'],
    });
    const record = blind.begin(req, {
      clientAddress: '127.0.0.1',
      tls: false,
      sni: null,
      replayOf: null,
      upgrade: null,
    })!;
    record.requestBody(Buffer.from('abc'));
    await expect(
      replayExchange(blind.record(record.id)!, { port: httpPort, tls: false, recorder: blind }),
    ).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
    blind.close();
  });
});
