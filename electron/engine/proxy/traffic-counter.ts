/**
 * How often something moved through the proxy: each request, each chunk of a response body
 * relayed, each chunk through a WebSocket tunnel. Only ever compared with an earlier reading:
 * the same number means nothing moved in between. The idle memory reclaim reads it to tell a
 * quiet engine from one relaying a slow stream (an HMR socket, an SSE feed), whose event loop
 * is almost as idle (electron/engine/idle-memory-reclaim.ts).
 */
export class TrafficCounter {
  moved = 0;
  /** For `'data'` listeners. */
  readonly bump = (): void => {
    this.moved++;
  };
}
