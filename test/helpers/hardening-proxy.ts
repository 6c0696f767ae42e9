/**
 * A plain-HTTP proxy pipeline with options the shared test helper does not expose (a short
 * header timeout for slowloris tests), on loopback port 0.
 */
import { ConfigSchema, type PorticoConfigInput } from '../../shared/config';
import { ProxyServer } from '../../electron/engine/proxy/proxy-server';
import { buildSnapshot } from '../../electron/engine/proxy/proxy-state';

export interface HardeningProxy {
  port: number;
  server: ProxyServer;
  logs: string[];
  close(): Promise<void>;
}

export async function startHardeningProxy(
  config: PorticoConfigInput,
  options: { headersTimeoutMs?: number } = {},
): Promise<HardeningProxy> {
  const parsed = ConfigSchema.parse(config);
  const logs: string[] = [];
  const server = new ProxyServer({
    initial: buildSnapshot(parsed, { http: null, https: null }),
    recorder: null,
    health: () => {},
    log: (line) => logs.push(line),
    headersTimeoutMs: options.headersTimeoutMs,
  });
  const bound = await server.listen({
    httpPort: 0,
    fallbackHttpPort: 0,
    httpsPort: 0,
    fallbackHttpsPort: 0,
    sni: null,
  });
  server.setSnapshot(buildSnapshot(parsed, { http: bound.http.port, https: null }));
  return { port: bound.http.port as number, server, logs, close: () => server.close() };
}
