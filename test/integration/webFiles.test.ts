import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { startWebServer, type RunningWebServer } from '../../main/web/webServer';
import { UploadStore } from '../../main/web/uploadStore';
import { receivedFileUrl, uploadFile } from '../../renderer/bridge';
import { FakeApi, makeSite } from './webHelpers';
import {
  CAP,
  ID,
  NodeXhr,
  assertOneSentence,
  openStore,
  pieces,
  rawStatus,
  send,
  sha256,
  type Reply,
} from './webFilesHelpers';

describe('browser mode file addresses (POST /upload, GET /received/<id>)', () => {
  const api = new FakeApi();
  const received = new Map<string, string>();
  let site: Awaited<ReturnType<typeof makeSite>>;
  let data: string;
  let uploadsDir: string;
  let store: UploadStore;
  let server: RunningWebServer;

  const uploadPath = (name: string, token = server.token): string =>
    `/upload?token=${encodeURIComponent(token)}&name=${encodeURIComponent(name)}`;
  const own = (): Record<string, string> => ({ origin: server.origin });

  function upload(name: string, body: Buffer, headers: Record<string, string> = own()): Promise<Reply> {
    return send(server.port, {
      method: 'POST',
      path: uploadPath(name),
      headers: { 'content-length': String(body.length), ...headers },
      chunks: pieces(body),
    });
  }

  async function uploadsLeft(): Promise<string[]> {
    await store.idle();
    return readdir(uploadsDir);
  }

  before(async () => {
    site = await makeSite();
    data = await mkdtemp(join(tmpdir(), 'butterfly-files-'));
    uploadsDir = join(data, 'uploads');
    // What a run that crashed left behind.
    await mkdir(join(uploadsDir, 'old'), { recursive: true });
    await writeFile(join(uploadsDir, 'old', 'leftover.bin'), 'stale');
    store = await openStore({ dir: uploadsDir, maxBytes: CAP });
    server = await startWebServer({
      api,
      uploads: store,
      received: { receivedFile: (id) => received.get(id) ?? null },
      staticDir: site.site,
      port: 0,
      log: () => {},
    });
  });

  after(async () => {
    await server.close();
    await store.close();
    await rm(data, { recursive: true, force: true });
    await site.cleanup();
  });

  it('clears the uploads an earlier run left behind when it opens', async () => {
    assert.deepEqual(await uploadsLeft(), []);
  });

  it('stores an upload byte for byte under uploads/<id>/<name> and resolves it by id', async () => {
    const bytes = randomBytes(CAP - 123);
    const reply = await upload('holiday photo.jpg', bytes);
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(reply.headers['cache-control'], 'no-store');
    const { uploadId } = reply.json();
    assert.equal(typeof uploadId, 'string');
    assert.match(uploadId as string, ID);
    const resolved = store.resolveUpload(uploadId as string);
    assert.deepEqual(resolved, { path: join(uploadsDir, uploadId as string, 'holiday photo.jpg') });
    assert.equal(sha256(await readFile(resolved!.path)), sha256(bytes));
  });

  it('takes a streamed (chunked) upload and an empty file', async () => {
    const bytes = randomBytes(300_000);
    const chunked = await send(server.port, {
      method: 'POST',
      path: uploadPath('notes.txt'),
      headers: { ...own(), 'transfer-encoding': 'chunked' },
      chunks: pieces(bytes, 10_000),
    });
    assert.equal(chunked.status, 200);
    const stored = store.resolveUpload(chunked.json()['uploadId'] as string)!;
    assert.equal(sha256(await readFile(stored.path)), sha256(bytes));

    const empty = await upload('empty.txt', Buffer.alloc(0));
    assert.equal(empty.status, 200);
    assert.equal((await readFile(store.resolveUpload(empty.json()['uploadId'] as string)!.path)).length, 0);
  });

  it('gives every upload its own id and folder, even under the same name', async () => {
    const a = (await upload('same.txt', Buffer.from('a'))).json()['uploadId'] as string;
    const b = (await upload('same.txt', Buffer.from('b'))).json()['uploadId'] as string;
    assert.notEqual(a, b);
    assert.equal(await readFile(store.resolveUpload(a)!.path, 'utf8'), 'a');
    assert.equal(await readFile(store.resolveUpload(b)!.path, 'utf8'), 'b');
  });

  it('puts a hostile name inside uploads/<id>/, sanitized', async () => {
    const reply = await upload('../../evil\\..\\CON.txt', Buffer.from('payload'));
    assert.equal(reply.status, 200);
    const uploadId = reply.json()['uploadId'] as string;
    const { path } = store.resolveUpload(uploadId)!;
    assert.equal(path, join(uploadsDir, uploadId, '_CON.txt'));
    assert.equal(await readFile(path, 'utf8'), 'payload');
    assert.equal(existsSync(join(data, 'evil')), false);
    assert.equal(existsSync(join(dirname(data), 'evil')), false);
  });

  it('refuses a missing or wrong token with 403 and writes nothing', async () => {
    const before = await uploadsLeft();
    const body = Buffer.from('secret plans');
    for (const path of ['/upload?name=a.txt', `/upload?name=a.txt&token=${'A'.repeat(43)}`]) {
      const reply = await send(server.port, {
        method: 'POST',
        path,
        headers: { ...own(), 'content-length': String(body.length) },
        chunks: [body],
      });
      assert.equal(reply.status, 403, path);
      assertOneSentence(reply);
      assert.match(reply.json()['error'] as string, /token/);
    }
    assert.deepEqual(await uploadsLeft(), before);
  });

  it('refuses an upload from another origin, with no origin, or for another host name, with 403', async () => {
    const before = await uploadsLeft();
    const body = Buffer.from('x');
    const refused: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { origin: `http://127.0.0.1:${server.port + 1}` },
      {},
      { origin: server.origin, host: `evil.example:${server.port}` },
    ];
    for (const headers of refused) {
      const reply = await upload('a.txt', body, headers);
      assert.equal(reply.status, 403, JSON.stringify(headers));
      assertOneSentence(reply);
    }
    assert.deepEqual(await uploadsLeft(), before);
  });

  it('refuses other methods (405), a missing name (400) and a body of unknown length (411)', async () => {
    const get = await send(server.port, { path: uploadPath('a.txt'), headers: own() });
    assert.equal(get.status, 405);
    assert.equal(get.headers['allow'], 'POST');
    assertOneSentence(get);

    const noName = await send(server.port, {
      method: 'POST',
      path: `/upload?token=${server.token}`,
      headers: { ...own(), 'content-length': '1' },
      chunks: [Buffer.from('x')],
    });
    assert.equal(noName.status, 400);
    assertOneSentence(noName);

    const noLength = await rawStatus(
      server.port,
      `POST ${uploadPath('a.txt')} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: ${server.origin}\r\n\r\n`,
    );
    assert.equal(noLength, 411);
  });

  it('refuses a file over the cap with 413, whether it says so up front or streams past it, and keeps nothing', async () => {
    const before = await uploadsLeft();
    const declared = await send(server.port, {
      method: 'POST',
      path: uploadPath('big.bin'),
      headers: { ...own(), 'content-length': String(CAP + 1) },
      chunks: pieces(Buffer.alloc(CAP + 1)),
    });
    assert.equal(declared.status, 413);
    assertOneSentence(declared);
    assert.match(declared.json()['error'] as string, /larger than the 1\.0 MB/);

    let began = false;
    const offBegun = store.on('begun', () => (began = true));
    const streamed = await send(server.port, {
      method: 'POST',
      path: uploadPath('big.bin'),
      headers: { ...own(), 'transfer-encoding': 'chunked' },
      chunks: pieces(Buffer.alloc(CAP + 1)),
    });
    offBegun();
    assert.equal(streamed.status, 413);
    assert.ok(began, 'the streamed upload reached the disk before it was cut');
    assert.deepEqual(await uploadsLeft(), before);
  });

  it('leaves nothing behind when the page aborts mid-upload', async () => {
    const before = await uploadsLeft();
    const begun = new Promise<string>((resolve) => store.once('begun', ({ id }) => resolve(id)));
    const discarded = new Promise<string>((resolve) => store.once('discarded', ({ id }) => resolve(id)));
    const req = request({
      host: '127.0.0.1',
      port: server.port,
      method: 'POST',
      path: uploadPath('half.bin'),
      headers: { ...own(), 'content-length': String(CAP) },
    });
    req.on('error', () => {});
    req.write(randomBytes(100_000));
    const id = await begun;
    req.destroy();
    assert.equal(await discarded, id);
    assert.deepEqual(await uploadsLeft(), before);
    assert.equal(store.resolveUpload(id), null);
  });

  it('removes an upload when it is released, and ignores unknown or odd ids', async () => {
    const uploadId = (await upload('gone.txt', Buffer.from('bye'))).json()['uploadId'] as string;
    assert.ok(existsSync(join(uploadsDir, uploadId)));
    store.releaseUpload('nope');
    store.releaseUpload('../..');
    store.releaseUpload('');
    store.releaseUpload(uploadId);
    assert.equal(store.resolveUpload(uploadId), null);
    assert.ok(!(await uploadsLeft()).includes(uploadId));
    assert.ok(existsSync(uploadsDir));
    assert.equal(store.resolveUpload('../old'), null);
  });

  describe('GET /received/<id>', () => {
    let file: string;
    const bytes = randomBytes(200_000);

    before(async () => {
      const downloads = join(data, 'downloads');
      await mkdir(downloads, { recursive: true });
      file = join(downloads, 'résumé "final" 日本.pdf');
      await writeFile(file, bytes);
      received.set('inv-1', file);
      received.set('inv-gone', join(downloads, 'deleted meanwhile.txt'));
    });

    const receivedPath = (id: string, token = server.token): string => `/received/${id}?token=${token}`;

    it('streams the received file as a download with its name and safe headers', async () => {
      const reply = await send(server.port, { path: receivedPath('inv-1') });
      assert.equal(reply.status, 200);
      assert.equal(sha256(reply.body), sha256(bytes));
      assert.equal(reply.headers['content-type'], 'application/octet-stream');
      assert.equal(reply.headers['content-length'], String(bytes.length));
      assert.equal(
        reply.headers['content-disposition'],
        `attachment; filename="resume _final_ __.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22%20%E6%97%A5%E6%9C%AC.pdf`,
      );
      assert.equal(reply.headers['x-content-type-options'], 'nosniff');
      assert.equal(reply.headers['cache-control'], 'no-store');
    });

    it('answers HEAD with the headers alone, and a page of its own origin too', async () => {
      const head = await send(server.port, { method: 'HEAD', path: receivedPath('inv-1') });
      assert.equal(head.status, 200);
      assert.equal(head.headers['content-length'], String(bytes.length));
      assert.equal(head.body.length, 0);
      const fromPage = await send(server.port, { path: receivedPath('inv-1'), headers: own() });
      assert.equal(fromPage.status, 200);
    });

    it('answers 404 with a sentence for an id with no arrived file, or a file no longer there', async () => {
      for (const id of ['inv-404', 'inv-gone', '..', '%2e%2e']) {
        const reply = await send(server.port, { path: receivedPath(id) });
        assert.equal(reply.status, 404, id);
        assertOneSentence(reply);
      }
    });

    it('refuses an id that is not an id (traversal, separators, bad escapes) with 400', async () => {
      for (const id of ['..%2F..%2Fsecret.txt', '..%5Csecret.txt', 'a%00b', '%E0%A4%A', 'x'.repeat(65), '']) {
        const reply = await send(server.port, { path: receivedPath(id) });
        assert.equal(reply.status, 400, id);
        assertOneSentence(reply);
      }
      // Sent as written: "/received/../../secret.txt" must not be normalised into another path.
      const raw = await rawStatus(
        server.port,
        `GET /received/../../secret.txt?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`,
      );
      assert.equal(raw, 400);
    });

    it('refuses a missing or wrong token, a foreign origin and other methods', async () => {
      assert.equal((await send(server.port, { path: '/received/inv-1' })).status, 403);
      assert.equal((await send(server.port, { path: receivedPath('inv-1', 'A'.repeat(43)) })).status, 403);
      const foreign = await send(server.port, {
        path: receivedPath('inv-1'),
        headers: { origin: 'http://evil.example' },
      });
      assert.equal(foreign.status, 403);
      assertOneSentence(foreign);
      const post = await send(server.port, { method: 'POST', path: receivedPath('inv-1'), headers: own() });
      assert.equal(post.status, 405);
      assert.equal(post.headers['allow'], 'GET, HEAD');
    });
  });

  describe("the renderer's bridge (uploadFile, receivedFileUrl)", () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'location');
    let token: string;

    before(() => {
      token = server.token;
      Object.defineProperty(globalThis, 'location', {
        configurable: true,
        get: () => ({ search: `?token=${token}`, host: `127.0.0.1:${server.port}`, protocol: 'http:' }),
      });
      Object.defineProperty(globalThis, 'XMLHttpRequest', { configurable: true, value: NodeXhr });
      NodeXhr.base = server.origin;
    });

    after(() => {
      if (saved) Object.defineProperty(globalThis, 'location', saved);
      else delete (globalThis as { location?: unknown }).location;
      delete (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest;
    });

    it('uploads a File with progress and resolves to an id the store resolves', async () => {
      const bytes = randomBytes(400_000);
      const progress: [number, number][] = [];
      const uploadId = await uploadFile(new File([bytes], 'from the page ☺.bin'), (sent, total) =>
        progress.push([sent, total]),
      );
      const { path } = store.resolveUpload(uploadId)!;
      assert.equal(path, join(uploadsDir, uploadId, 'from the page ☺.bin'));
      assert.equal(sha256(await readFile(path)), sha256(bytes));
      assert.ok(progress.length > 1);
      assert.deepEqual(progress.at(-1), [bytes.length, bytes.length]);
    });

    it("rejects with the server's sentence", async () => {
      token = 'wrong';
      try {
        await assert.rejects(uploadFile(new File(['x'], 'a.txt')), /session token is missing or wrong/);
      } finally {
        token = server.token;
      }
      await assert.rejects(uploadFile(new File([Buffer.alloc(CAP + 1)], 'big.bin')), /larger than/);
    });

    it('gives the download address with the token', async () => {
      const url = receivedFileUrl('inv-1');
      assert.equal(url, `/received/inv-1?token=${encodeURIComponent(server.token)}`);
      const reply = await send(server.port, { path: url });
      assert.equal(reply.status, 200);
      assert.equal(receivedFileUrl('a:b'), `/received/a%3Ab?token=${encodeURIComponent(server.token)}`);
    });
  });
});

