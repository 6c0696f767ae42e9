// Which program runs the hosts-file helper, in each way Portico is run.
import { describe, expect, it } from 'vitest';
import { chooseHelperCommand } from '../../electron/engine/hosts/hosts-elevation';

const base = {
  execPath: '/usr/bin/node',
  findNode: () => '/usr/local/bin/node',
};

describe('chooseHelperCommand', () => {
  it('the packaged app: the system node runs the helper unpacked from the asar archive', () => {
    const here = '/opt/Portico/resources/app.asar/out/main/engine-process.js';
    const command = chooseHelperCommand({
      ...base,
      here,
      electron: true,
      execPath: '/opt/Portico/portico',
      exists: (file) =>
        file === '/opt/Portico/resources/app.asar.unpacked/out/main/hosts-helper.mjs',
    });
    expect(command).toEqual({
      command: '/usr/local/bin/node',
      args: ['/opt/Portico/resources/app.asar.unpacked/out/main/hosts-helper.mjs'],
    });
  });

  it('the packaged app, with the engine bundled into a chunk: the helper one folder up', () => {
    const command = chooseHelperCommand({
      ...base,
      here: '/opt/Portico/resources/app.asar/out/main/chunks/engine-abc.js',
      electron: true,
      exists: (file) =>
        file === '/opt/Portico/resources/app.asar.unpacked/out/main/hosts-helper.mjs',
    });
    expect(command.args).toEqual([
      '/opt/Portico/resources/app.asar.unpacked/out/main/hosts-helper.mjs',
    ]);
  });

  it('the packaged app without Node.js on the PATH: a clear error, nothing run', () => {
    expect(() =>
      chooseHelperCommand({
        ...base,
        here: '/opt/Portico/resources/app.asar/out/main/engine-process.js',
        electron: true,
        exists: () => true,
        findNode: () => null,
      }),
    ).toThrow(/needs Node\.js on the PATH/);
  });

  it('the bundled CLI: this node runs the helper shipped next to it', () => {
    expect(
      chooseHelperCommand({
        ...base,
        here: '/x/out/cli/portico.mjs',
        electron: false,
        exists: (file) => file === '/x/out/cli/hosts-helper.mjs',
      }),
    ).toEqual({ command: '/usr/bin/node', args: ['/x/out/cli/hosts-helper.mjs'] });
  });

  it('a clone: the TypeScript source through tsx', () => {
    const command = chooseHelperCommand({
      ...base,
      here: `${process.cwd()}/electron/engine/hosts/hosts-elevation.ts`,
      electron: false,
      exists: () => false,
    });
    expect(command.command).toBe('/usr/bin/node');
    expect(command.args.at(-1)).toBe(`${process.cwd()}/electron/engine/hosts/hosts-helper.ts`);
    expect(command.args[0]).toBe('--import');
  });
});
