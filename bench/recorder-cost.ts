/**
 * What the inspector's recorder itself costs per exchange, in one process: the hooks the
 * pipeline calls for a keep-alive GET (begin → routed → connected → forwarded → relayed →
 * finish) with the header strings a real exchange hands over, into a store of 1,000, its
 * garbage collection included. No sockets, so the figure does not drift with the machine the
 * way the end-to-end comparison does. Prints one JSON line:
 * `node recorder-cost.mjs` → {"exchanges":N,"nsPerExchange":X,"nsBaseline":Y}.
 */
import type { IncomingMessage } from 'node:http';
import { ConfigSchema } from '../shared/config';
import { createRecorder } from '../electron/engine/inspector/recorder';

const EXCHANGES = 2_000_000;
const WARM_UP = 200_000;

const config = ConfigSchema.parse({ domains: [] });
const recorder = createRecorder({
  settings: () => config.inspector,
  isWatched: () => false,
  onChange: () => {},
});
const info = {
  clientAddress: '127.0.0.1',
  tls: false,
  sni: null,
  replayOf: null,
  upgrade: null,
};
const HEAD =
  'GET / HTTP/1.1\r\nhost: bench.localhost\r\nx-forwarded-for: 127.0.0.1\r\nx-forwarded-proto: http\r\n' +
  'x-forwarded-host: bench.localhost\r\nx-forwarded-port: 18100\r\nx-real-ip: 127.0.0.1\r\n' +
  'via: 1.1 portico\r\nconnection: keep-alive\r\n';
const RESPONSE = [
  ['Server', 'nginx/1.22.1'],
  ['Date', 'Mon, 23 Nov 2026 17:10:00 GMT'],
  ['Content-Type', 'text/plain'],
  ['Content-Length', '1024'],
  ['Connection', 'keep-alive'],
].flat();

/** A new string with the same text: the parsers hand the pipeline fresh strings per request. */
const fresh = (text: string) => `${text} `.slice(0, -1);

/** One exchange's inputs, made in both modes so that the baseline subtracts their cost. */
function inputs() {
  const req = {
    method: 'GET',
    url: '/',
    httpVersion: fresh('1.1'),
    rawHeaders: [fresh('Host'), fresh('bench.localhost')],
  } as unknown as IncomingMessage;
  return { req, head: fresh(HEAD), response: RESPONSE.map(fresh) };
}

function exchange(record: boolean): number {
  const { req, head, response } = inputs();
  if (!record) return head.length + response.length;
  const r = recorder.begin(req, info);
  if (!r) return 0;
  r.routed('bench.localhost', 'http://127.0.0.1:18080');
  r.connected();
  r.forwarded(head);
  r.responseRelayed(200, response);
  r.bytes(40, 1_200);
  r.finish(null);
  return 0;
}

function nsPerExchange(record: boolean): number {
  for (let i = 0; i < WARM_UP; i++) exchange(record);
  const start = process.hrtime.bigint();
  for (let i = 0; i < EXCHANGES; i++) exchange(record);
  return Number(process.hrtime.bigint() - start) / EXCHANGES;
}

const nsBaseline = nsPerExchange(false);
const recorded = nsPerExchange(true);
process.stdout.write(
  `${JSON.stringify({ exchanges: EXCHANGES, nsPerExchange: recorded - nsBaseline, nsBaseline })}\n`,
);
