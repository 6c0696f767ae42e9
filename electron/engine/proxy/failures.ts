/**
 * Every way forwarding can fail, mapped in one place to a status, a stable error code (what
 * the inspector records) and a sentence a developer can act on — as Caddy's reverse proxy
 * maps its errors in one function.
 */

export class UpstreamTimeoutError extends Error {
  constructor(
    readonly code: 'timeout' | 'connect-timeout',
    readonly ms: number,
  ) {
    super(
      code === 'timeout'
        ? `no data from upstream for ${ms} ms`
        : `no connection to upstream within ${ms} ms`,
    );
    this.name = 'UpstreamTimeoutError';
  }
}

export interface Failure {
  status: number;
  /** Recorded by the inspector as the exchange's `error`. */
  code: string;
  title: string;
  message: string;
}

/** The host:port a person would recognise, e.g. `localhost:5173`. */
export function targetAddress(target: URL): string {
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return `${target.hostname}:${port}`;
}

export function classifyFailure(error: unknown, target: URL, clientGone: boolean): Failure {
  const where = targetAddress(target);
  if (clientGone) {
    return {
      status: 499,
      code: 'client-closed',
      title: 'Client closed the request',
      message:
        'The client went away before the answer was complete; the request to the dev server was aborted.',
    };
  }
  if (error instanceof UpstreamTimeoutError) {
    return error.code === 'timeout'
      ? {
          status: 504,
          code: 'timeout',
          title: 'Gateway Timeout',
          message: `The dev server at ${where} sent nothing for ${error.ms / 1000} s (the read timeout). Is it stuck on a breakpoint or a long task?`,
        }
      : {
          status: 504,
          code: 'connect-timeout',
          title: 'Gateway Timeout',
          message: `The dev server at ${where} did not accept a connection within ${error.ms} ms (the connect timeout).`,
        };
  }
  const code = (error as { code?: unknown } | null)?.code;
  const text = typeof code === 'string' ? code : 'EUPSTREAM';
  switch (text) {
    case 'ECONNREFUSED':
      return {
        status: 502,
        code: text,
        title: 'Bad Gateway',
        message: `Nothing is listening on ${where} — is your dev server running?`,
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        status: 502,
        code: text,
        title: 'Bad Gateway',
        message: `The target host ${target.hostname} cannot be resolved. Check the domain's target.`,
      };
    case 'ECONNRESET':
    case 'EPIPE':
      return {
        status: 502,
        code: 'ECONNRESET',
        title: 'Bad Gateway',
        message: `The dev server at ${where} closed the connection without an answer. Did it crash? Check its terminal.`,
      };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return {
        status: 502,
        code: text,
        title: 'Bad Gateway',
        message: `${where} is not reachable from this machine.`,
      };
    default:
      if (text.startsWith('HPE_')) {
        return {
          status: 502,
          code: text,
          title: 'Bad Gateway',
          message: `The dev server at ${where} sent an invalid HTTP response (${text}).`,
        };
      }
      if (text.startsWith('ERR_TLS') || text.includes('CERT') || text.startsWith('ERR_SSL')) {
        return {
          status: 502,
          code: text,
          title: 'Bad Gateway',
          message: `TLS to the dev server at ${where} failed (${text}). Is it really serving HTTPS, with a certificate this machine trusts?`,
        };
      }
      return {
        status: 502,
        code: text,
        title: 'Bad Gateway',
        message: `Forwarding to ${where} failed: ${(error as Error)?.message ?? text}.`,
      };
  }
}
