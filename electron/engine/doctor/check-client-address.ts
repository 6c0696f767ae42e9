/**
 * Check: an app that shows the client's address shows the client's, not the proxy's. On
 * loopback, client and proxy are both 127.0.0.1, so the probe connects from another
 * loopback address (127.0.0.2; all of 127/8 is loopback on Linux and Windows): the proxy
 * then sends X-Forwarded-For: 127.0.0.2 while it connects to the app from 127.0.0.1. Only
 * a body that echoes 127.0.0.1 and not 127.0.0.2 counts as evidence; an app that echoes
 * neither is not judged.
 */
import type { DoctorCheck } from '../../../shared/doctor';
import { check, type DomainContext } from './doctor-context';
import { CLIENT_ADDRESS_SETTINGS, settingsList } from './framework-fixes';
import { probeRequest } from './probe';

const TITLE = "The app sees the client's address, not the proxy's";
export const PROBE_CLIENT_ADDRESS = '127.0.0.2';

export async function checkClientAddress(context: DomainContext): Promise<DoctorCheck> {
  if (context.port === null)
    return check('client-address', TITLE, 'skip', 'Portico has no listener for this domain.');
  const target = { host: context.name, port: context.port, tls: context.tls };
  const result = await probeRequest(target, '/', {
    localAddress: PROBE_CLIENT_ADDRESS,
    timeoutMs: context.timeoutMs,
  });
  if (!result.ok)
    return check(
      'client-address',
      TITLE,
      'skip',
      result.code === 'EADDRNOTAVAIL' || result.code === 'EINVAL'
        ? `This OS has no second loopback address (${PROBE_CLIENT_ADDRESS}) to tell the client from the proxy; not checked.`
        : `No answer through the proxy (${result.code}); see the dev-server check.`,
    );
  const body = result.value.body;
  const echoesClient = body.includes(PROBE_CLIENT_ADDRESS);
  const echoesProxy = /(^|[^\d.])127\.0\.0\.1([^\d]|$)/.test(body);
  if (echoesClient)
    return check(
      'client-address',
      TITLE,
      'pass',
      `The response to GET / shows the client's address (${PROBE_CLIENT_ADDRESS}).`,
    );
  if (echoesProxy)
    return check(
      'client-address',
      TITLE,
      'warn',
      `The response to GET / shows 127.0.0.1 (the proxy) for a request from ${PROBE_CLIENT_ADDRESS}: the app reads the socket's address instead of X-Forwarded-For / X-Real-IP.`,
      `Read the client address from the forwarded headers:\n${settingsList(CLIENT_ADDRESS_SETTINGS)}`,
    );
  return check(
    'client-address',
    TITLE,
    'skip',
    'GET / does not show a client address, so there is nothing to judge.',
  );
}
