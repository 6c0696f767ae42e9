/**
 * The admin API's gate, in one place for every request and WebSocket upgrade:
 * - Host must be exactly a loopback name or address (DNS rebinding: a page on evil.example
 *   that re-resolves to 127.0.0.1 still sends `Host: evil.example`) → else 403;
 * - Origin, when sent, must be the admin server's own origin (CSRF from other sites, and
 *   `null` from sandboxed frames or file://) → else 403;
 * - the bearer token must match, compared in constant time → else 401.
 */
import crypto from 'node:crypto';

export type GuardResult = { ok: true } | { ok: false; status: 401 | 403; reason: string };

const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?$/;

/** `localhost`, `127.0.0.1`, `[::1]`, each with an optional port; nothing else. */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  if (host === undefined) return false;
  const match = LOOPBACK_HOST.exec(host.toLowerCase());
  if (!match) return false;
  const port = match[1];
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
}

/** The origins of the admin server's own pages (the dashboard). */
export function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** An absent Origin is fine (curl, the CLI); `null` or any other site's is not. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return ownOrigins(port).includes(origin.toLowerCase());
}

/** Constant-time comparison (hashing first makes the lengths equal). */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(presented).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b) && presented.length === expected.length;
}

/** `Authorization: Bearer <token>` → the token, else null. */
export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}

/** The token offered as a WebSocket subprotocol `portico.token.<token>`, else null. */
export function subprotocolToken(header: string | undefined, prefix: string): string | null {
  for (const protocol of (header ?? '').split(',')) {
    const trimmed = protocol.trim();
    if (trimmed.startsWith(prefix)) return trimmed.slice(prefix.length);
  }
  return null;
}

export interface GuardInput {
  host: string | undefined;
  origin: string | undefined;
  /** The admin server's own port (for the Origin check). */
  port: number;
  /** The token the client presented (null: none); undefined skips the token check. */
  token?: string | null;
  expectedToken: string;
}

export function checkAdminRequest(input: GuardInput): GuardResult {
  if (!isLoopbackHostHeader(input.host)) {
    return { ok: false, status: 403, reason: 'Host must be localhost, 127.0.0.1 or [::1].' };
  }
  if (!isAllowedOrigin(input.origin, input.port)) {
    return { ok: false, status: 403, reason: 'Requests from other origins are refused.' };
  }
  if (input.token !== undefined) {
    if (input.token === null) {
      return { ok: false, status: 401, reason: 'The admin token is missing.' };
    }
    if (!tokensEqual(input.token, input.expectedToken)) {
      return { ok: false, status: 401, reason: 'The admin token is wrong.' };
    }
  }
  return { ok: true };
}
