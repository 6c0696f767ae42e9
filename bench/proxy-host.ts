/**
 * The proxy pipeline alone (no config file, admin API or certificate issuance), with the inspector
 * recorder on or off, bundled like the CLI and run by the benchmark to measure what the
 * inspector costs: `node proxy-host.mjs --upstream PORT --port PORT --inspector on|off
 * [--capacity N] [--https-port PORT --cert FILE --key FILE]` (`--capacity`: exchanges the
 * inspector keeps; the config's default, 1,000, without it). Forwards `bench.localhost` to the
 * upstream over HTTP and, with a certificate, `secure.localhost` over HTTPS on its own port.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
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
    'https-port': { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
  },
});
const upstream = Number(values.upstream);
const port = Number(values.port);
const httpsPort = values['https-port'] === undefined ? null : Number(values['https-port']);
const tlsFiles = values.cert !== undefined && values.key !== undefined;
if (
  !Number.isInteger(upstream) ||
  !Number.isInteger(port) ||
  (httpsPort !== null && (!Number.isInteger(httpsPort) || !tlsFiles))
) {
  process.stderr.write(
    'usage: proxy-host --upstream PORT --port PORT [--inspector on|off] [--capacity N]' +
      ' [--https-port PORT --cert FILE --key FILE]\n',
  );
  process.exit(2);
}

const config = ConfigSchema.parse({
  domains: [
    { host: 'bench.localhost', target: `http://127.0.0.1:${upstream}`, tls: false },
    { host: 'secure.localhost', target: `http://127.0.0.1:${upstream}`, tls: true },
  ],
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
  initial: buildSnapshot(config, { http: port, https: httpsPort }),
  recorder,
  health: () => {},
  log: (line) => process.stderr.write(`${line}\n`),
});
// One certificate for every name: the engine's per-domain issuance is not what is measured.
const context =
  httpsPort === null
    ? null
    : createSecureContext({
        cert: readFileSync(values.cert as string),
        key: readFileSync(values.key as string),
      });
const bound = await server.listen({
  httpPort: port,
  fallbackHttpPort: port,
  httpsPort: httpsPort ?? 0,
  fallbackHttpsPort: httpsPort ?? 0,
  sni: context && ((_name, done) => done(null, context)),
});
for (const listener of httpsPort === null ? [bound.http] : [bound.http, bound.https]) {
  if (listener.port === null) {
    process.stderr.write(`${listener.problem ?? 'no port'}\n`);
    process.exit(1);
  }
}
process.stdout.write(`listening ${bound.http.port}\n`);
const stop = () => {
  recorder?.close();
  void server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
