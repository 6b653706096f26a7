import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { WebSocket } from 'ws';
import type { WireMessage } from '../../app/contract';
import { RENDERER_CSP_HEADER } from '../../main/service/rendererCsp';
import { startWebServer, type RunningWebServer } from '../../main/web/webServer';
import { createSocketApi, type SocketLike } from '../../renderer/bridge';
import { closed, FakeApi, Inbox, makeSite, openSocket, SNAPSHOT } from './webHelpers';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends the path exactly as written (no URL normalisation), as an attacker's client would. */
function rawGet(
  port: number,
  path: string,
  host = `127.0.0.1:${port}`,
  method = 'GET',
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser mode web server', () => {
  const api = new FakeApi();
  let site: Awaited<ReturnType<typeof makeSite>>;
  let server: RunningWebServer;
  let wsUrl: string;
  const sockets: WebSocket[] = [];

  async function connect(): Promise<{ ws: WebSocket; inbox: Inbox }> {
    const ws = await openSocket(wsUrl, server.origin);
    sockets.push(ws);
    return { ws, inbox: new Inbox(ws) };
  }

  async function call(
    inbox: Inbox,
    ws: WebSocket,
    id: number,
    method: string,
    args: unknown[],
  ): Promise<WireMessage> {
    ws.send(JSON.stringify({ t: 'call', id, method, args }));
    return inbox.next();
  }

  before(async () => {
    site = await makeSite();
    server = await startWebServer({ api, staticDir: site.site, port: 0, log: () => {} });
    wsUrl = `ws://127.0.0.1:${server.port}/ws?token=${server.token}`;
  });

  after(async () => {
    for (const ws of sockets) ws.terminate();
    await server.close();
    await site.cleanup();
  });

  it('listens on 127.0.0.1 and prints an address with a 32-byte token', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
    assert.equal(Buffer.from(server.token, 'base64url').length, 32);
  });

  it('refuses a socket without the token', async () => {
    await assert.rejects(openSocket(`ws://127.0.0.1:${server.port}/ws`, server.origin), { status: 401 });
  });

  it('refuses a socket with a wrong token', async () => {
    await assert.rejects(
      openSocket(`ws://127.0.0.1:${server.port}/ws?token=${'A'.repeat(43)}`, server.origin),
      { status: 401 },
    );
  });

  it('refuses a socket from another origin, or with no origin, even with the token', async () => {
    await assert.rejects(openSocket(wsUrl, 'http://evil.example'), { status: 403 });
    await assert.rejects(openSocket(wsUrl, `http://127.0.0.1:${server.port + 1}`), { status: 403 });
    await assert.rejects(openSocket(wsUrl, undefined), { status: 403 });
  });

  it('refuses a socket on any path but /ws', async () => {
    await assert.rejects(
      openSocket(`ws://127.0.0.1:${server.port}/other?token=${server.token}`, server.origin),
      { status: 404 },
    );
  });

  it('round-trips getSnapshot for a page of its own origin with the token', async () => {
    const { ws, inbox } = await connect();
    const reply = await call(inbox, ws, 7, 'getSnapshot', []);
    assert.deepEqual(reply, { t: 'reply', id: 7, ok: true, value: SNAPSHOT });
  });

  it('passes checked arguments to the service and returns its value', async () => {
    const { ws, inbox } = await connect();
    const reply = await call(inbox, ws, 1, 'openConversation', [[' bob@example.com ']]);
    assert.deepEqual(reply, { t: 'reply', id: 1, ok: true, value: 'c1' });
    assert.deepEqual(api.calls.at(-1), { method: 'openConversation', args: [['bob@example.com']] });
  });

  it('answers an invalid argument or an unknown method with one sentence and does not call the service', async () => {
    const { ws, inbox } = await connect();
    const before = api.calls.length;
    const bad = await call(inbox, ws, 2, 'addContact', ['not an address']);
    assert.equal(bad.t === 'reply' && !bad.ok && bad.id === 2, true);
    const error = (bad as { error: string }).error;
    assert.match(error, /^[A-Z"].*\.$/);
    assert.doesNotMatch(error, /\n|\bat\s/);
    const unknown = await call(inbox, ws, 3, 'constructor', []);
    assert.deepEqual(unknown, { t: 'reply', id: 3, ok: false, error: 'There is no such action.' });
    const extra = await call(inbox, ws, 4, 'getSnapshot', ['surprise']);
    assert.equal(extra.t === 'reply' && !extra.ok, true);
    assert.equal(api.calls.length, before);
  });

  it('closes the socket with a policy code on malformed JSON', async () => {
    const { ws } = await connect();
    const done = closed(ws);
    ws.send('{"t":"call",');
    assert.equal((await done).code, 1008);
  });

  it('closes the socket with a policy code on a message that is not a call', async () => {
    const { ws } = await connect();
    const done = closed(ws);
    ws.send(JSON.stringify({ t: 'event', event: { type: 'notice', message: 'hi' } }));
    assert.equal((await done).code, 1008);
  });

  it('closes the socket on a message over 1 MB', async () => {
    const { ws } = await connect();
    const done = closed(ws);
    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'setNickname', args: ['x'.repeat(1024 * 1024)] }));
    assert.equal((await done).code, 1009);
  });

  it('forwards every event to every connected tab', async () => {
    const a = await connect();
    const b = await connect();
    api.emit({ type: 'notice', message: 'Hello, both of you.' });
    const expected = { t: 'event', event: { type: 'notice', message: 'Hello, both of you.' } };
    assert.deepEqual(await a.inbox.next(), expected);
    assert.deepEqual(await b.inbox.next(), expected);
  });

  it('serves the page with the renderer CSP as a header (frame-ancestors too), nosniff and the right content types', async () => {
    const page = await rawGet(server.port, '/?token=abc');
    assert.equal(page.status, 200);
    assert.match(page.body, /<title>Butterfly<\/title>/);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(page.headers['content-security-policy'], RENDERER_CSP_HEADER);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    const script = await rawGet(server.port, '/assets/index-abc.js');
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    const style = await rawGet(server.port, '/assets/index-abc.css');
    assert.equal(style.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(style.headers['content-security-policy'], RENDERER_CSP_HEADER);
  });

  for (const path of [
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/secret.txt',
    '/assets/..%2f..%2fpackage.json',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/%00index.html',
    '/%E0%A4%A',
    '/.hidden',
    '/assets/link.txt',
  ]) {
    it(`answers 404 to ${path} (nothing outside the build directory, no hidden files, no symlinks out)`, async () => {
      const res = await rawGet(server.port, path);
      assert.equal(res.status, 404);
      assert.doesNotMatch(res.body, /secret/);
      assert.equal(res.headers['content-security-policy'], RENDERER_CSP_HEADER);
    });
  }

  it('lists no directory', async () => {
    for (const path of ['/assets', '/assets/']) {
      const res = await rawGet(server.port, path);
      assert.equal(res.status, 404);
      assert.doesNotMatch(res.body, /index-abc/);
    }
  });

  it('refuses a request for another host name (DNS rebinding) and any method but GET and HEAD', async () => {
    assert.equal((await rawGet(server.port, '/', 'evil.example:80')).status, 403);
    assert.equal((await rawGet(server.port, '/', `localhost:${server.port}`)).status, 200);
    assert.equal((await rawGet(server.port, '/', undefined, 'POST')).status, 405);
  });

  it("serves the renderer's WebSocket client: calls, events and a local openWindow", async () => {
    const opened: unknown[] = [];
    const client = createSocketApi({
      url: wsUrl,
      connect: (url) => new WebSocket(url, { origin: server.origin }) as unknown as SocketLike,
      openWindow: (route) => opened.push(route),
    });
    try {
      const events: unknown[] = [];
      client.subscribe((e) => events.push(e));
      assert.deepEqual(await client.getSnapshot(), SNAPSHOT);
      await assert.rejects(client.addContact('nobody'), (err: Error) => /e-mail address/.test(err.message));
      const callsBefore = api.calls.length;
      await client.openWindow({ kind: 'dialog', dialog: 'options' });
      assert.deepEqual(opened, [{ kind: 'dialog', dialog: 'options' }]);
      assert.equal(api.calls.length, callsBefore, 'openWindow stays in the page');
      api.emit({ type: 'sound', sound: 'online' });
      await client.getSnapshot(); // the reply follows the event on the same socket
      assert.deepEqual(events, [{ type: 'sound', sound: 'online' }]);
    } finally {
      client.close();
    }
  });
});
