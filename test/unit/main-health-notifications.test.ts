import { describe, expect, it } from 'vitest';
import type { DomainState } from '../../shared/contract';
import { healthNotices, healthTransitions } from '../../electron/main/health-notifications';

function domain(host: string, health: DomainState['health'], enabled = true): DomainState {
  return {
    host,
    target: 'http://localhost:5173',
    enabled,
    tls: true,
    rewriteHost: false,
    forwardedHeader: false,
    url: `https://${host}`,
    health,
    certificate: null,
  };
}

describe('health transitions', () => {
  it('reports a dev server that went down and one that came back', () => {
    const prev = [
      domain('a.localhost', 'up'),
      domain('b.localhost', 'down'),
      domain('c.localhost', 'up'),
    ];
    const next = [
      domain('a.localhost', 'down'),
      domain('b.localhost', 'up'),
      domain('c.localhost', 'up'),
    ];
    expect(healthTransitions(prev, next)).toEqual({ down: ['a.localhost'], up: ['b.localhost'] });
    expect(healthNotices(healthTransitions(prev, next)).map((n) => n.title)).toEqual([
      'a.localhost is down',
      'b.localhost is back',
    ]);
  });

  it('stays quiet for first checks, new domains, disabled domains and removals', () => {
    const prev = [
      domain('a.localhost', 'unknown'),
      domain('off.localhost', 'up'),
      domain('gone.localhost', 'up'),
    ];
    const next = [
      domain('a.localhost', 'down'),
      domain('off.localhost', 'down', false),
      domain('new.localhost', 'down'),
    ];
    expect(healthTransitions(prev, next)).toEqual({ down: [], up: [] });
  });
});
