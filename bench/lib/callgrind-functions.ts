/**
 * Instructions per function from a callgrind dump (self cost: what ran in the function itself,
 * not in what it called). Code V8 generated has no symbol; with the `perf-PID.map` V8 writes
 * under `--perf-basic-prof` its addresses are named after the JavaScript functions they were
 * compiled from (prefixed "JS "). Inlining moves cost between JavaScript functions from one
 * process to the next; V8's and Node's own C++ functions and builtins compare exactly.
 */
import { readFileSync } from 'node:fs';

interface CodeRange {
  start: number;
  size: number;
  name: string;
  /** Line in the map: code freed and compiled anew can take the same addresses; the later wins. */
  order: number;
}

/** How far back a lookup looks for a later range over the same address (overlaps are local). */
const OVERLAP_SCAN = 64;

function readPerfMap(file: string): CodeRange[] {
  const ranges: CodeRange[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, order) => {
      const match = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
      if (!match) return;
      const [, start, size, name] = match as unknown as [string, string, string, string];
      ranges.push({ start: parseInt(start, 16), size: parseInt(size, 16), name, order });
    });
  return ranges.sort((a, b) => a.start - b.start || a.order - b.order);
}

/**
 * The generated code an address lies in: the last range starting at or before it (binary
 * search), then the latest-listed of the nearby ranges that contain it. Null when none does.
 */
function codeAt(ranges: readonly CodeRange[], address: number): string | null {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((ranges[middle] as CodeRange).start <= address) low = middle + 1;
    else high = middle - 1;
  }
  let found: CodeRange | null = null;
  for (let i = high; i >= 0 && i > high - OVERLAP_SCAN; i--) {
    const range = ranges[i] as CodeRange;
    if (address < range.start + range.size && (!found || range.order > found.order)) found = range;
  }
  return found ? found.name.replace(/^(?:LazyCompile|Function|JS):?\s*/, '') : null;
}

/**
 * Self cost per function of a dump written with `--dump-instr=no`. Names are compressed
 * ("fn=(12) name" once, "fn=(12)" after), a cost line after "calls=" is the call's inclusive
 * cost (skipped), every other cost line belongs to the current function.
 */
export function selfCostByFunction(dumpFile: string, perfMap: string | null): Map<string, number> {
  const names = new Map<string, string>();
  const ranges = perfMap ? readPerfMap(perfMap) : [];
  const costs = new Map<string, number>();
  let current: string | null = null;
  let skipCallCost = false;
  const nameOf = (raw: string): string => {
    const address = /^0x([0-9a-f]+)$/.exec(raw)?.[1];
    if (address === undefined) return raw;
    const code = codeAt(ranges, parseInt(address, 16));
    return code === null ? 'generated code (unnamed)' : `JS ${code}`;
  };
  for (const line of readFileSync(dumpFile, 'utf8').split('\n')) {
    const named = /^(c?fn)=\((\d+)\)(?: (.*))?$/.exec(line);
    if (named) {
      const [, kind, id, name] = named as unknown as [string, string, string, string | undefined];
      if (name !== undefined) names.set(id, nameOf(name));
      if (kind === 'fn') current = names.get(id) ?? null;
      continue;
    }
    if (line.startsWith('calls=')) {
      skipCallCost = true;
      continue;
    }
    if (!/^[\d+\-*]/.test(line)) continue;
    if (skipCallCost) {
      skipCallCost = false;
      continue;
    }
    const cost = Number(line.split(' ')[1]);
    if (current !== null && Number.isFinite(cost))
      costs.set(current, (costs.get(current) ?? 0) + cost);
  }
  return costs;
}
