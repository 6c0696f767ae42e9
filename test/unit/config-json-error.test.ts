import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { locateJsonError } from '../../electron/engine/config/json-error-position';
import { parseConfigText } from '../../electron/engine/config/config-file';

describe('locateJsonError', () => {
  it('finds nothing wrong in valid JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        expect(locateJsonError(JSON.stringify(value, null, pretty ? 2 : 0))).toBeNull();
      }),
    );
  });

  it.each([
    ['{\n  "domains": [,]\n}', 2, 15, 'unexpected ","'],
    ['{\n  "a": 1,\n}', 3, 1, 'expected a property name in double quotes, found "}"'],
    ["{ 'a': 1 }", 1, 3, 'expected a property name'],
    ['{ "a": 1 "b": 2 }', 1, 10, "expected ',' or '}'"],
    ['{ "a": [1, 2 }', 1, 14, "expected ',' or ']'"],
    ['{ "a": tru }', 1, 8, 'unexpected "t"'],
    ['', 1, 1, 'unexpected end of file'],
    ['{} x', 1, 4, 'after the end'],
  ])('locates the error in %j at line %i, column %i', (text, line, column, message) => {
    const location = locateJsonError(text);
    expect(location).toMatchObject({ line, column });
    expect(location?.message).toContain(message);
  });

  it('gives config problems as one line with the file, line and column', () => {
    const result = parseConfigText('{\n  "version": 1,\n  "domains": [,]\n}\n', '/d/config.json');
    expect(result).toMatchObject({ kind: 'corrupt' });
    const problem = result.kind === 'corrupt' ? result.problem : '';
    expect(problem).toBe('/d/config.json: invalid JSON at line 3, column 15: unexpected ","');
    expect(parseConfigText('{"version": 2}', 'c.json')).toMatchObject({
      problem: expect.stringContaining('newer Portico'),
    });
  });
});
