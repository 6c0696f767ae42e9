/**
 * Frees the read buffers of a bulk transfer soon after it, so the next one reuses them.
 *
 * Each socket read lands in a fresh buffer (up to 64 KiB) outside V8's heap, freed only when V8
 * collects the small Buffer object that holds it. A download or an upload allocates almost
 * nothing else on V8's heap, so that collection may come only many megabytes later: until
 * then every further transfer reads into pages the process has to fault in anew. On the bench
 * machine a 10 MiB transfer that does so takes 2,000–2,700 page faults and 40–70 ms of kernel
 * time, 2–4× the transfer itself; a bare Node relay does the same. A young-generation
 * collection (1–2 ms) after every BULK_BYTES relayed frees the buffers already written, and
 * the allocator hands their memory to the next reads (bench/README.md, finding 24).
 *
 * Only on V8 12+ (Node 22+, Electron's), where it was measured to help. On Node 20 glibc gives
 * memory freed at the top of its heap straight back to the system (its trim threshold stays at
 * 128 KiB there; on Node 24 V8's worker threads malloc and free blocks of several MiB, which
 * raises it as a side effect), so freeing the buffers early only made the next transfer fault
 * them in again (finding 24's table).
 */
import { v8MajorVersion } from './v8-version';

export interface GcRuntime {
  gc: typeof globalThis.gc;
  v8Major: number;
}

/** The `onBulk` listener for the proxy's TrafficCounter, or null where it does not help. */
export function bulkBufferRelease(
  log: (line: string) => void,
  runtime: GcRuntime = { gc: globalThis.gc, v8Major: v8MajorVersion() },
): (() => void) | null {
  const { gc } = runtime;
  if (typeof gc !== 'function' || runtime.v8Major < 12) return null;
  let pending = false;
  let stopped = false;
  const collect = (): void => {
    pending = false;
    try {
      gc({ type: 'minor' });
    } catch (error) {
      // Never take the engine down for a memory nicety: stop asking instead.
      stopped = true;
      log(`memory: bulk buffer release stopped: ${String(error)}`);
    }
  };
  // Called from inside undici's parser or a socket's 'data' event: collect once that is done.
  return () => {
    if (pending || stopped) return;
    pending = true;
    setImmediate(collect);
  };
}
