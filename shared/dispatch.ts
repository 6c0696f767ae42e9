/**
 * The one place where an incoming call (from IPC, HTTP or a MessagePort) is checked
 * against the contract and handed to its handler. Every boundary uses it, so none can
 * forget to validate, and every failure comes back as `{ code, message }` data.
 */
import { methods, isMethodName, type EngineHandlers, type MethodName } from './contract';
import { describeIssues } from './config';
import { toRpcError, type RpcOutcome } from './rpc';

export async function dispatch(
  handlers: EngineHandlers,
  method: unknown,
  rawParams: unknown,
): Promise<RpcOutcome<unknown>> {
  if (!isMethodName(method)) {
    return {
      ok: false,
      error: { code: 'UNKNOWN_METHOD', message: `No such method: ${String(method)}` },
    };
  }
  const parsed = methods[method].params.safeParse(rawParams ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'INVALID_PARAMS', message: describeIssues(parsed.error) } };
  }
  try {
    const handler = handlers[method] as (params: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toRpcError(error) };
  }
}

/** Parses a result received from the other side of a boundary ("parse, don't cast"). */
export function parseResult<M extends MethodName>(method: M, value: unknown) {
  return methods[method].result.parse(value);
}
