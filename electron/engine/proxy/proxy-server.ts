/**
 * The proxy's listeners: HTTP and HTTPS (certificates by SNI) on loopback, feeding the
 * request and upgrade pipelines. Configuration changes swap the snapshot; listeners are
 * never restarted for them.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { SecureContext } from 'node:tls';
import type { ExchangeRecorder } from '../inspector/recorder-api';
import { createForwarder, type Forwarder } from './forward';
import { TrafficCounter } from './traffic-counter';
import { bindWithFallback, type BoundListener } from './listeners';
import type { ProxySnapshot } from './proxy-state';
import { handleRequest, type PipelineContext } from './request-handler';
import { handleUpgrade, type FrameCounterFactory } from './upgrade-handler';

export type SniCallback = (
  servername: string,
  cb: (error: Error | null, context?: SecureContext) => void,
) => void;

export interface ProxyServerOptions {
  initial: ProxySnapshot;
  recorder: ExchangeRecorder | null;
  frameCounter?: FrameCounterFactory;
  health(host: string, up: boolean): void;
  log(line: string): void;
  /** Called after every TrafficCounter.BULK_BYTES relayed (the bulk buffer release). */
  onBulkTraffic?: () => void;
  /** How long a client may take to send a request head (slowloris guard). Default 20 s. */
  headersTimeoutMs?: number;
}

export interface ListenOptions {
  httpPort: number;
  fallbackHttpPort: number;
  httpsPort: number;
  fallbackHttpsPort: number;
  /** Null: HTTPS is not served (no certificates available). */
  sni: SniCallback | null;
}

const DEFAULT_HEADERS_TIMEOUT_MS = 20_000;

function serverOptions(headersTimeoutMs = DEFAULT_HEADERS_TIMEOUT_MS) {
  return {
    // Slow clients (slowloris) are dropped once the head takes longer than this. Node checks
    // the deadline every `connectionsCheckingInterval` (30 s by default, which would let a
    // slow client hold a connection for up to 50 s): check a few times per timeout instead.
    headersTimeout: headersTimeoutMs,
    connectionsCheckingInterval: Math.max(100, Math.min(5_000, Math.floor(headersTimeoutMs / 4))),
    keepAliveTimeout: 30_000,
    requestTimeout: 0, // uploads may take long; the read timeout guards the upstream side
    // Never the lenient parser: it accepts the ambiguous heads request smuggling relies on.
    insecureHTTPParser: false,
  };
}

export class ProxyServer {
  private snapshot: ProxySnapshot;
  /** Read by the idle memory reclaim: whether anything moved since its last look. */
  readonly traffic: TrafficCounter;
  private readonly forwarder: Forwarder;
  private readonly servers: Server[] = [];
  private closed = false;
  private readonly context: PipelineContext & { frameCounter?: FrameCounterFactory };

  constructor(private readonly options: ProxyServerOptions) {
    this.snapshot = options.initial;
    this.traffic = new TrafficCounter(options.onBulkTraffic);
    this.forwarder = createForwarder(this.traffic);
    this.context = {
      snapshot: () => this.snapshot,
      forwarder: this.forwarder,
      recorder: options.recorder,
      health: options.health,
      traffic: this.traffic,
      frameCounter: options.frameCounter,
    };
  }

  setSnapshot(snapshot: ProxySnapshot): void {
    this.snapshot = snapshot;
  }

  current(): ProxySnapshot {
    return this.snapshot;
  }

  async listen(options: ListenOptions): Promise<{ http: BoundListener; https: BoundListener }> {
    const httpListener = await this.listenHttp(options.httpPort, options.fallbackHttpPort);
    const sni = options.sni;
    const httpsListener = sni
      ? await this.listenHttps(options.httpsPort, options.fallbackHttpsPort, sni)
      : {
          requestedPort: options.httpsPort,
          port: null,
          problem: 'HTTPS is off: no certificates can be issued (mkcert is missing).',
          servers: [],
        };
    return { http: httpListener, https: httpsListener };
  }

  async listenHttp(port: number, fallbackPort: number): Promise<BoundListener> {
    const listener = await bindWithFallback(
      () => this.wire(http.createServer(serverOptions(this.options.headersTimeoutMs))),
      port,
      fallbackPort,
      'HTTP',
    );
    this.servers.push(...listener.servers);
    return listener;
  }

  /** HTTPS can start later than HTTP (once mkcert has been found or downloaded). */
  async listenHttps(port: number, fallbackPort: number, sni: SniCallback): Promise<BoundListener> {
    // mkcert may answer after the engine stopped (or failed to start): bind nothing then.
    if (this.closed)
      return { requestedPort: port, port: null, problem: 'The proxy has stopped.', servers: [] };
    const listener = await bindWithFallback(
      () =>
        this.wire(
          https.createServer({
            ...serverOptions(this.options.headersTimeoutMs),
            SNICallback: sni,
            minVersion: 'TLSv1.2',
            ALPNProtocols: ['http/1.1'],
          }),
        ),
      port,
      fallbackPort,
      'HTTPS',
    );
    this.servers.push(...listener.servers);
    return listener;
  }

  private wire<S extends http.Server>(server: S): S {
    // No count limit of Node's (0): admission sees every line and refuses more than
    // admission.ts MAX_HEADER_COUNT with its own 431 page, the same on every Node version.
    server.maxHeadersCount = 0;
    // The port this listener's clients connected to, as X-Forwarded-Port sends it, read once
    // it listens: connections arrive only after that.
    let port = '';
    server.once('listening', () => {
      port = String((server.address() as AddressInfo).port);
    });
    server.on('request', (req, res) => {
      try {
        handleRequest(this.context, req, res, port);
      } catch (error) {
        this.internalError(error, res);
      }
    });
    server.on('upgrade', (req, socket, head) => {
      try {
        handleUpgrade(this.context, req, socket as Socket, head, port);
      } catch (error) {
        this.options.log(`upgrade failed: ${(error as Error).stack ?? String(error)}`);
        socket.destroy();
      }
    });
    server.on('error', (error) => this.options.log(`proxy listener error: ${error.message}`));
    server.on('tlsClientError', () => {
      // Handshake failures (unknown SNI name, a client that distrusts the CA) only concern that client.
    });
    return server;
  }

  /** A bug in the pipeline answers that one request with a 500; the proxy keeps serving. */
  private internalError(error: unknown, res: http.ServerResponse): void {
    this.options.log(`request failed: ${(error as Error).stack ?? String(error)}`);
    if (!res.headersSent) {
      res.writeHead(500, {
        'content-type': 'text/plain; charset=utf-8',
        'x-portico-error': 'internal',
      });
      res.end('500 Internal error in Portico (see its log).\n');
    } else {
      res.destroy();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            (server as http.Server).closeAllConnections?.();
          }),
      ),
    );
    this.forwarder.close();
  }
}
