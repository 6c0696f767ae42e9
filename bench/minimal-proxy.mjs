// The floor for a Node HTTP proxy (`node minimal-proxy.mjs LISTEN_PORT UPSTREAM_PORT`), read
// beside Portico in scenarios 1 and 2. It relays the way Portico's pipeline does
// (electron/engine/proxy/forward-web.ts): Node's HTTP server; a pooled keep-alive undici
// `Client` (one connection) for each exchange in flight; the response relayed from undici's parser callbacks, its
// head without hop-by-hop headers, each chunk written as it comes, the end written when undici
// completes. It sends the forwarded headers of product.md. It has no routing, admission,
// hop-by-hop lists named by Connection, request bodies (GETs only), timeouts, inspector or
// error pages. What separates Portico from it is Portico's own work; what separates it from
// Caddy is what Node costs.
import http from 'node:http';
import { Client } from 'undici';

const [listenPort, upstreamPort] = process.argv.slice(2).map(Number);
const origin = `http://127.0.0.1:${upstreamPort}`;
// The hop-by-hop headers the upstream's answers and wrk's requests carry. Portico drops the
// whole list of shared/hop-by-hop.ts; this script runs on plain Node without the TypeScript
// sources, so it names the ones it meets.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade']);
const idle = [];

function withoutHopByHop(raw, toString) {
  const kept = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = toString(raw[i]);
    if (!HOP_BY_HOP.has(name.toLowerCase())) kept.push(name, toString(raw[i + 1]));
  }
  return kept;
}
const same = (value) => value;
const latin1 = (buffer) => buffer.toString('latin1');

http
  .createServer((req, res) => {
    const client = idle.pop() ?? new Client(origin, { pipelining: 1 });
    const address = req.socket.remoteAddress;
    const headers = withoutHopByHop(req.rawHeaders, same);
    headers.push(
      'x-forwarded-for',
      address,
      'x-forwarded-proto',
      'http',
      'x-forwarded-host',
      req.headers.host ?? '',
      'x-forwarded-port',
      String(listenPort),
      'x-real-ip',
      address,
    );
    let done = false;
    res.on('close', () => {
      if (!done) client.destroy(); // the client went away: the connection goes with it
    });
    client.dispatch(
      { method: req.method, path: req.url, headers, body: null, headersTimeout: 0, bodyTimeout: 0 },
      {
        onConnect() {},
        onHeaders(status, raw, resume) {
          if (status < 200) return true; // 1xx informational answers are not relayed
          res.writeHead(status, withoutHopByHop(raw, latin1));
          res.on('drain', resume);
          return true;
        },
        onData(chunk) {
          return res.write(chunk);
        },
        onComplete() {
          done = true;
          res.end();
          idle.push(client);
        },
        onError() {
          done = true;
          client.destroy();
          if (res.headersSent) res.destroy();
          else res.writeHead(502).end();
        },
      },
    );
  })
  .listen(listenPort, '127.0.0.1');
