/**
 * What moves through the proxy, for the engine's memory upkeep:
 * - `moved` counts each request, each chunk of a body relayed (either way) and each chunk
 *   through a WebSocket tunnel. It is only compared with an earlier reading: the same number
 *   means nothing moved in between. The idle memory reclaim reads it to tell a quiet engine
 *   from one relaying a slow stream (an HMR socket, an SSE feed), whose event loop is almost as
 *   idle (electron/engine/idle-memory-reclaim.ts).
 * - every `BULK_BYTES` of those chunks, `onBulk` is called: the bulk buffer release frees the
 *   read buffers they arrived in (electron/engine/bulk-buffer-release.ts).
 */
export const BULK_BYTES = 8 * 1024 * 1024;

export class TrafficCounter {
  private count = 0;
  private bytesSinceBulk = 0;

  constructor(private readonly onBulk: () => void = () => {}) {}

  /** How often something moved so far (only ever compared with an earlier reading). */
  get moved(): number {
    return this.count;
  }

  /** A request (or an upgrade's handshake) arrived. */
  request(): void {
    this.count++;
  }

  /** A chunk of `bytes` (a body's, a tunnel's) was relayed. */
  carried(bytes: number): void {
    this.count++;
    this.bytesSinceBulk += bytes;
    if (this.bytesSinceBulk < BULK_BYTES) return;
    this.bytesSinceBulk -= BULK_BYTES;
    this.onBulk();
  }

  /** `carried`, as a `'data'` listener. */
  readonly carriedChunk = (chunk: Buffer): void => {
    this.carried(chunk.length);
  };
}
