import { describe, expect, it } from 'vitest';
import { parseCli } from '../../electron/cli/args';
import { InputError, UsageError } from '../../electron/cli/cli-errors';

describe('parseCli', () => {
  it('parses every command of the CLI contract', () => {
    expect(
      parseCli(['serve', '--http-port', '8080', '--https-port', '0', '--admin-port', '7381']),
    ).toEqual({
      kind: 'serve',
      dataDir: undefined,
      httpPort: 8080,
      httpsPort: 0,
      adminPort: 7381,
    });
    expect(parseCli(['add', 'shop.localhost', '5173', '--no-tls', '--data-dir', '/d'])).toEqual({
      kind: 'add',
      dataDir: '/d',
      host: 'shop.localhost',
      target: '5173',
      tls: false,
    });
    expect(parseCli(['add', 'shop.localhost', 'http://127.0.0.1:8000'])).toMatchObject({
      tls: true,
    });
    expect(parseCli(['remove', 'a.localhost'])).toEqual({
      kind: 'remove',
      dataDir: undefined,
      host: 'a.localhost',
    });
    expect(parseCli(['enable', 'a.localhost'])).toMatchObject({ kind: 'enable' });
    expect(parseCli(['disable', 'a.localhost'])).toMatchObject({ kind: 'disable' });
    expect(parseCli(['list', '--json'])).toEqual({ kind: 'list', dataDir: undefined, json: true });
    expect(parseCli(['trust'])).toEqual({ kind: 'trust', dataDir: undefined });
    expect(parseCli(['untrust', '--data-dir=/x'])).toEqual({ kind: 'untrust', dataDir: '/x' });
    expect(parseCli(['requests', '--json', '--limit', '5'])).toEqual({
      kind: 'requests',
      dataDir: undefined,
      json: true,
      limit: 5,
    });
  });

  it('handles --help and --version', () => {
    expect(parseCli([])).toEqual({ kind: 'help', topic: null });
    expect(parseCli(['--help'])).toEqual({ kind: 'help', topic: null });
    expect(parseCli(['add', '--help'])).toEqual({ kind: 'help', topic: 'add' });
    expect(parseCli(['help', 'list'])).toEqual({ kind: 'help', topic: 'list' });
    expect(parseCli(['--version'])).toEqual({ kind: 'version' });
    expect(parseCli(['-v'])).toEqual({ kind: 'version' });
  });

  it.each([
    [['frob']],
    [['add', 'shop.localhost']],
    [['remove']],
    [['remove', 'a.localhost', 'b.localhost']],
    [['list', '--no-tls']],
    [['add', 'a.localhost', '1', '--json']],
    [['list', '--bogus']],
    [['serve', '--http-port']],
  ])('refuses %j as a usage error', (argv) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
  });

  it('refuses bad values as input errors with the reason', () => {
    expect(() => parseCli(['serve', '--http-port', '70000'])).toThrow(
      new InputError('--http-port 70000 is out of range: use 0 to 65535.'),
    );
    expect(() => parseCli(['serve', '--admin-port', 'abc'])).toThrow(InputError);
    expect(() => parseCli(['requests', '--limit', '0'])).toThrow(InputError);
  });
});
