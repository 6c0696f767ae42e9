/**
 * The soak's client behaviours, each an endless loop until `stop.stopped`: keep-alive
 * GET/POST, slow readers of a stream, aborts at random moments and WebSocket sessions.
 * Every outcome is counted by kind; aborts the loop caused itself are "expected".
 */
import http from 'node:http';
import WebSocket from 'ws';

export interface Stop {
  stopped: boolean;
}

export class Counts {
  readonly byKind = new Map<string, number>();
  add(kind: string): void {
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
  }
  /** Counts whose kind does not start with `ok` or `expected`. */
  unexpected(): number {
    let n = 0;
    for (const [kind, count] of this.byKind)
      if (!kind.startsWith('ok') && !kind.startsWith('expected')) n += count;
    return n;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function get(
  agent: http.Agent | false,
  port: number,
  host: string,
  path: string,
  method = 'GET',
  body?: Buffer,
): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method, agent, headers: { host } },
      (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () =>
          res.complete
            ? resolve({ status: res.statusCode ?? 0, bytes })
            : reject(new Error('incomplete')),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

function kindOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ?? e.message;
}

export async function keepAliveClient(port: number, host: string, stop: Stop, counts: Counts) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const body = Buffer.alloc(16 * 1024, 97);
  try {
    while (!stop.stopped) {
      try {
        const post = Math.random() < 0.3;
        const res = await get(
          agent,
          port,
          host,
          post ? '/upload' : '/',
          post ? 'POST' : 'GET',
          post ? body : undefined,
        );
        counts.add(res.status === 200 ? 'ok http' : `http status ${res.status}`);
      } catch (error) {
        counts.add(`http error ${kindOf(error)}`);
      }
    }
  } finally {
    agent.destroy();
  }
}

export async function slowReader(port: number, host: string, stop: Stop, counts: Counts) {
  while (!stop.stopped) {
    await new Promise<void>((resolve) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: '/stream', agent: false, headers: { host } },
        (res) => {
          let bytes = 0;
          res.on('data', (c: Buffer) => {
            bytes += c.length;
            // Read a piece, then stall: back-pressure through the proxy to the upstream.
            res.pause();
            setTimeout(() => res.resume(), 20);
          });
          res.on('end', () => {
            counts.add(res.complete && bytes === 65_536 ? 'ok slow' : 'slow incomplete');
            resolve();
          });
          res.on('error', (e) => {
            counts.add(`slow error ${kindOf(e)}`);
            resolve();
          });
        },
      );
      req.on('error', (e) => {
        counts.add(`slow error ${kindOf(e)}`);
        resolve();
      });
      req.end();
    });
  }
}

export async function aborter(port: number, host: string, stop: Stop, counts: Counts) {
  while (!stop.stopped) {
    const stage = Math.floor(Math.random() * 3);
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        path: stage === 2 ? '/stream' : '/upload',
        method: stage === 2 ? 'GET' : 'POST',
        agent: false,
        headers: { host, ...(stage === 2 ? {} : { 'content-length': '100000' }) },
      });
      const done = () => resolve();
      req.on('error', () => {
        counts.add('expected abort');
        done();
      });
      req.on('close', done);
      req.on('response', (res) => {
        res.on('error', () => {});
        res.once('data', () => req.destroy());
        res.on('end', done);
      });
      if (stage === 0) {
        req.flushHeaders();
        setTimeout(() => req.destroy(), Math.random() * 10);
      } else if (stage === 1) {
        req.write(Buffer.alloc(8192));
        setTimeout(() => req.destroy(), Math.random() * 20);
      } else req.end();
    });
    await sleep(5);
  }
}

export async function websocketClient(port: number, host: string, stop: Stop, counts: Counts) {
  while (!stop.stopped) {
    await new Promise<void>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { host } });
      let echoed = 0;
      ws.on('open', () => ws.send('ping'));
      ws.on('message', () => {
        if (++echoed < 20) ws.send(`ping ${echoed}`);
        else ws.close(1000);
      });
      ws.on('close', (code) => {
        counts.add(code === 1000 && echoed === 20 ? 'ok ws' : `ws close ${code}`);
        resolve();
      });
      ws.on('error', (e) => counts.add(`ws error ${kindOf(e)}`));
    });
  }
}
