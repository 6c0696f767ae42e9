import { describe, expect, it } from 'vitest';
import { parseSerializedHead } from '../../electron/engine/inspector/to-exchange';

describe('parseSerializedHead', () => {
  it('skips a request line, even one whose target holds a colon', () => {
    expect(parseSerializedHead('GET http://a.localhost:80/x HTTP/1.1\r\nhost: a\r\n\r\n')).toEqual([
      ['host', 'a'],
    ]);
  });

  it('skips a status line, even one whose reason holds a colon', () => {
    expect(parseSerializedHead('HTTP/1.1 200 Fine: yes\r\nServer: dev\r\n')).toEqual([
      ['Server', 'dev'],
    ]);
  });

  it('reads header lines without a start line from the first line on', () => {
    expect(parseSerializedHead('Server: dev server\r\nX-Tight:v\r\nX-Colon: a: b')).toEqual([
      ['Server', 'dev server'],
      ['X-Tight', 'v'],
      ['X-Colon', 'a: b'],
    ]);
  });
});
