/**
 * Child process for the port tests: binds the port in argv[2] (fallback argv[3]) the way the
 * proxy does and prints the outcome as JSON, then exits. Run as an unprivileged user to see
 * a real EACCES on a port below 1024.
 */
import net from 'node:net';
import { bindWithFallback } from '../../electron/engine/proxy/listeners';

const port = Number(process.argv[2]);
const fallback = Number(process.argv[3] ?? 0);
bindWithFallback(() => net.createServer(), port, fallback, 'HTTP').then(
  (bound) => {
    process.stdout.write(`${JSON.stringify({ port: bound.port, problem: bound.problem })}\n`);
    for (const server of bound.servers) server.close();
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
