/**
 * How a contract call's outcome crosses a boundary (IPC, HTTP, MessagePort): as data,
 * never as a thrown object. `code` is stable and machine-readable; `message` is for people.
 */
import { z } from 'zod';

export const RpcErrorSchema = z.object({ code: z.string(), message: z.string() });
export type RpcError = z.output<typeof RpcErrorSchema>;

export type RpcOutcome<T> = { ok: true; value: T } | { ok: false; error: RpcError };

/** Error codes every side may see. Engine-specific ones are added as needed. */
export type ErrorCode =
  | 'INVALID_PARAMS'
  | 'UNKNOWN_METHOD'
  | 'UNKNOWN_DOMAIN'
  | 'DOMAIN_EXISTS'
  | 'INVALID_CONFIG'
  | 'NOT_FOUND'
  | 'MKCERT_MISSING'
  | 'MKCERT_FAILED'
  | 'NOT_SUPPORTED'
  | 'INTERNAL';

/** An error whose `code` and `message` are meant to reach the user as they are. */
export class PorticoError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PorticoError';
  }
}

export function toRpcError(error: unknown): RpcError {
  if (error instanceof PorticoError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message };
}
