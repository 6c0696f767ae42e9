/**
 * Check: the domain's name resolves to loopback on this machine, as the OS resolver does it
 * (every address, since a browser may try any of them). `.localhost` names are resolved to
 * loopback by browsers and curl themselves, so an OS that does not resolve them is a warning.
 */
import { lookup } from 'node:dns/promises';
import type { DoctorCheck, HostsStatus } from '../../../shared/doctor';
import { check, type DomainContext, type LookupAddress } from './doctor-context';

const TITLE = 'The name resolves to this machine';

export function isLoopback(address: string): boolean {
  const v4 = address.replace(/^::ffff:/i, '');
  return /^127\.\d+\.\d+\.\d+$/.test(v4) || address === '::1';
}

export async function defaultLookup(host: string): Promise<LookupAddress[]> {
  return lookup(host, { all: true, verbatim: true });
}

export async function checkResolve(
  context: DomainContext,
  resolve: (host: string) => Promise<LookupAddress[]>,
  hosts: HostsStatus | null,
): Promise<DoctorCheck> {
  const { name } = context;
  const localhost = name === 'localhost' || name.endsWith('.localhost');
  const hostsFile = hosts?.file ?? 'the hosts file';
  const addLine = `Add "127.0.0.1 ${name}" and "::1 ${name}" to ${hostsFile}.`;
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    if (localhost)
      return check(
        'resolve',
        TITLE,
        'warn',
        `This machine's resolver does not know ${name} (${code}), but browsers and curl resolve every .localhost name to loopback themselves.`,
        `Only needed for other tools (Node's fetch, Python, ...): add "127.0.0.1 ${name}" to ${hostsFile}, or on Linux enable systemd-resolved / nss-myhostname.`,
      );
    const problem = hosts?.problem
      ? ` Portico could not update the hosts file: ${hosts.problem}`
      : '';
    return check(
      'resolve',
      TITLE,
      'fail',
      `${name} does not resolve (${code}): browsers will say the site cannot be reached.${problem}`,
      hosts?.problem ? addLine : `${addLine} Portico adds it when it may write the file.`,
    );
  }
  const list = addresses.map((a) => a.address).join(', ');
  const foreign = addresses.filter((a) => !isLoopback(a.address));
  if (addresses.length > 0 && foreign.length === 0)
    return check('resolve', TITLE, 'pass', `${name} resolves to ${list}.`);
  return check(
    'resolve',
    TITLE,
    'fail',
    `${name} resolves to ${list}, not only to this machine: requests would go elsewhere.`,
    `Remove the other entries for ${name} (hosts file, DNS, VPN search domain), or pick another name. ${addLine}`,
  );
}
