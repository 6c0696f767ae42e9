/**
 * Watches each enabled domain's dev server with a TCP connect every few seconds, so the
 * health dots, the tray and the "backend down / back" notifications are right even when no
 * request is going through. Requests through the proxy report health too (see engine.ts);
 * this fills the quiet times. Connects only to configured targets, never anything else.
 */
import net from 'node:net';
import type { DomainConfig } from '../../shared/config';

export interface HealthMonitorOptions {
  domains(): readonly DomainConfig[];
  report(host: string, up: boolean): void;
  intervalMs?: number;
  timeoutMs?: number;
}

export function startHealthMonitor(options: HealthMonitorOptions): () => void {
  const intervalMs = options.intervalMs ?? 5_000;
  const timeoutMs = options.timeoutMs ?? 1_000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const round = async () => {
    const domains = options.domains().filter((domain) => domain.enabled);
    await Promise.all(
      domains.map(async (domain) => {
        const up = await accepts(new URL(domain.target), timeoutMs);
        if (!stopped) options.report(domain.host, up);
      }),
    );
    if (!stopped) timer = setTimeout(round, intervalMs).unref();
  };
  void round();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

/** Whether something accepts a TCP connection at the target's host and port. */
export function accepts(target: URL, timeoutMs: number): Promise<boolean> {
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const host = target.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    // autoSelectFamily: `localhost` may be ::1 or 127.0.0.1 depending on the dev server.
    const socket = net.connect({ host, port, autoSelectFamily: true });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
