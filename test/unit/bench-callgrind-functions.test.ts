import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { selfCostByFunction } from '../../bench/lib/callgrind-functions';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function files(dump: string, perfMap: string) {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-callgrind-'));
  const dumpFile = path.join(dir, 'callgrind.out');
  const mapFile = path.join(dir, 'perf.map');
  writeFileSync(dumpFile, dump);
  writeFileSync(mapFile, perfMap);
  return { dumpFile, mapFile };
}

// The shape callgrind writes with --dump-instr=no: names given once, then by number; the cost
// line after `calls=` is the callee's inclusive cost, not the caller's own.
const DUMP = `version: 1
events: Ir
fn=(1) main
0 100
cfn=(2) Builtins_ArrayPrototypeJoin
calls=3 0
0 900
fn=(2)
0 600
fn=(3) 0x1000
0 40
fn=(4) 0x2010
0 7
fn=(5) 0x9000
0 5
fn=(1)
0 20
totals: 772
`;

describe('callgrind self cost per function', () => {
  it('adds up each function own cost, not what its calls cost', () => {
    const { dumpFile } = files(DUMP, '');
    const costs = selfCostByFunction(dumpFile, null);
    expect(costs.get('main')).toBe(120);
    expect(costs.get('Builtins_ArrayPrototypeJoin')).toBe(600);
  });

  it("names V8's generated code from its perf map, the later of two ranges over an address", () => {
    const { dumpFile, mapFile } = files(
      DUMP,
      [
        '1000 100 JS:*pack file:///out/host.mjs:10:1',
        '2000 100 JS:~oldCode file:///out/host.mjs:20:1',
        '2000 40 JS:*newCode file:///out/host.mjs:30:1',
      ].join('\n'),
    );
    const costs = selfCostByFunction(dumpFile, mapFile);
    expect(costs.get('JS *pack file:///out/host.mjs:10:1')).toBe(40);
    expect(costs.get('JS *newCode file:///out/host.mjs:30:1')).toBe(7);
    expect(costs.get('generated code (unnamed)')).toBe(5);
  });
});
