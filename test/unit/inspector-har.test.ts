// HAR export: valid against the HAR 1.2 JSON schema (har-schema), with what DevTools needs
// to import it (ISO start times, non-negative times, the browser's view of the headers).
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { harValidator } from '../helpers/har-validator';
import { InspectorSettingsSchema } from '../../shared/config';
import { createRecorder } from '../../electron/engine/inspector/recorder';
import { toHar } from '../../electron/engine/inspector/har';

const validator = harValidator;

function request(method: string, url: string, rawHeaders: string[]): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  Object.assign(req, { method, url, httpVersion: '1.1', rawHeaders });
  for (let i = 0; i < rawHeaders.length; i += 2) {
    req.headers[(rawHeaders[i] as string).toLowerCase()] = rawHeaders[i + 1];
  }
  return req;
}

function recordSome() {
  const settings = InspectorSettingsSchema.parse({ captureBodies: true, redact: false });
  const recorder = createRecorder({
    settings: () => settings,
    isWatched: () => false,
    onChange: () => {},
  });
  const tls = {
    clientAddress: '127.0.0.1',
    tls: true,
    sni: 'shop.localhost',
    replayOf: null,
    upgrade: null,
  };

  const post = recorder.begin(
    request('POST', '/api/items?sort=asc&q=a%20b', [
      'Host',
      'shop.localhost:8443',
      'Cookie',
      'sid=1; theme=dark',
      'Content-Type',
      'application/json',
    ]),
    tls,
  )!;
  post.routed('shop.localhost', 'http://127.0.0.1:5173');
  post.connected();
  post.forwarded([
    ['host', 'shop.localhost:8443'],
    ['x-forwarded-proto', 'https'],
  ]);
  post.requestBody(Buffer.from('{"name":"x"}'));
  post.responseReceived(302, ['Location', '/items/1', 'Set-Cookie', 'sid=2; HttpOnly']);
  post.responseSent(302, [
    'Location',
    '/items/1',
    'Set-Cookie',
    'sid=2; HttpOnly',
    'Content-Length',
    '0',
  ]);
  post.finish(null);

  const image = recorder.begin(request('GET', '/logo.png', ['Host', 'shop.localhost']), {
    ...tls,
    tls: false,
    sni: null,
  })!;
  image.responseSent(200, [['content-type', 'image/png']]);
  image.responseBody(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  image.finish(null);

  const failed = recorder.begin(request('GET', '/down', ['Host', 'api.localhost']), tls)!;
  failed.routed('api.localhost', 'http://127.0.0.1:9');
  failed.responseSent(502, [['content-type', 'text/html']]);
  failed.finish('ECONNREFUSED');

  const pending = recorder.begin(request('GET', '/sse', ['Host', 'shop.localhost']), tls)!;
  void pending; // still streaming: no end time yet

  const list = recorder.listDetails();
  recorder.close();
  return list;
}

describe('toHar', () => {
  it('validates against the HAR 1.2 schema', () => {
    const har = toHar(recordSome(), { creatorVersion: '0.1.0' });
    const validate = validator();
    const valid = validate(har);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // A broken document is refused, so the check above can fail.
    expect(validate({ log: { version: '1.2', entries: [{}] } })).toBe(false);
  });

  it('describes what the browser saw, oldest first, in the form DevTools imports', () => {
    const har = toHar(recordSome(), { creatorVersion: '0.1.0' });
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'Portico', version: '0.1.0' });
    expect(har.log.entries).toHaveLength(4);
    // The test reads the plain JSON a file would hold; its shape is what is under test.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const [post, image, failed, pending] = har.log.entries as [any, any, any, any];
    for (const entry of har.log.entries) {
      expect(new Date(entry.startedDateTime).toISOString()).toBe(entry.startedDateTime);
      expect(entry.time).toBeGreaterThanOrEqual(0);
    }
    expect(post.request.url).toBe('https://shop.localhost:8443/api/items?sort=asc&q=a%20b');
    expect(post.request.queryString).toEqual([
      { name: 'sort', value: 'asc' },
      { name: 'q', value: 'a b' },
    ]);
    expect(post.request.cookies).toEqual([
      { name: 'sid', value: '1' },
      { name: 'theme', value: 'dark' },
    ]);
    expect(post.request.postData).toEqual({ mimeType: 'application/json', text: '{"name":"x"}' });
    expect(post.response.status).toBe(302);
    expect(post.response.statusText).toBe('Found');
    expect(post.response.redirectURL).toBe('/items/1');
    expect(post.response.cookies).toEqual([{ name: 'sid', value: '2' }]);
    expect(post.response.headers).toContainEqual({ name: 'Content-Length', value: '0' }); // as sent
    expect(post._portico.forwardedRequestHeaders).toContainEqual({
      name: 'x-forwarded-proto',
      value: 'https',
    });
    expect(post.serverIPAddress).toBe('127.0.0.1');
    expect(image.request.url).toBe('http://shop.localhost/logo.png');
    expect(image.response.content).toMatchObject({
      size: 4,
      mimeType: 'image/png',
      encoding: 'base64',
      text: 'iVBORw==',
    });
    expect(image._resourceType).toBe('image');
    expect(failed.response.status).toBe(502);
    expect(failed._portico.error).toBe('ECONNREFUSED');
    expect(pending.response.status).toBe(0);
    expect(pending.timings).toMatchObject({ blocked: -1, dns: -1, ssl: -1, connect: -1 });
  });
});
