// Which names Portico serves, which need a hosts entry, and how the privileged write is started.
import { describe, expect, it } from 'vitest';
import { checkHost } from '../../shared/host-name';
import { elevatedInvocation } from '../../electron/engine/hosts/hosts-elevation';
import { systemHostsPath } from '../../electron/engine/hosts/hosts-path';

const helper = { command: '/usr/bin/node', args: ['/app/hosts-helper.js'] };
const ctx = { privileged: false, graphical: false };

describe('checkHost', () => {
  it.each([
    ['shop.localhost', false],
    ['shop.test', true],
    ['a.example', true],
    ['a.invalid', true],
    ['api.internal', true],
    ['nas.home.arpa', true],
    ['*.shop.localhost', false],
  ])('accepts %s (hosts entry: %s)', (host, needsHostsEntry) => {
    expect(checkHost(host)).toMatchObject({ ok: true, needsHostsEntry });
  });

  it.each([
    ['shop.dev', /real top-level domain.*HSTS-preloaded/],
    ['shop.app', /HSTS-preloaded/],
    ['shop.com', /real top-level domain/],
    ['a.co.uk', /public suffix co\.uk.*Use a\.localhost/],
    ['me.github.io', /github\.io is a public suffix/],
    ['printer.local', /mDNS/],
    ['nas.lan', /routers answer for it/],
    ['x.zzzz', /could become a real top-level domain/],
    ['*.shop.test', /hosts file cannot hold wildcards/],
  ])('refuses %s with the reason', (host, reason) => {
    const check = checkHost(host);
    expect(check.ok).toBe(false);
    expect((check as { message: string }).message).toMatch(reason);
  });
});

describe('elevatedInvocation', () => {
  it('uses sudo -n without a desktop, pkexec with one, and passes the names on stdin', () => {
    const sudo = elevatedInvocation(helper, ['shop.test'], { ...ctx, platform: 'linux' });
    expect(sudo).toEqual({
      command: 'sudo',
      args: ['-n', '/usr/bin/node', '/app/hosts-helper.js'],
      stdin: '{"hosts":["shop.test"]}',
    });
    const gui = elevatedInvocation(helper, ['a.test'], {
      ...ctx,
      platform: 'linux',
      graphical: true,
    });
    expect(gui.command).toBe('pkexec');
    expect(gui.args).toEqual(['/usr/bin/node', '/app/hosts-helper.js']);
  });

  it('on macOS asks osascript for admin rights with the helper argv quoted by AppleScript', () => {
    const mac = elevatedInvocation(helper, ['shop.test'], { ...ctx, platform: 'darwin' });
    expect(mac.command).toBe('/usr/bin/osascript');
    const argv = mac.args.slice(mac.args.indexOf('--') + 1);
    expect(argv.slice(0, 3)).toEqual(['/usr/bin/node', '/app/hosts-helper.js', '--hosts-b64']);
    expect(JSON.parse(Buffer.from(argv[3]!, 'base64').toString())).toEqual({
      hosts: ['shop.test'],
    });
    expect(mac.args.join(' ')).toContain('quoted form of');
    expect(mac.args.join(' ')).not.toContain('shop.test');
  });

  it('on Windows runs the helper through a UAC RunAs prompt; the names never reach the script as text', () => {
    const win = elevatedInvocation(helper, ['shop.test'], { ...ctx, platform: 'win32' });
    expect(win.command).toBe('powershell.exe');
    const script = Buffer.from(win.args.at(-1)!, 'base64').toString('utf16le');
    expect(script).toContain('-Verb RunAs');
    expect(script).not.toContain('shop.test');
  });

  it('runs the helper directly when already privileged', () => {
    expect(
      elevatedInvocation(helper, [], { platform: 'linux', privileged: true, graphical: false }),
    ).toEqual({
      ...helper,
      stdin: '{"hosts":[]}',
    });
  });

  it('knows the Windows hosts path', () => {
    expect(systemHostsPath('win32', { SystemRoot: 'D:\\Win' })).toBe(
      'D:\\Win\\System32\\drivers\\etc\\hosts',
    );
    expect(systemHostsPath('linux', {})).toBe('/etc/hosts');
  });
});
