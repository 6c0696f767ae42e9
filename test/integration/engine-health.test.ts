// Health dots without traffic: the engine notices a dev server coming up and going down on
// its own, and tells subscribers (the window, the tray's notifications) through events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../shared/contract';
import { startTestEngine, type TestEngine } from '../helpers/test-engine';
import { startEchoUpstream, type Upstream } from '../helpers/upstreams';

let t: TestEngine;
let echo: Upstream;
const events: EventMessage[] = [];

beforeAll(async () => {
  echo = await startEchoUpstream();
  t = await startTestEngine(undefined, { healthCheckMs: 100 });
  t.engine.subscribe((message) => events.push(message));
});

afterAll(async () => {
  await t.close();
});

async function healthOf(host: string, wanted: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const domain = (await t.engine.handlers.listDomains({})).find((d) => d.host === host);
    if (domain?.health === wanted) return wanted;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return 'never';
}

describe('health monitor', () => {
  it('marks a listening dev server up and a closed one down, with no request through the proxy', async () => {
    await t.engine.handlers.addDomain({
      host: 'shop.localhost',
      target: String(echo.port),
      tls: false,
    });
    expect(await healthOf('shop.localhost', 'up')).toBe('up');
    await echo.close();
    expect(await healthOf('shop.localhost', 'down')).toBe('down');
    const announced = events
      .filter((m): m is EventMessage<'domains'> => m.event === 'domains')
      .map((m) => m.payload.find((d) => d.host === 'shop.localhost')?.health);
    expect(announced).toContain('up');
    expect(announced.at(-1)).toBe('down');
  });
});
