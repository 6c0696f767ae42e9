import { describe, expect, it } from 'vitest';
import { readPositiveIntegers } from '../../bench/lib/args';

describe("the bench scripts' numeric options", () => {
  it('reads positive integers by name', () => {
    expect(readPositiveIntegers({ blocks: '4', events: '1000' }, { events: 1_500 })).toEqual({
      blocks: 4,
      events: 1000,
    });
  });

  it('says what the options must be when one is not', () => {
    const problem = 'must be positive integers, --events ≤ 1500';
    for (const blocks of ['0', '-2', '1.5', 'four', ''])
      expect(readPositiveIntegers({ blocks, events: '10' }, { events: 1_500 })).toBe(
        `--blocks and --events ${problem}`,
      );
    expect(readPositiveIntegers({ blocks: '1', events: '1501' }, { events: 1_500 })).toBe(
      `--blocks and --events ${problem}`,
    );
    expect(readPositiveIntegers({ 'warm-up': 'x', blocks: '1', events: '1' })).toBe(
      '--warm-up, --blocks and --events must be positive integers',
    );
    expect(readPositiveIntegers({ top: '0' })).toBe('--top must be a positive integer');
  });
});
