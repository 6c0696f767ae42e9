/**
 * An SSE client that reads a stream whose events carry performance.now() at the moment the
 * upstream wrote them (same process, same clock) and records the delay to each read.
 */
import http from 'node:http';
import { percentile } from './lib/stats';

export function sseDelays(
  port: number,
  host: string,
): Promise<{ median: number; p99: number; max: number; events: number }> {
  return new Promise((resolve, reject) => {
    const delays: number[] = [];
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/events',
        headers: { host, accept: 'text/event-stream' },
        agent: false,
      },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`SSE answered ${res.statusCode}`));
          res.resume();
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const now = performance.now();
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const written = Number(event.replace(/^data: /, ''));
            if (Number.isFinite(written)) delays.push(now - written);
          }
        });
        res.on('end', () =>
          resolve({
            median: percentile(delays, 50),
            p99: percentile(delays, 99),
            max: Math.max(...delays),
            events: delays.length,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
