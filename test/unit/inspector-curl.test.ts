// "Copy as cURL": the command's arguments, as the shell really splits them (bash runs the
// command with `curl` replaced by a function that prints its argv), and the refusals. And the
// head a replay sends again (replay's end-to-end run is in inspector-curl-replay.test.ts).
import { execFileSync } from 'node:child_process';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { InspectorSettingsSchema } from '../../shared/config';
import type { Exchange } from '../../shared/exchange';
import { createRecorder } from '../../electron/engine/inspector/recorder';
import { shellQuote, toCurl } from '../../electron/engine/inspector/curl';
import { replayHeaders } from '../../electron/engine/inspector/replay';

/** A finished exchange in a recorder of its own. */
function recorded(method: string, url: string, rawHeaders: string[], body?: Buffer, tls = true) {
  const settings = InspectorSettingsSchema.parse({ captureBodies: true, maxBodyBytes: 16 });
  const recorder = createRecorder({
    settings: () => settings,
    isWatched: () => false,
    onChange: () => {},
  });
  const req = new IncomingMessage(new Socket());
  Object.assign(req, { method, url, httpVersion: '1.1', rawHeaders });
  for (let i = 0; i < rawHeaders.length; i += 2)
    req.headers[(rawHeaders[i] as string).toLowerCase()] = rawHeaders[i + 1];
  const record = recorder.begin(req, {
    clientAddress: '127.0.0.1',
    tls,
    sni: null,
    replayOf: null,
    upgrade: null,
  })!;
  if (body) record.requestBody(body);
  record.finish(null);
  recorder.close();
  return { recorder, id: record.id };
}

function exchange(...args: Parameters<typeof recorded>): Exchange {
  const { recorder, id } = recorded(...args);
  return recorder.get(id, false)!;
}

/** What curl would receive as argv, and what was piped to it, when bash runs the command. */
function argvOf(command: string): { argv: string[]; stdin: string } {
  const script = `curl() { printf '%s\\0' "$@"; printf 'STDIN:'; cat; }\n${command}`;
  const out = execFileSync('bash', ['-c', script], { input: '', encoding: 'latin1' });
  const [args, stdin = ''] = out.split('STDIN:');
  return { argv: (args ?? '').split('\0').slice(0, -1), stdin };
}

