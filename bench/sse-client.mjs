// An SSE client in its own small process (`node sse-client.mjs PORT HOST COUNT [LATE_MS]`):
// reads COUNT events from /events, each carrying the moment the upstream wrote it
// (process.hrtime, CLOCK_MONOTONIC, the same clock in every process), and prints the delay
// of each to its read as one JSON line; with LATE_MS, also the write and read moments (ns)
// of each event later than that (bench/sse-trace.ts lines them up with a kernel trace). Out
// of the benchmark's process so that the benchmark's own garbage collections never show up
// as proxy delay.
import http from 'node:http';

const [port, host, count] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4])];
const lateMs = process.argv[5] === undefined ? Infinity : Number(process.argv[5]);
const delays = [];
const late = [];
const req = http.get(
  { host: '127.0.0.1', port, path: `/events?count=${count}`, headers: { host }, agent: false },
  (res) => {
    if (res.statusCode !== 200) {
      process.stderr.write(`SSE answered ${res.statusCode}\n`);
      process.exit(1);
    }
    let buffer = '';
    res.setEncoding('latin1');
    res.on('data', (chunk) => {
      const now = process.hrtime.bigint();
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const written = BigInt(buffer.slice('data: '.length, end));
        buffer = buffer.slice(end + 2);
        const delay = Number(now - written) / 1e6;
        delays.push(delay);
        if (delay > lateMs) late.push([String(written), String(now)]);
      }
    });
    res.on('end', () => process.stdout.write(`${JSON.stringify({ delays, late })}\n`));
  },
);
req.on('error', (error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
