/**
 * The four ways an SSE stream reaches the client in bench/sse-tail.ts and bench/sse-trace.ts:
 * straight from the Node event source, through a fresh Portico engine, through nginx, and
 * through the bare Node TCP relay (the floor any Node process reaches: two sockets piped),
 * the proxies on the proxy core. `isProxy` tells a proxy's threads in a kernel trace.
 */
import { startNodeUpstream } from './node-upstream';
import { startPortico } from './portico';
import { LOAD_CORE, pinSelf } from './proc';
import type { TracedThread } from './sched-trace';
import { startNginxProxy, startNodeRelay, withUpstream } from './servers';

export const SSE_HOST = 'rt.localhost';

export interface SsePath {
  name: string;
  port: number;
  /** Whether a thread is the proxy's (null: the direct path has none). */
  isProxy: ((thread: TracedThread) => boolean) | null;
}

/** Runs `body` with the four paths, on the benchmark's cores, and stops everything after. */
export async function withSsePaths<T>(
  prefix: string,
  body: (paths: SsePath[]) => Promise<T>,
): Promise<T> {
  // The event source runs in this process: on the load core, as in `npm run bench`.
  pinSelf(LOAD_CORE);
  return withUpstream(prefix, async (dir, upstream) => {
    const eventSource = await startNodeUpstream();
    try {
      const portico = await startPortico({
        dir,
        upstreamPort: upstream.port,
        waitForTls: false,
        extraDomains: { [SSE_HOST]: eventSource.port },
      });
      const nginx = await startNginxProxy(dir, eventSource.port);
      const relay = await startNodeRelay(eventSource.port);
      return await body([
        { name: 'direct', port: eventSource.port, isProxy: null },
        { name: 'Portico HTTP', port: portico.httpPort, isProxy: (t) => t.tgid === portico.pid },
        { name: 'nginx', port: nginx.port, isProxy: (t) => t.comm === 'nginx' },
        { name: 'bare Node TCP relay', port: relay.port, isProxy: (t) => t.tgid === relay.pid },
      ]);
    } finally {
      await eventSource.close();
    }
  });
}
