/**
 * Finds where a JSON text stops being valid JSON, for a message a person can act on
 * ("line 3, column 15: unexpected ','"). V8's own messages vary by version and sometimes
 * quote several lines of the file instead of giving a position, so this small scanner,
 * used only after JSON.parse has failed, locates the first error itself.
 */
export interface JsonErrorLocation {
  offset: number;
  line: number;
  column: number;
  message: string;
}

class ScanError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

export function locateJsonError(text: string): JsonErrorLocation | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i += 1;
  };
  const fail = (message: string): never => {
    throw new ScanError(i, message);
  };
  const describe = () =>
    i >= text.length ? 'unexpected end of file' : `unexpected ${JSON.stringify(text[i])}`;
  const expect = (char: string) => {
    ws();
    if (text[i] !== char)
      fail(`expected '${char}', found ${describe().replace('unexpected ', '')}`);
    i += 1;
  };
  const string = () => {
    i += 1; // opening quote
    while (i < text.length && text[i] !== '"') {
      const char = text[i]!;
      if (char < ' ') fail('control character in a string (use \\n for a new line)');
      if (char === '\\') {
        i += 1;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('bad \\u escape');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail('bad escape in a string');
      }
      i += 1;
    }
    if (i >= text.length) fail('unterminated string');
    i += 1;
  };
  const value = (): void => {
    ws();
    const char = text[i];
    if (char === '{') {
      i += 1;
      ws();
      if (text[i] === '}') {
        i += 1;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"')
          fail(
            `expected a property name in double quotes, found ${describe().replace('unexpected ', '')}`,
          );
        string();
        expect(':');
        value();
        ws();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === '}') {
          i += 1;
          return;
        }
        fail(`expected ',' or '}', found ${describe().replace('unexpected ', '')}`);
      }
    }
    if (char === '[') {
      i += 1;
      ws();
      if (text[i] === ']') {
        i += 1;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === ']') {
          i += 1;
          return;
        }
        fail(`expected ',' or ']', found ${describe().replace('unexpected ', '')}`);
      }
    }
    if (char === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(i, i + 400),
    );
    if (literal) {
      i += literal[0].length;
      return;
    }
    fail(describe());
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`${describe()} after the end of the JSON value`);
    return null;
  } catch (error) {
    if (!(error instanceof ScanError)) throw error;
    const before = text.slice(0, error.offset).split('\n');
    return {
      offset: error.offset,
      line: before.length,
      column: (before[before.length - 1] ?? '').length + 1,
      message: error.message,
    };
  }
}