describe('the upload store', () => {
  it('removes every upload, and its folder, when browser mode closes', async () => {
    const data = await mkdtemp(join(tmpdir(), 'butterfly-files-'));
    try {
      const dir = join(data, 'uploads');
      const store = await openStore({ dir });
      const a = await store.receive('a.txt', Readable.from([Buffer.from('a')]));
      const b = await store.receive('b.txt', Readable.from([Buffer.from('b')]));
      assert.equal((await readdir(dir)).length, 2);
      await store.close();
      assert.equal(existsSync(dir), false);
      assert.equal(store.resolveUpload(a), null);
      assert.equal(store.resolveUpload(b), null);
      store.releaseUpload(a); // the service may release after the store closed
      await assert.rejects(store.receive('c.txt', Readable.from([Buffer.from('c')])), {
        name: 'UploadStoreClosedError',
      });
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });

  it('takes nothing before it opens, and a store that never opened removes nothing when it closes', async () => {
    const data = await mkdtemp(join(tmpdir(), 'butterfly-files-'));
    try {
      const dir = join(data, 'uploads');
      await mkdir(join(dir, 'theirs'), { recursive: true });
      const store = new UploadStore({ dir });
      await assert.rejects(store.receive('a.txt', Readable.from([Buffer.from('a')])), {
        name: 'UploadStoreClosedError',
      });
      await store.close();
      assert.deepEqual(await readdir(dir), ['theirs']);
      await assert.rejects(store.open());
      assert.deepEqual(await readdir(dir), ['theirs']);
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });

  it('stops an upload still arriving when it closes, and keeps nothing of it', async () => {
    const data = await mkdtemp(join(tmpdir(), 'butterfly-files-'));
    try {
      const dir = join(data, 'uploads');
      const store = await openStore({ dir });
      const body = new Readable({ read() {} });
      body.push(Buffer.from('first half'));
      const started = new Promise<void>((resolve) => store.once('begun', () => resolve()));
      const receiving = store.receive('slow.bin', body);
      await started;
      await store.close();
      await assert.rejects(receiving, { name: 'UploadStoreClosedError' });
      assert.equal(existsSync(dir), false);
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });
});
