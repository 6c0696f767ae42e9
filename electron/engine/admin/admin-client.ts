/**
 * A client of the admin API that implements the contract (`EngineApi`): what the CLI uses
 * to drive a running engine. Results are parsed with the contract's schemas; `{code,
 * message}` failures become PorticoError, so callers handle local and remote errors alike.
 */
import { methodNames, type EngineApi, type MethodName } from '../../../shared/contract';
import { parseResult } from '../../../shared/dispatch';
import { RPC_PATH_PREFIX } from '../../../shared/admin-protocol';
import { PorticoError, RpcErrorSchema, type ErrorCode } from '../../../shared/rpc';
import { z } from 'zod';

const KNOWN_CODES: readonly ErrorCode[] = [
  'INVALID_PARAMS',
  'UNKNOWN_METHOD',
  'UNKNOWN_DOMAIN',
  'DOMAIN_EXISTS',
  'INVALID_CONFIG',
  'NOT_FOUND',
  'MKCERT_MISSING',
  'MKCERT_FAILED',
  'INTERNAL',
];

const OutcomeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: RpcErrorSchema }),
]);

export interface AdminClientOptions {
  /** Per-call time limit, ms. Default 30 s (trusting the CA may wait for a password prompt). */
  timeoutMs?: number;
}

function toCode(code: string): ErrorCode {
  return (KNOWN_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'INTERNAL';
}

export function createAdminClient(
  url: string,
  token: string,
  options: AdminClientOptions = {},
): EngineApi {
  const base = url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function call(method: MethodName, params: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${base}${RPC_PATH_PREFIX}${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(params ?? {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new PorticoError('INTERNAL', `Cannot reach the Portico engine at ${base}: ${reason}`);
    }
    const text = await response.text();
    if (response.status === 401 || response.status === 403) {
      throw new PorticoError(
        'INTERNAL',
        `The Portico engine at ${base} refused the call (${response.status}): ${text.trim()}`,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new PorticoError(
        'INTERNAL',
        `The Portico engine at ${base} answered ${response.status} with something that is not JSON.`,
      );
    }
    const outcome = OutcomeSchema.safeParse(body);
    if (!outcome.success) {
      throw new PorticoError('INTERNAL', `Unexpected answer from the engine for ${method}.`);
    }
    if (!outcome.data.ok) {
      throw new PorticoError(toCode(outcome.data.error.code), outcome.data.error.message);
    }
    return parseResult(method, outcome.data.value);
  }

  const api: Partial<Record<MethodName, (params: unknown) => Promise<unknown>>> = {};
  for (const name of methodNames) api[name] = (params) => call(name, params);
  return api as EngineApi;
}
