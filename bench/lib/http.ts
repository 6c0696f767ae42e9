/**
 * Small one-shot HTTP(S) clients for readiness checks and timings: they talk to 127.0.0.1
 * and send the wanted Host (and SNI), so no DNS is involved; HTTPS trusts only the given CA.
 */
import http from 'node:http';
import https from 'node:https';

export interface Answer {
  status: number;
  body: Buffer;
}

function collect(
  res: http.IncomingMessage,
  resolve: (a: Answer) => void,
  reject: (e: Error) => void,
) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
  res.on('error', reject);
}

export function httpGet(
  port: number,
  host: string,
  path: string,
  timeoutMs = 5_000,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, headers: { host }, agent: false, timeout: timeoutMs },
      (res) => collect(res, resolve, reject),
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

export function httpsGet(
  port: number,
  host: string,
  path: string,
  ca: Buffer,
  timeoutMs = 5_000,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        path,
        servername: host,
        headers: { host: `${host}:${port}` },
        ca,
        agent: false,
        timeout: timeoutMs,
      },
      (res) => collect(res, resolve, reject),
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
