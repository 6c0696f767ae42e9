/**
 * Pure rules of the certificate code: which names reach mkcert, file names in the data
 * dir, certificate names per domain, mkcert's store nickname, error summaries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { certPaths, namesFor, safeFileName } from '../../electron/engine/certs/cert-files';
import { mkcertCliKeptPath } from '../../electron/engine/certs/mkcert-download';
import {
  mkcertEnv,
  summariseMkcertError,
  validatedNames,
} from '../../electron/engine/certs/mkcert-runner';
import { nodeExtraCaCertsLine } from '../../electron/engine/certs/trust';

describe('names given to mkcert', () => {
  it('accepts valid local names, wildcard included', () => {
    expect(validatedNames(['shop.localhost', '*.shop.localhost', 'api.test'])).toEqual([
      'shop.localhost',
      '*.shop.localhost',
      'api.test',
    ]);
  });

  it('refuses anything with shell syntax, spaces or a leading dash', () => {
    const shell = fc.constantFrom(
      ';',
      '$',
      '`',
      '|',
      '&',
      '>',
      '<',
      ' ',
      '\n',
      '"',
      "'",
      '(',
      ')',
      '\\',
    );
    fc.assert(
      fc.property(fc.string(), shell, fc.string(), (before, bad, after) => {
        expect(() => validatedNames([`${before}${bad}${after}.localhost`])).toThrow();
      }),
    );
    expect(() => validatedNames(['-install'])).toThrow(/Refusing/);
    expect(() => validatedNames([])).toThrow();
  });

  it('refuses names that are valid only after normalising', () => {
    expect(() => validatedNames(['Shop.localhost'])).toThrow(/not normalised/);
    expect(() => validatedNames(['shop.localhost.'])).toThrow(/not normalised/);
  });
});

describe('certificate files', () => {
  it('gives each host its own file name inside <dataDir>/certs', () => {
    expect(certPaths('/data', 'shop.localhost')).toEqual({
      cert: '/data/certs/shop.localhost.pem',
      key: '/data/certs/shop.localhost.key.pem',
    });
    expect(safeFileName('*.shop.localhost')).toBe('_wildcard.shop.localhost');
    expect(() => safeFileName('../etc/passwd')).toThrow();
    expect(() => safeFileName('a/b.localhost')).toThrow();
  });

  it('covers the host, and for a wildcard its base name too', () => {
    expect(namesFor('shop.localhost')).toEqual(['shop.localhost']);
    expect(namesFor('*.shop.localhost')).toEqual(['*.shop.localhost', 'shop.localhost']);
  });

  it('knows where mkcert-cli keeps its download', () => {
    expect(mkcertCliKeptPath('/home/u', 'linux')).toBe('/home/u/.mkcert-cli/mkcert');
    expect(mkcertCliKeptPath('/home/u', 'win32')).toMatch(/mkcert\.exe$/);
  });
});

describe('mkcert environment and errors', () => {
  it('honours CAROOT from the environment unless an explicit caroot overrides it', () => {
    expect(mkcertEnv({ env: { CAROOT: '/a' } }).CAROOT).toBe('/a');
    expect(mkcertEnv({ env: { CAROOT: '/a' }, caroot: '/b' }).CAROOT).toBe('/b');
  });

  it("summarises mkcert's stderr to its ERROR lines without emoji", () => {
    const stderr =
      'Note: the local CA is not installed 💥\nERROR: failed to execute "certutil -A": exit status 255\n';
    expect(summariseMkcertError(stderr)).toBe(
      'ERROR: failed to execute "certutil -A": exit status 255',
    );
    expect(summariseMkcertError('one\ntwo\nthree\nfour\n')).toBe('two three four');
  });

  it('prints the NODE_EXTRA_CA_CERTS line for the shell', () => {
    expect(nodeExtraCaCertsLine('/ca', 'linux')).toBe(
      'export NODE_EXTRA_CA_CERTS="/ca/rootCA.pem"',
    );
  });
});
