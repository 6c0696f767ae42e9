/**
 * Check: the app is not stuck in a redirect loop behind the proxy. A GET through Portico
 * (which sends X-Forwarded-Proto with the scheme the client used) that is redirected to
 * the very same URL means the app does not believe the proxy's headers: it thinks the
 * request came over plain HTTP and "upgrades" it forever. Redirects are followed a few
 * hops on the same host, so A → B → A loops are caught too.
 */
import type { DoctorCheck } from '../../../shared/doctor';
import { check, type DomainContext } from './doctor-context';
import { TRUST_PROXY_SETTINGS, settingsList } from './framework-fixes';
import { probeRequest } from './probe';

const TITLE = 'No redirect loop behind the proxy';
const MAX_HOPS = 6;

export async function checkRedirect(context: DomainContext): Promise<DoctorCheck> {
  if (context.port === null)
    return check('redirect', TITLE, 'skip', 'Portico has no listener for this domain.');
  const target = { host: context.name, port: context.port, tls: context.tls };
  const base = new URL(context.url);
  const visited: string[] = [];
  let url = new URL('/', base);
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    visited.push(url.href);
    const result = await probeRequest(target, url.pathname + url.search, {
      timeoutMs: context.timeoutMs,
    });
    if (!result.ok)
      return check(
        'redirect',
        TITLE,
        'skip',
        `No answer through the proxy (${result.code}); see the dev-server check.`,
      );
    const { status, headers } = result.value;
    const location = headers.location;
    if (status < 300 || status > 399 || !location)
      return check(
        'redirect',
        TITLE,
        'pass',
        hop === 0
          ? `GET / through the proxy answered ${status}, no redirect.`
          : `GET / through the proxy ends at ${url.pathname} with ${status} after ${hop} redirect(s).`,
      );
    const next = new URL(location, url);
    const scheme = context.tls ? 'https:' : 'http:';
    if (next.hostname === base.hostname && next.protocol === 'http:' && scheme === 'https:')
      return check(
        'redirect',
        TITLE,
        'fail',
        `The app redirects ${url.href} to ${next.href}: it thinks requests came over plain HTTP (it ignores X-Forwarded-Proto: https), so the browser bounces between http and https.`,
        `Make the app trust the proxy's headers:\n${settingsList(TRUST_PROXY_SETTINGS)}`,
      );
    if (visited.includes(next.href))
      return check(
        'redirect',
        TITLE,
        'fail',
        `The app redirects ${url.href} to ${next.href}, already visited: a redirect loop. The app ignores the X-Forwarded-Proto/-Host headers Portico sends (it sees plain HTTP from 127.0.0.1).`,
        `Make the app trust the proxy's headers:\n${settingsList(TRUST_PROXY_SETTINGS)}`,
      );
    if (next.hostname !== base.hostname || next.port !== base.port)
      return check(
        'redirect',
        TITLE,
        next.hostname === '127.0.0.1' || next.hostname === 'localhost' ? 'warn' : 'pass',
        `GET ${url.pathname} redirects to ${next.href}.`,
        next.hostname === '127.0.0.1' || next.hostname === 'localhost'
          ? `The app builds URLs from its own address instead of the Host header: trust X-Forwarded-Host:\n${settingsList(TRUST_PROXY_SETTINGS)}`
          : null,
      );
    url = next;
  }
  return check(
    'redirect',
    TITLE,
    'warn',
    `More than ${MAX_HOPS} redirects from / (${visited.join(' → ')}).`,
    'Check the redirects in the Inspector.',
  );
}
