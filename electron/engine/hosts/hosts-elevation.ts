/**
 * Running the hosts helper with the rights to write the system hosts file, with an
 * argument vector only (never a shell string we build from names): `pkexec` where a
 * desktop session can show a prompt, else `sudo -n` on Linux; `osascript … with
 * administrator privileges` on macOS (the helper's argv is quoted by AppleScript's
 * `quoted form of`); a UAC `RunAs` through PowerShell on Windows. The host list travels as
 * data: JSON on stdin, or base64 JSON where a prompt cannot pass stdin. A cancelled prompt
 * means the helper never ran, so nothing changed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { HostsError } from './hosts-file';
import { encodePayload } from './hosts-helper-input';

export interface Command {
  command: string;
  args: string[];
}

export interface Invocation extends Command {
  /** Text for the program's stdin, or null when the payload is in args. */
  stdin: string | null;
}

/**
 * How to start the helper unelevated: node + its file. The bundled CLI ships it next to
 * itself (hosts-helper.mjs, see scripts/build-cli.mjs); a clone runs the source through tsx.
 * Inside the packaged desktop app `process.execPath` is Electron, which cannot run a script
 * (the RunAsNode fuse is off), so the self-contained helper unpacked from the asar archive is
 * run with the system `node` (Portico's users run Node dev servers).
 */
export function helperCommand(): Command {
  return chooseHelperCommand({
    here: fileURLToPath(import.meta.url),
    electron: process.versions.electron !== undefined,
    execPath: process.execPath,
    exists: existsSync,
    findNode: () => findOnPath('node', process.env),
  });
}

export interface HelperSituation {
  /** This module's own file. */
  here: string;
  /** Running inside Electron (the packaged app's engine process). */
  electron: boolean;
  execPath: string;
  exists(file: string): boolean;
  findNode(): string | null;
}

export function chooseHelperCommand(situation: HelperSituation): Command {
  const dir = dirname(situation.here);
  if (situation.electron) {
    // The engine may be bundled into out/main or one of its chunks/ files.
    const candidates = [dir, dirname(dir)].map((folder) =>
      join(folder, 'hosts-helper.mjs').replace(`app.asar${sep}`, `app.asar.unpacked${sep}`),
    );
    const helper = candidates.find((file) => situation.exists(file)) ?? (candidates[0] as string);
    const node = situation.findNode();
    if (!node || !situation.exists(helper)) {
      throw new HostsError(
        'HOSTS_HELPER_MISSING',
        node
          ? `The hosts helper is missing (${helper}): reinstall Portico.`
          : 'Writing the hosts file needs Node.js on the PATH (the helper runs with it).',
      );
    }
    return { command: node, args: [helper] };
  }
  for (const name of ['hosts-helper.mjs', 'hosts-helper.js']) {
    const built = join(dir, name);
    if (built !== situation.here && situation.exists(built)) {
      return { command: situation.execPath, args: [built] };
    }
  }
  const ts = join(dir, 'hosts-helper.ts');
  const tsx = pathToFileURL(createRequire(situation.here).resolve('tsx')).href;
  return { command: situation.execPath, args: ['--import', tsx, ts] };
}

/** An executable's absolute path from PATH, resolved before elevation (which resets PATH). */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | null {
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, `${name}${ext}`);
      if (existsSync(candidate)) return candidate;
    }
  }
  return null;
}

export interface ElevationContext {
  platform: NodeJS.Platform;
  /** Already root/admin: run the helper directly. */
  privileged: boolean;
  /** A desktop session that can show a polkit prompt (DISPLAY / WAYLAND_DISPLAY). */
  graphical: boolean;
}

export function currentElevationContext(): ElevationContext {
  return {
    platform: process.platform,
    privileged: typeof process.getuid === 'function' && process.getuid() === 0,
    graphical: Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY),
  };
}

