/**
 * Keep-alive connections to the dev servers: per origin, a bounded set of undici `Client`s,
 * one connection each, used by one exchange at a time (LIFO, so a warm connection is reused).
 *
 * Why not undici's own `Pool`: an exchange that must be abandoned (the browser went away, the
 * upstream stalled) has to take its connection down with it, and only the `Client` can do that
 * without side effects — aborting a request through the pool re-queues it and opens a spurious
 * new connection (nodejs/undici#5845). Here the exchange's `Client` is destroyed instead.
 */
import { Client } from './undici-client';

export interface PoolLimits {
  /** Connections open at once to one origin; further exchanges wait for one. */
  maxConnections: number;
  /** Idle keep-alive connections kept per origin. */
  maxIdle: number;
}

const DEFAULT_LIMITS: PoolLimits = { maxConnections: 256, maxIdle: 64 };

/** Connections to one origin (one dev server), with one connect timeout. */
export class OriginPool {
  private readonly idle: Client[] = [];
  private readonly all = new Set<Client>();
  private readonly waiting: Array<(client: Client, pool: OriginPool) => void> = [];

  constructor(
    readonly origin: string,
    readonly connectTimeoutMs: number,
    private readonly limits: PoolLimits,
    private readonly onEmpty: () => void,
  ) {}

  /** Calls `use` with a connection of its own, now or once one is free. */
  acquire(use: (client: Client, pool: OriginPool) => void): void {
    const client =
      this.idle.pop() ?? (this.all.size < this.limits.maxConnections ? this.open() : null);
    if (client) use(client, this);
    else this.waiting.push(use);
  }

  /** The exchange completed and the connection can serve another. */
  release(client: Client): void {
    const next = this.waiting.shift();
    if (next) return next(client, this);
    if (client.closed || client.destroyed || this.idle.length >= this.limits.maxIdle) {
      this.drop(client);
    } else {
      this.idle.push(client);
    }
  }

  /** The exchange was abandoned or failed: its connection goes down with it, for good. */
  discard(client: Client, error: Error): void {
    const next = this.waiting.shift();
    if (next) next(this.open(), this);
    this.drop(client, error);
  }

  get size(): number {
    return this.all.size;
  }

  close(): void {
    for (const client of this.all) void client.destroy().catch(() => {});
    this.all.clear();
    this.idle.length = 0;
  }

  private open(): Client {
    const client = new Client(this.origin, {
      pipelining: 1,
      connectTimeout: this.connectTimeoutMs,
      // Portico's own timeouts apply (forward-web.ts); the library's would cut an SSE stream.
      headersTimeout: 0,
      bodyTimeout: 0,
      // Node dev servers close idle keep-alive connections after 5 s; undici closes sooner
      // (the Keep-Alive hint minus 1 s), so a request never lands on a closing socket.
      keepAliveTimeout: 4_000,
    });
    // An idle connection the server (or the keep-alive timer) closed is forgotten.
    client.on('disconnect', () => {
      const at = this.idle.indexOf(client);
      if (at !== -1) {
        this.idle.splice(at, 1);
        this.drop(client);
      }
    });
    this.all.add(client);
    return client;
  }

  private drop(client: Client, error?: Error): void {
    this.all.delete(client);
    void client.destroy(error ?? null).catch(() => {});
    if (this.all.size === 0) this.onEmpty();
  }
}

/** One `OriginPool` per origin and connect timeout; pools with no connection are dropped. */
export class UpstreamPools {
  private readonly pools = new Map<string, OriginPool>();
  /** The pool the previous exchange used: usually the next one's too. */
  private last: OriginPool | null = null;

  constructor(private readonly limits: PoolLimits = DEFAULT_LIMITS) {}

  for(origin: string, connectTimeoutMs: number): OriginPool {
    const last = this.last;
    // No key to build and hash per request when it goes where the previous one went.
    if (last && last.origin === origin && last.connectTimeoutMs === connectTimeoutMs) return last;
    const key = `${connectTimeoutMs} ${origin}`;
    let pool = this.pools.get(key);
    if (!pool) {
      const created = new OriginPool(origin, connectTimeoutMs, this.limits, () => {
        if (this.pools.get(key) === created) this.pools.delete(key);
        if (this.last === created) this.last = null;
      });
      this.pools.set(key, created);
      pool = created;
    }
    this.last = pool;
    return pool;
  }

  /** Open connections across all origins (for tests and diagnostics). */
  get connections(): number {
    let total = 0;
    for (const pool of this.pools.values()) total += pool.size;
    return total;
  }

  close(): void {
    for (const pool of this.pools.values()) pool.close();
    this.pools.clear();
    this.last = null;
  }
}
