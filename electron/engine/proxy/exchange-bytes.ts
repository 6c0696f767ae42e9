/**
 * The bytes one exchange moved on its client connection, for the inspector: what the
 * connection read and wrote since the previous exchange on it ended (its request head
 * included, as it was on the wire). Keep-alive connections carry many exchanges one after
 * another, and the socket's counters are per connection, so each exchange takes the delta from
 * where the last one left them.
 *
 * Counting from the previous exchange's end, rather than from this one's start, reads the
 * counters once per exchange instead of twice (each read is a call into C++) and needs no
 * estimate of the request head's length, which was read before the exchange began. A request
 * pipelined behind another (rare: browsers do not pipeline) is counted with the exchange that
 * was running when it arrived. Every exchange that can be followed by another on its connection
 * must be counted, Portico's own pages included, or the next one would be given its bytes.
 */
import type { Socket } from 'node:net';
import type { ExchangeRecord } from '../inspector/recorder-api';

/** Where a connection's counters stood when its last exchange ended. */
interface CountedUpTo {
  read: number;
  written: number;
}

/** Per connection; a connection no one holds any more drops out (its socket is collected). */
const countedUpTo = new WeakMap<Socket, CountedUpTo>();

/** Gives `record` the bytes of its exchange, which just ended on `socket` (the next counts on). */
export function recordBytes(socket: Socket, record: ExchangeRecord): void {
  const counters = byteCounters(socket);
  const read = counters.bytesRead;
  const written = counters.bytesWritten;
  let previous = countedUpTo.get(socket);
  if (previous === undefined) {
    // The connection's first exchange: its counters started at 0.
    previous = { read: 0, written: 0 };
    countedUpTo.set(socket, previous);
  }
  record.bytes(read - previous.read, written - previous.written);
  previous.read = read;
  previous.written = written;
}

/** What a connected socket's handle counts: bytes read, and bytes handed to the system. */
interface ByteCounters {
  readonly bytesRead: number;
  readonly bytesWritten: number;
}

/**
 * The byte counters of a socket: its handle's while open, which `socket.bytesRead` and
 * `socket._bytesDispatched` read too, after two lookups each on the socket (sockets here have
 * many shapes, so each lookup is a slow megamorphic one). Not `socket.bytesWritten`: it also
 * walks and copies the stream's write buffer, and when an exchange ends (the last write's
 * callback ran) none of its bytes wait there. Once the socket is closed Node keeps the totals
 * on the socket itself.
 */
function byteCounters(socket: Socket): ByteCounters {
  // Every handle under an HTTP server's socket is a stream handle (TCP, TLS, pipe) with both
  // counters; Node's own getters rely on that too.
  const handle = (socket as Socket & { _handle?: ByteCounters | null })._handle;
  return handle ?? { bytesRead: socket.bytesRead, bytesWritten: bytesDispatched(socket) };
}

/** Bytes a closed socket handed to the system (`bytesWritten`, should Node drop the field). */
function bytesDispatched(socket: Socket): number {
  const dispatched = (socket as Socket & { _bytesDispatched?: unknown })._bytesDispatched;
  return typeof dispatched === 'number' ? dispatched : socket.bytesWritten;
}