/** The command that runs `helper` elevated with `hosts` as its payload (pure). */
export function elevatedInvocation(
  helper: Command,
  hosts: readonly string[],
  context: ElevationContext,
): Invocation {
  const json = JSON.stringify({ hosts });
  if (context.privileged) return { ...helper, stdin: json };
  if (context.platform === 'darwin') {
    const argv = [helper.command, ...helper.args, '--hosts-b64', encodePayload(hosts)];
    const script = [
      'on run argv',
      'set cmd to ""',
      'repeat with a in argv',
      'set cmd to cmd & quoted form of (a as text) & " "',
      'end repeat',
      'do shell script cmd with prompt "Portico wants to update its block in /etc/hosts." with administrator privileges',
      'end run',
    ];
    return {
      command: '/usr/bin/osascript',
      args: [...script.flatMap((line) => ['-e', line]), '--', ...argv],
      stdin: null,
    };
  }
  if (context.platform === 'win32') {
    // PowerShell literals: single quotes, doubled inside. Paths cannot contain '"'.
    const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
    const list = [...helper.args, '--hosts-b64', encodePayload(hosts)].map((a) =>
      literal(`"${a}"`),
    );
    const script = `$p = Start-Process -FilePath ${literal(helper.command)} -ArgumentList @(${list.join(',')}) -Verb RunAs -Wait -PassThru -WindowStyle Hidden; exit $p.ExitCode`;
    return {
      command: 'powershell.exe',
      args: [
        '-NoProfile',
        '-NonInteractive',
        '-EncodedCommand',
        Buffer.from(script, 'utf16le').toString('base64'),
      ],
      stdin: null,
    };
  }
  if (context.graphical)
    return { command: 'pkexec', args: [helper.command, ...helper.args], stdin: json };
  return { command: 'sudo', args: ['-n', helper.command, ...helper.args], stdin: json };
}

const ReplySchema = z.object({
  ok: z.boolean(),
  code: z.string().optional(),
  message: z.string().optional(),
});

export interface HelperOutcome {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export function spawnInvocation(
  invocation: Invocation,
  env: NodeJS.ProcessEnv = process.env,
): Promise<HelperOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(invocation.command, invocation.args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env,
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.on('error', () => {}); // the child may exit before reading (cancelled prompt)
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new HostsError(
          'ELEVATION_UNAVAILABLE',
          `Cannot run ${invocation.command} (${error.code ?? error.message}).`,
        ),
      ),
    );
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
    child.stdin.end(invocation.stdin ?? '');
  });
}

/** Turns the helper's exit into success or a HostsError saying what happened and what to do. */
export function interpretOutcome(
  outcome: HelperOutcome,
  invocation: Invocation,
  manualFix: string,
): void {
  const last = outcome.stdout.trim().split('\n').pop() ?? '';
  let reply: z.output<typeof ReplySchema> | null = null;
  try {
    const parsed = ReplySchema.safeParse(JSON.parse(last));
    reply = parsed.success ? parsed.data : null;
  } catch {
    reply = null; // no JSON: the helper never ran (cancelled or refused prompt)
  }
  if (outcome.exitCode === 0 && (reply === null || reply.ok)) return;
  if (reply && !reply.ok && reply.message !== undefined) {
    throw new HostsError('HOSTS_WRITE_FAILED', reply.message);
  }
  const err = outcome.stderr;
  const cancelled =
    (invocation.command === 'pkexec' && outcome.exitCode === 126) ||
    /User canceled|\(-128\)|canceled by the user|cancelled by the user/i.test(err);
  if (cancelled)
    throw new HostsError(
      'ELEVATION_CANCELLED',
      `The administrator prompt was cancelled: the hosts file is unchanged. ${manualFix}`,
    );
  const reason = err.trim().split('\n')[0] || `exit status ${String(outcome.exitCode)}`;
  throw new HostsError(
    'ELEVATION_UNAVAILABLE',
    `Portico could not get administrator rights to edit the hosts file (${invocation.command}: ${reason}). ${manualFix}`,
  );
}
