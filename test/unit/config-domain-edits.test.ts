import { describe, expect, it } from 'vitest';
import { defaultConfig, ConfigSchema } from '../../shared/config';
import { methods } from '../../shared/contract';
import { PorticoError } from '../../shared/rpc';
import {
  addDomain,
  applySettingsPatch,
  removeDomain,
  setDomainEnabled,
  updateDomain,
} from '../../electron/engine/config/domain-edits';

function configWithShop() {
  const config = defaultConfig();
  addDomain(config, { host: 'shop.localhost', target: 'http://localhost:5173' });
  return config;
}

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(PorticoError);
    return (error as PorticoError).code;
  }
}

describe('domain edits', () => {
  it('adds a domain with the defaults (on, TLS, client Host kept)', () => {
    const config = configWithShop();
    expect(config.domains).toEqual([
      {
        host: 'shop.localhost',
        target: 'http://localhost:5173',
        enabled: true,
        tls: true,
        rewriteHost: false,
        forwardedHeader: false,
      },
    ]);
    expect(ConfigSchema.safeParse(config).success).toBe(true);
  });

  it('refuses a second domain with the same host, naming its target', () => {
    const config = configWithShop();
    expect(
      codeOf(() => addDomain(config, { host: 'shop.localhost', target: 'http://localhost:1' })),
    ).toBe('DOMAIN_EXISTS');
    expect(() =>
      addDomain(config, { host: 'shop.localhost', target: 'http://localhost:1' }),
    ).toThrow(/shop\.localhost already exists \(→ localhost:5173\)/);
    expect(config.domains).toHaveLength(1);
  });

  it('says how to list domains when one is unknown', () => {
    const config = configWithShop();
    expect(() => removeDomain(config, 'blog.localhost')).toThrow(
      'No domain blog.localhost: `portico list` shows the configured ones.',
    );
    expect(codeOf(() => setDomainEnabled(config, 'blog.localhost', false))).toBe('UNKNOWN_DOMAIN');
    expect(codeOf(() => updateDomain(config, { host: 'blog.localhost' }))).toBe('UNKNOWN_DOMAIN');
  });

  it('toggles and removes', () => {
    const config = configWithShop();
    setDomainEnabled(config, 'shop.localhost', false);
    expect(config.domains[0]?.enabled).toBe(false);
    removeDomain(config, 'shop.localhost');
    expect(config.domains).toEqual([]);
  });

  it('updates fields and renames, refusing a rename onto an existing host', () => {
    const config = configWithShop();
    addDomain(config, { host: 'blog.localhost', target: 'http://localhost:4000', tls: false });
    updateDomain(config, {
      host: 'shop.localhost',
      target: 'http://127.0.0.1:8000',
      rewriteHost: true,
    });
    expect(config.domains[0]).toMatchObject({
      target: 'http://127.0.0.1:8000',
      rewriteHost: true,
      tls: true,
    });
    expect(
      codeOf(() => updateDomain(config, { host: 'shop.localhost', rename: 'blog.localhost' })),
    ).toBe('DOMAIN_EXISTS');
    updateDomain(config, { host: 'shop.localhost', rename: 'store.localhost' });
    expect(config.domains.map((domain) => domain.host)).toEqual([
      'store.localhost',
      'blog.localhost',
    ]);
  });

  it('applies a settings patch to the named fields only', () => {
    const config = defaultConfig();
    config.proxy.httpsPort = 9443;
    applySettingsPatch(config, {
      defaultTld: 'test',
      trustedProxies: ['10.0.0.1'],
      timeouts: { connectMs: 500 },
    });
    expect(config.defaultTld).toBe('test');
    expect(config.trustedProxies).toEqual(['10.0.0.1']);
    expect(config.timeouts).toEqual({ connectMs: 500, readMs: 120_000 });
    expect(config.proxy.httpsPort).toBe(9443);
  });

  it('works on params parsed by the contract (host and target normalised)', () => {
    const config = defaultConfig();
    const params = methods.addDomain.params.parse({ host: 'Shop.Localhost.', target: '5173' });
    addDomain(config, params);
    expect(config.domains[0]).toMatchObject({
      host: 'shop.localhost',
      target: 'http://localhost:5173',
    });
  });
});
