/**
 * "Copy as cURL": a shell command that repeats a recorded request against its public URL,
 * through Portico (`--resolve` pins the name to 127.0.0.1 and the listener's port, and
 * `--cacert` trusts the local CA for https). Every argument is single-quoted, so nothing in
 * a header or body is ever interpreted by the shell.
 */
import type { Exchange } from '../../../shared/exchange';
import { connectionNamedIn, HOP_BY_HOP_HEADERS, REPLAY_HEADER } from '../../../shared/hop-by-hop';
import { PorticoError } from '../../../shared/rpc';
import { publicUrl as exchangeUrl } from './har';
import { REDACTED_HEADERS, headerValue } from './to-exchange';

export interface CurlOptions {
  /** `rootCA.pem` of the CA in use, for https (`<CAROOT>/rootCA.pem`). */
  caFile: string | null;
  /** Leave out Cookie, Authorization and Proxy-Authorization (a trailing comment says so). */
  redact: boolean;
  /** The URL to request; default: scheme, Host and path the browser used. */
  publicUrl?: string;
  /** The port Portico listens on for that scheme; default: the URL's port. */
  port?: number;
}

/** Headers curl must not be told: it computes them, or they belong to one connection. */
const LEFT_OUT = new Set(['host', 'content-length', 'expect', REPLAY_HEADER]);

/** Quotes one argument for a POSIX shell: `'` becomes `'\''`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function refuseControl(what: string, value: string): void {
  // eslint-disable-next-line no-control-regex
  if (/[\r\n\u0000]/.test(value)) {
    throw new PorticoError(
      'INVALID_PARAMS',
      `${what} contains a line break or NUL: no safe cURL command.`,
    );
  }
}

export function toCurl(exchange: Exchange, options: CurlOptions): string {
  const url = new URL(options.publicUrl ?? exchangeUrl(exchange));
  url.pathname = '/';
  const target = new URL(exchange.path, url);
  const https = target.protocol === 'https:';
  const port = options.port ?? (target.port ? Number(target.port) : https ? 443 : 80);
  const hostname = target.hostname;
  refuseControl('The path', exchange.path);

  const args: string[] = ['curl'];
  const notes: string[] = [];
  // IPv6 literals need no --resolve; names are pinned to loopback so curl skips DNS.
  if (!hostname.startsWith('['))
    args.push('--resolve', shellQuote(`${hostname}:${port}:127.0.0.1`));
  if (https && options.caFile) args.push('--cacert', shellQuote(options.caFile));
  if (/[[\]{}]/.test(exchange.path)) args.push('--globoff');
  if (/\/\.\.?(\/|$)/.test(exchange.path)) args.push('--path-as-is');

  const body = exchange.request.body;
  const method = exchange.method;
  const sendsBody = body !== null && !body.truncated && body.size > 0;
  if (method === 'HEAD') args.push('--head');
  else if (method !== 'GET' || sendsBody) args.push('-X', shellQuote(method));

  const connectionNames = connectionNamedIn(exchange.request.received);
  const omitted = new Set<string>();
  for (const [name, value] of exchange.request.received) {
    const key = name.toLowerCase();
    if (key.startsWith(':') || LEFT_OUT.has(key) || HOP_BY_HOP_HEADERS.has(key)) continue;
    if (connectionNames?.has(key)) continue;
    if (REDACTED_HEADERS.has(key) && (options.redact || value.startsWith('[redacted: '))) {
      omitted.add(name);
      continue;
    }
    refuseControl(`Header ${name}`, name + value);
    // `Name;` is curl's way to send a header with an empty value.
    args.push('-H', shellQuote(value === '' ? `${name};` : `${name}: ${value}`));
  }

  let prefix = '';
  if (sendsBody && body) {
    if (body.text !== null) {
      refuseControl('The body', body.text.replace(/[\r\n]/g, ''));
      args.push('--data-binary', shellQuote(body.text));
    } else {
      // Binary bodies travel base64-encoded through a pipe: no raw bytes on the command line.
      prefix = `printf %s ${shellQuote(body.base64 ?? '')} | base64 -d | `;
      args.push('--data-binary', '@-');
    }
  } else if (body?.truncated) {
    notes.push(`# The body (${body.size} bytes) was captured only in part, so it is left out.`);
  } else if (!body && hasBody(exchange)) {
    notes.push('# The request had a body that was not captured (switch on body capture).');
  }
  args.push(shellQuote(target.href));

  if (omitted.size > 0) {
    notes.push(
      `# Left out (redacted): ${[...omitted].join(', ')}. Switch off redaction to include them.`,
    );
  }
  return [prefix + args.join(' '), ...notes].join('\n');
}

function hasBody(exchange: Exchange): boolean {
  const length = headerValue(exchange.request.received, 'content-length');
  if (length !== null) return length.trim() !== '0';
  return headerValue(exchange.request.received, 'transfer-encoding') !== null;
}
