/**
 * Reads a request's JSON body with a size cap, so a client cannot make the admin server
 * buffer without end. An empty body means `{}` (methods without params).
 */
import type { IncomingMessage } from 'node:http';

/** A refusal of the body, with the HTTP status to answer. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = req.headers['content-type'];
  if (type !== undefined && !/^application\/json\b/i.test(type)) {
    throw new BodyError(415, 'Send the params as application/json.');
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new BodyError(413, `The body is larger than ${maxBytes} bytes.`);
  const chunks = await new Promise<Buffer[]>((resolve, reject) => {
    const received: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        received.push(chunk);
        return;
      }
      // Stop keeping it but drain the rest, so the 413 answer still reaches the client.
      req.off('data', onData);
      req.resume();
      reject(new BodyError(413, `The body is larger than ${maxBytes} bytes.`));
    };
    req.on('data', onData);
    req.on('end', () => resolve(received));
    req.on('error', reject);
  });
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'The body is not valid JSON.');
  }
}
