/**
 * What the privileged hosts helper accepts, checked strictly before anything is written:
 * the host list arrives as DATA (JSON on stdin, or base64 JSON in `--hosts-b64` where stdin
 * cannot pass an elevation prompt), never as a shell string. Every name must pass the
 * shared host rules and need a hosts entry; the file must be the system hosts file unless
 * `--hosts-file` (or PORTICO_HOSTS_FILE, which sudo/pkexec strip) names a file called `hosts`
 * (tests use a temp folder). Nothing else can be pointed at.
 */
import path from 'node:path';
import { z } from 'zod';
import { checkHost } from '../../../shared/host-name';
import { HostsError } from './hosts-file';
import { systemHostsPath } from './hosts-path';

export interface HelperInput {
  file: string;
  hosts: string[];
}

const PayloadSchema = z.object({ hosts: z.array(z.string()).max(1000) });

export function parseHelperArgs(argv: readonly string[]): { file?: string; b64?: string } {
  const out: { file?: string; b64?: string } = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new HostsError('HOSTS_INVALID_NAME', `${flag} needs a value.`);
    if (flag === '--hosts-file') out.file = value;
    else if (flag === '--hosts-b64') out.b64 = value;
    else throw new HostsError('HOSTS_INVALID_NAME', `Unknown argument ${flag}.`);
  }
  return out;
}

/** Validates the payload (already read from stdin or --hosts-b64) and the target file. */
export function helperInput(
  args: { file?: string; b64?: string },
  stdin: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): HelperInput {
  const file = args.file ?? env.PORTICO_HOSTS_FILE ?? systemHostsPath(platform, env);
  if (path.basename(file).toLowerCase() !== 'hosts' || !path.isAbsolute(file))
    throw new HostsError('HOSTS_INVALID_NAME', `Refusing to write ${file}: not a hosts file.`);
  const json = args.b64 !== undefined ? Buffer.from(args.b64, 'base64').toString('utf8') : stdin;
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch {
    throw new HostsError('HOSTS_INVALID_NAME', 'The host list is not valid JSON.');
  }
  const parsed = PayloadSchema.safeParse(payload);
  if (!parsed.success)
    throw new HostsError('HOSTS_INVALID_NAME', 'Expected {"hosts": ["name", …]}.');
  const hosts = parsed.data.hosts.map((name) => {
    const check = checkHost(name);
    if (!check.ok) throw new HostsError('HOSTS_INVALID_NAME', `${name}: ${check.message}`);
    if (check.wildcard || !check.needsHostsEntry)
      throw new HostsError('HOSTS_INVALID_NAME', `${name} does not belong in the hosts file.`);
    return check.host;
  });
  return { file, hosts };
}

export function encodePayload(hosts: readonly string[]): string {
  return Buffer.from(JSON.stringify({ hosts })).toString('base64');
}
