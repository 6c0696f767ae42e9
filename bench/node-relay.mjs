// The floor for tunnelled traffic: a bare Node TCP relay (`node node-relay.mjs LISTEN_PORT
// UPSTREAM_PORT`), no HTTP, no inspector, just two sockets piped into each other with Nagle
// off. What it adds to a WebSocket round trip is what any Node process adds on this machine
// (an event-loop wake-up per hop), so Portico's figure is read against it.
import net from 'node:net';

const [listenPort, upstreamPort] = process.argv.slice(2).map(Number);
net
  .createServer((client) => {
    client.setNoDelay(true);
    const upstream = net.connect(upstreamPort, '127.0.0.1', () => upstream.setNoDelay(true));
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  })
  .listen(listenPort, '127.0.0.1');
