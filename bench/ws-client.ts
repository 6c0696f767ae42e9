/**
 * WebSocket clients for the benchmark: echo round trips one at a time (latency), a window of
 * messages in flight (throughput), and many idle connections held open (memory).
 */
import WebSocket from 'ws';
import { percentile } from './lib/stats';

export function openSocket(port: number, host: string, path = '/echo'): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, {
      headers: { host },
      perMessageDeflate: false,
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sequential echo round trips of a 32-byte message: median and p99 in ms. */
export async function roundTrips(
  ws: WebSocket,
  count: number,
): Promise<{ median: number; p99: number }> {
  const payload = Buffer.alloc(32, 0x62);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      ws.once('message', () => resolve());
      ws.once('error', reject);
      ws.send(payload);
    });
    times.push(performance.now() - t0);
    ws.removeAllListeners('error');
  }
  return { median: percentile(times, 50), p99: percentile(times, 99) };
}

/** Echoed messages per second with `window` messages of 64 bytes in flight. */
export function messageThroughput(ws: WebSocket, total: number, window = 100): Promise<number> {
  const payload = Buffer.alloc(64, 0x63);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let received = 0;
    const t0 = performance.now();
    const onMessage = () => {
      received++;
      if (received === total) {
        ws.off('message', onMessage);
        resolve(total / ((performance.now() - t0) / 1000));
      } else if (sent < total) {
        sent++;
        ws.send(payload);
      }
    };
    ws.on('message', onMessage);
    ws.once('error', reject);
    for (; sent < Math.min(window, total);) {
      sent++;
      ws.send(payload);
    }
  });
}

/** Opens `count` sockets, `parallel` at a time. */
export async function openMany(
  port: number,
  host: string,
  count: number,
  parallel = 50,
): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += parallel) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(parallel, count - i) }, () => openSocket(port, host)),
    );
    sockets.push(...batch);
  }
  return sockets;
}

export async function closeAll(sockets: WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve();
          ws.once('close', () => resolve());
          ws.close(1000);
          setTimeout(() => {
            ws.terminate();
            resolve();
          }, 3_000).unref();
        }),
    ),
  );
}
