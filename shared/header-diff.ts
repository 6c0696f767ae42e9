/**
 * Lines up two header lists (before and after the proxy) by name and marks each name
 * same / added / changed / removed, with the reason for every change the proxy made. The
 * renderer shows the rows side by side. Platform-free.
 */
import { addConnectionNames } from './hop-by-hop';
import type { HeaderList } from './exchange';
import { explainHeader, type HeaderChange, type HeaderDirection } from './header-explanations';

export interface HeaderDiffRow {
  /** The name as first written (before's spelling when both sides have it). */
  name: string;
  before: string[];
  after: string[];
  change: HeaderChange;
  explanation: string | null;
}

export interface DiffOptions {
  /** `request`: received → forwarded; `response`: from the dev server → sent. Default request. */
  direction?: HeaderDirection;
}

interface Group {
  name: string;
  values: string[];
}

function group(list: HeaderList): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const [name, value] of list) {
    const key = name.toLowerCase();
    const existing = groups.get(key);
    if (existing) existing.values.push(value);
    else groups.set(key, { name, values: [value] });
  }
  return groups;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** The names the message's `Connection` lists that the proxy drops besides the fixed ones. */
function connectionNames(groups: Map<string, Group>): ReadonlySet<string> {
  let names: Set<string> | null = null;
  for (const value of groups.get('connection')?.values ?? [])
    names = addConnectionNames(value, names);
  return names ?? new Set();
}

/** Rows in a stable order: before's order (by first appearance), then names only in after. */
export function diffHeaders(
  before: HeaderList,
  after: HeaderList,
  options: DiffOptions = {},
): HeaderDiffRow[] {
  const direction = options.direction ?? 'request';
  const left = group(before);
  const right = group(after);
  const names = connectionNames(left);
  const upgrade = [...(left.get('upgrade')?.values ?? []), ...(right.get('upgrade')?.values ?? [])];
  const websocket = upgrade.some((value) => value.trim().toLowerCase() === 'websocket');

  const rows: HeaderDiffRow[] = [];
  const push = (key: string, name: string) => {
    const b = left.get(key)?.values ?? [];
    const a = right.get(key)?.values ?? [];
    const change: HeaderChange =
      b.length === 0 ? 'added' : a.length === 0 ? 'removed' : sameValues(a, b) ? 'same' : 'changed';
    const explanation = explainHeader(key, change, {
      direction,
      connectionNames: names,
      websocket,
      before: b,
      after: a,
    });
    rows.push({ name, before: b, after: a, change, explanation });
  };
  for (const [key, { name }] of left) push(key, name);
  for (const [key, { name }] of right) if (!left.has(key)) push(key, name);
  return rows;
}