describe('toCurl', () => {
  it('quotes names and values with quotes, spaces and $ so the shell passes them through untouched', () => {
    const nasty = `it's "quoted" $HOME $(touch /tmp/pwned) \`id\` \\ back`;
    const ex = exchange(
      'PUT',
      "/a b/'x'?q=$USER",
      [
        'Host',
        'shop.localhost:8443',
        'X-Nasty',
        nasty,
        'Connection',
        'keep-alive, X-Hop',
        'X-Hop',
        'drop me',
        'Content-Length',
        '5',
        'Empty',
        '',
      ],
      Buffer.from(`a'$b\n`),
    );
    const command = toCurl(ex, { caFile: "/ca root/it's.pem", redact: true });
    const { argv } = argvOf(command);
    expect(argv).toEqual([
      '--resolve',
      'shop.localhost:8443:127.0.0.1',
      '--cacert',
      "/ca root/it's.pem",
      '-X',
      'PUT',
      '-H',
      `X-Nasty: ${nasty}`,
      '-H',
      'Empty;',
      '--data-binary',
      `a'$b\n`,
      "https://shop.localhost:8443/a%20b/'x'?q=$USER",
    ]);
  });

  it('leaves out redacted headers and says so in a trailing comment', () => {
    const ex = exchange('GET', '/', [
      'Host',
      'shop.localhost',
      'Cookie',
      'sid=1',
      'Authorization',
      'Bearer x',
      'Accept',
      '*/*',
    ]);
    const redacted = toCurl(ex, { caFile: null, redact: true });
    expect(redacted).not.toMatch(/sid=1|Bearer/);
    expect(redacted.split('\n').at(-1)).toBe(
      '# Left out (redacted): Cookie, Authorization. Switch off redaction to include them.',
    );
    expect(argvOf(redacted).argv).toEqual([
      '--resolve',
      'shop.localhost:443:127.0.0.1',
      '-H',
      'Accept: */*',
      'https://shop.localhost/',
    ]);
    const open = toCurl(ex, { caFile: null, redact: false });
    expect(argvOf(open).argv).toContain('Cookie: sid=1');
  });

  it('pipes a binary body base64-encoded, and says when a body is missing or truncated', () => {
    const binary = exchange(
      'POST',
      '/up',
      ['Host', 'x.localhost', 'Content-Type', 'application/octet-stream'],
      Buffer.from([0, 1, 2, 255]),
      false,
    );
    const { argv, stdin } = argvOf(toCurl(binary, { caFile: null, redact: true }));
    expect(argv).toEqual([
      '--resolve',
      'x.localhost:80:127.0.0.1',
      '-X',
      'POST',
      '-H',
      'Content-Type: application/octet-stream',
      '--data-binary',
      '@-',
      'http://x.localhost/up',
    ]);
    expect(Buffer.from(stdin, 'latin1')).toEqual(Buffer.from([0, 1, 2, 255]));

    const big = exchange(
      'POST',
      '/big',
      ['Host', 'x.localhost', 'Content-Length', '20'],
      Buffer.alloc(20, 97),
      false,
    );
    const truncated = toCurl(big, { caFile: null, redact: true });
    expect(truncated).toMatch(/# The body \(20 bytes\) was captured only in part/);
    expect(argvOf(truncated).argv).not.toContain('--data-binary');
  });

  it('uses --head for HEAD, --globoff for brackets, and the given port', () => {
    const ex = exchange('HEAD', '/a[1]', ['Host', 'shop.localhost']);
    const { argv } = argvOf(
      toCurl(ex, {
        caFile: null,
        redact: true,
        port: 8443,
        publicUrl: 'https://shop.localhost:8443',
      }),
    );
    expect(argv).toEqual([
      '--resolve',
      'shop.localhost:8443:127.0.0.1',
      '--globoff',
      '--head',
      'https://shop.localhost:8443/a[1]',
    ]);
  });

  it('refuses header values and paths with line breaks', () => {
    const ex = exchange('GET', '/', ['Host', 'shop.localhost', 'X-A', 'ok']);
    const broken = {
      ...ex,
      request: {
        ...ex.request,
        received: [...ex.request.received, ['X-B', 'a\r\nInjected: 1'] as [string, string]],
      },
    };
    expect(() => toCurl(broken, { caFile: null, redact: true })).toThrow(/line break/);
    expect(() => toCurl({ ...ex, path: '/a\nb' }, { caFile: null, redact: true })).toThrow(
      /line break/,
    );
  });

  it('shellQuote round-trips any string through bash', () => {
    for (const value of ["'", "''", 'a b', '$x', '"', '\\', '!', "it's", '`', '*', '~']) {
      expect(
        execFileSync('bash', ['-c', `printf %s ${shellQuote(value)}`], { encoding: 'utf8' }),
      ).toBe(value);
    }
  });
});

describe('replayHeaders', () => {
  it('drops what the Connection header names, but never Host or Content-Length', () => {
    const body = Buffer.from('hello');
    const { recorder, id } = recorded(
      'POST',
      '/form',
      [
        'Host',
        'shop.localhost',
        'Connection',
        'keep-alive, Host, X-Hop, Content-Length',
        'X-Hop',
        'drop me',
        'Close',
        'reserved',
        'Content-Length',
        '5',
        'X-Kept',
        'yes',
      ],
      body,
    );
    expect(replayHeaders(recorder.record(id)!, body)).toEqual([
      'Host',
      'shop.localhost',
      'X-Kept',
      'yes',
      'Content-Length',
      '5',
      'x-portico-replay-of',
      id,
    ]);
  });
});
