/**
 * Which domains' dev servers went down or came back between two domain lists, for the
 * native notifications. Only real transitions count: `unknown → down` at start-up is not
 * news (the user knows their server is not running yet), and disabled domains are quiet.
 */
import type { DomainState } from '../../shared/contract';

export interface HealthTransitions {
  /** Hosts whose dev server was up and now refuses connections. */
  down: string[];
  /** Hosts whose dev server was down and answers again. */
  up: string[];
}

export function healthTransitions(
  prev: readonly DomainState[],
  next: readonly DomainState[],
): HealthTransitions {
  const before = new Map(prev.map((domain) => [domain.host, domain]));
  const result: HealthTransitions = { down: [], up: [] };
  for (const domain of next) {
    const old = before.get(domain.host);
    if (!old || !domain.enabled) continue;
    if (old.health === 'up' && domain.health === 'down') result.down.push(domain.host);
    if (old.health === 'down' && domain.health === 'up') result.up.push(domain.host);
  }
  return result;
}

/** The notification text for a set of transitions (one notification each). */
export function healthNotices(transitions: HealthTransitions): { title: string; body: string }[] {
  return [
    ...transitions.down.map((host) => ({
      title: `${host} is down`,
      body: `Its dev server stopped accepting connections.`,
    })),
    ...transitions.up.map((host) => ({
      title: `${host} is back`,
      body: `Its dev server answers again.`,
    })),
  ];
}
