import { describe, expect, it } from 'vitest';
import { engineProcessArgs, parseEngineProcessArgs } from '../../electron/main/engine-process-args';

describe('engine process arguments', () => {
  it('carries the data dir, spaces and all, to the utility process', () => {
    const dataDir = '/home/ana/.config/Portico Dev';
    expect(
      parseEngineProcessArgs(['/usr/bin/electron', ...engineProcessArgs({ dataDir })]),
    ).toEqual({ dataDir });
  });

  it('refuses a missing or empty data dir', () => {
    expect(parseEngineProcessArgs(['node', 'engine-process.js'])).toBeNull();
    expect(parseEngineProcessArgs(['--data-dir='])).toBeNull();
  });
});
