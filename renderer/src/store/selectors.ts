/**
 * Derived views of the state that components show: pure functions of store data, so they
 * are tested without a browser. (Selectors that build new arrays are used with useMemo or
 * useShallow in components, never straight as zustand selectors.)
 */
import type { DomainState, EngineStatus } from '../../../shared/contract';

export type Tone = 'ok' | 'warn' | 'bad' | 'muted';

export interface Badge {
  tone: Tone;
  label: string;
  /** The longer explanation shown as a tooltip and to screen readers. */
  description: string;
}

/** The lock badge of a domain: valid / untrusted / missing / expired / error / plain HTTP. */
export function lockBadge(domain: DomainState): Badge {
  if (!domain.tls) {
    return { tone: 'muted', label: 'HTTP', description: 'Served over plain HTTP (TLS is off).' };
  }
  const certificate = domain.certificate;
  if (!certificate || certificate.state === 'missing') {
    return { tone: 'warn', label: 'missing', description: 'No certificate issued yet.' };
  }
  if (certificate.state === 'error') {
    return {
      tone: 'bad',
      label: 'error',
      description: certificate.problem ?? 'Issuing the certificate failed.',
    };
  }
  if (certificate.state === 'expired') {
    return {
      tone: 'bad',
      label: 'expired',
      description: 'The certificate has expired: regenerate it.',
    };
  }
  if (!certificate.trusted) {
    return {
      tone: 'warn',
      label: 'untrusted',
      description:
        'Certificate issued, but the local CA is not trusted yet (Certificates → Trust).',
    };
  }
  return { tone: 'ok', label: 'valid', description: 'Valid certificate from a trusted local CA.' };
}

export function healthBadge(domain: DomainState): Badge {
  if (!domain.enabled)
    return { tone: 'muted', label: 'off', description: 'Turned off: answers 503.' };
  switch (domain.health) {
    case 'up':
      return { tone: 'ok', label: 'up', description: 'The dev server accepts connections.' };
    case 'down':
      return {
        tone: 'bad',
        label: 'down',
        description: 'The dev server refused the last connection: is it running?',
      };
    default:
      return { tone: 'muted', label: 'unknown', description: 'No request has reached it yet.' };
  }
}

/** A listener's port as shown in the top bar, with its problem if the request failed. */
export function describeListener(
  name: string,
  listener: EngineStatus['http'],
): { text: string; problem: string | null } {
  if (listener.port === null) return { text: `${name} off`, problem: listener.problem };
  const fallback = listener.port !== listener.requestedPort && listener.requestedPort !== 0;
  return {
    text: `${name} :${listener.port}`,
    problem: fallback
      ? (listener.problem ?? `Port ${listener.requestedPort} was not available.`)
      : null,
  };
}

/** Every problem the engine reports that needs action, one line each, for the banner. */
export function engineProblems(status: EngineStatus | null): string[] {
  if (!status) return [];
  // While mkcert is being fetched, HTTPS is on its way, not broken (the Certificates page says so).
  const busy = status.certificatesBusy;
  const problems = [status.configProblem, busy ? null : status.certificatesProblem];
  // A fallback port is normal (shown on the port itself); not listening at all is a problem.
  for (const [name, listener] of [
    ['HTTP', status.http],
    ['HTTPS', status.https],
  ] as const) {
    if (listener.port === null && !(busy && name === 'HTTPS')) {
      problems.push(
        listener.problem ?? `${name} is not listening on port ${listener.requestedPort}.`,
      );
    }
  }
  return problems.filter((problem): problem is string => Boolean(problem));
}

/** Suggests a domain name for the empty state and the form's placeholder. */
export function exampleHost(defaultTld: string | undefined): string {
  return `shop.${defaultTld || 'localhost'}`;
}
