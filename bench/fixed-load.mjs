// A closed-loop load of an exact number of requests, in its own small process
// (`node fixed-load.mjs PORT HOST COUNT CONNECTIONS`): each keep-alive connection sends a GET,
// waits for the whole response, sends the next, until COUNT responses have come back. Used
// under Valgrind and strace (bench/lib/instructions.ts, bench/lib/syscalls.ts), where the work
// per request is what counts, so the number of requests must be exact (wrk runs for a time,
// not a count).
// Prints one JSON line: { requests, seconds }.
import net from 'node:net';

const [port, host, count, connections] = process.argv.slice(2);
const total = Number(count);
const request = Buffer.from(
  `GET / HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: fixed-load\r\nAccept: */*\r\n\r\n`,
);
let sent = 0;
let answered = 0;
const started = process.hrtime.bigint();

function fail(message) {
  process.stderr.write(`fixed-load: ${message}\n`);
  process.exit(1);
}

/** Reads responses off one connection (Content-Length framing: the upstream sends it). */
function drive(socket) {
  let pending = Buffer.alloc(0);
  const sendNext = () => {
    if (sent < total) {
      sent++;
      socket.write(request);
    } else socket.end();
  };
  socket.setNoDelay(true);
  socket.on('connect', sendNext);
  socket.on('error', (error) => fail(error.message));
  socket.on('data', (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      const headEnd = pending.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = pending.subarray(0, headEnd).toString('latin1');
      if (!head.startsWith('HTTP/1.1 200')) fail(`unexpected answer: ${head.split('\r\n')[0]}`);
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (pending.length < headEnd + 4 + length) return;
      pending = pending.subarray(headEnd + 4 + length);
      if (++answered === total) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        process.stdout.write(`${JSON.stringify({ requests: answered, seconds })}\n`);
        process.exit(0);
      }
      sendNext();
    }
  });
}

for (let i = 0; i < Number(connections); i++) drive(net.connect(Number(port), '127.0.0.1'));
