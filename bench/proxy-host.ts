/**
 * The proxy pipeline alone (no config file, admin API or certificates), with the inspector
 * recorder on or off, bundled like the CLI and run by the benchmark to measure what the
 * inspector costs: `node proxy-host.mjs --upstream PORT --port PORT --inspector on|off
 * [--capacity N]` (exchanges the inspector keeps; the config's default, 1,000, without it).
 * Forwards `bench.localhost` to the upstream over HTTP.
 */
import { parseArgs } from 'node:util';
import { ConfigSchema } from '../shared/config';
import { createRecorder } from '../electron/engine/inspector/recorder';
import { ProxyServer } from '../electron/engine/proxy/proxy-server';
import { buildSnapshot } from '../electron/engine/proxy/proxy-state';

const { values } = parseArgs({
  options: {
    upstream: { type: 'string' },
    port: { type: 'string' },
    inspector: { type: 'string', default: 'on' },
    capacity: { type: 'string' },
  },
});
const upstream = Number(values.upstream);
const port = Number(values.port);
if (!Number.isInteger(upstream) || !Number.isInteger(port)) {
  process.stderr.write(
    'usage: proxy-host --upstream PORT --port PORT [--inspector on|off] [--capacity N]\n',
  );
  process.exit(2);
}

const config = ConfigSchema.parse({
  domains: [{ host: 'bench.localhost', target: `http://127.0.0.1:${upstream}`, tls: false }],
  ...(values.capacity === undefined ? {} : { inspector: { capacity: Number(values.capacity) } }),
});
const recorder =
  values.inspector === 'off'
    ? null
    : createRecorder({
        settings: () => config.inspector,
        isWatched: () => false,
        onChange: () => {},
      });
const server = new ProxyServer({
  initial: buildSnapshot(config, { http: port, https: null }),
  recorder,
  health: () => {},
  log: (line) => process.stderr.write(`${line}\n`),
});
const bound = await server.listen({
  httpPort: port,
  fallbackHttpPort: port,
  httpsPort: 0,
  fallbackHttpsPort: 0,
  sni: null,
});
if (bound.http.port === null) {
  process.stderr.write(`${bound.http.problem ?? 'no port'}\n`);
  process.exit(1);
}
process.stdout.write(`listening ${bound.http.port}\n`);
const stop = () => {
  recorder?.close();
  void server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
