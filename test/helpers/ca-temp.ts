/**
 * Test fixtures for certificate tests: a temp folder holding a CAROOT and a data dir, the
 * real mkcert binary, a TLS client that trusts only that CA, and an SNI echo server.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { findMkcert, type MkcertBinary } from '../../electron/engine/certs/mkcert-binary';
import type { SniCallback } from '../../electron/engine/tls/sni';

export interface TempCa {
  dir: string;
  caroot: string;
  dataDir: string;
  mkcert: MkcertBinary;
  /** The CA certificate (PEM); read after the first issuance created it. */
  rootPem(): Promise<string>;
  cleanup(): Promise<void>;
}

export async function tempCa(): Promise<TempCa> {
  const dir = await mkdtemp(join(tmpdir(), 'portico-certs-'));
  const caroot = join(dir, 'caroot');
  return {
    dir,
    caroot,
    dataDir: join(dir, 'data'),
    mkcert: await findMkcert({ download: false }),
    rootPem: () => readFile(join(caroot, 'rootCA.pem'), 'utf8'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Opens TLS to 127.0.0.1:port with SNI `servername`, trusting only `ca`. */
export function tlsConnect(port: number, servername: string, ca: string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername, ca });
    socket.once('secureConnect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Sends one keep-alive HTTP/1.1 request over an open TLS socket and resolves with the
 * response body (the test server answers `hello <host>` with a Content-Length).
 */
export function httpOver(socket: TLSSocket, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let raw = '';
    const onData = (chunk: Buffer) => {
      raw += chunk.toString('utf8');
      const end = raw.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(raw);
      if (end >= 0 && length && raw.length >= end + 4 + Number(length[1])) {
        socket.off('data', onData);
        resolve(raw.slice(end + 4, end + 4 + Number(length[1])));
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`);
  });
}

/** An HTTPS server on 127.0.0.1:0 with the given SNICallback, answering `hello <host>`. */
export async function sniServer(
  SNICallback: SniCallback,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer({ SNICallback }, (req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end(`hello ${req.headers.host ?? ''}`);
  });
  server.on('error', (error) => console.error('sni test server:', error));
  // Refused handshakes are an expected outcome here; the client side asserts them.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
