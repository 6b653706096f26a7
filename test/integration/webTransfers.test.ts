// Browser mode's file addresses in front of the real account service: an upload offered in a conversation
// and let go when its invitation ends, a received file downloaded from /received/<id>, and browser mode's
// own start and close clearing the uploads folder.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InvitationInfo } from '../../app/conversation';
import { serveBrowserMode } from '../../main/web/browserMode';
import { UploadStore } from '../../main/web/uploadStore';
import { startWebServer, type RunningWebServer } from '../../main/web/webServer';
import { FRIEND, PLAIN, harness, type Harness } from './serviceConversationHelpers';
import { nextOf, sha256 } from './transferHelpers';
import { makeSite } from './webHelpers';

async function post(server: RunningWebServer, name: string, body: Buffer): Promise<Response> {
  return fetch(`${server.origin}/upload?token=${server.token}&name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { origin: server.origin },
    body: new Uint8Array(body),
  });
}

describe('browser mode files through the account service', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** ME signed in to the service in browser mode, with the file addresses in front of it. */
  async function browserService(): Promise<{ h: Harness; store: UploadStore; server: RunningWebServer }> {
    const site = await makeSite();
    cleanups.push(site.cleanup);
    const store = new UploadStore({ dir: join(site.root, 'uploads') });
    await store.open();
    cleanups.push(() => store.close());
    const h = await harness({
      service: {
        environment: 'browser',
        openWindow: undefined,
        files: { resolveUpload: store.resolveUpload, releaseUpload: store.releaseUpload },
      },
    });
    cleanups.push(() => h.close());
    const server = await startWebServer({
      api: h.t.service,
      received: h.t.service,
      uploads: store,
      staticDir: site.site,
      port: 0,
      log: () => {},
    });
    cleanups.push(() => server.close());
    return { h, store, server };
  }

  const invitation = (h: Harness, match: (i: InvitationInfo) => boolean) =>
    h.seen('invitation', (e) => match(e.invitation), 10_000).then((e) => e.invitation);

  it('offers an uploaded file under its original name and deletes the upload when the transfer ends', async () => {
    const { h, store, server } = await browserService();
    const friend = await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    await h.t.service.sendMessage(id, 'a file is coming', PLAIN);
    await h.line(id, (l) => l.kind === 'message' && l.delivery === 'delivered');
    const fc = await friend.rung();

    const data = randomBytes(256 * 1024);
    const reply = await post(server, 'plans ☺.txt', data);
    assert.equal(reply.status, 200);
    const { uploadId } = (await reply.json()) as { uploadId: string };
    const offer = nextOf(fc.invitations, 'fileOffer');
    await h.t.service.offerFile(id, { kind: 'upload', uploadId });
    const theirs = await offer;
    assert.equal(theirs.fileName, 'plans ☺.txt');
    const folder = await mkdtemp(join(tmpdir(), 'butterfly-peer-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    await fc.invitations.acceptFile(theirs.cookie, folder);
    const done = await invitation(h, (i) => i.direction === 'send' && i.state === 'done');
    assert.equal(done.sha256, sha256(data));
    await store.idle();
    assert.equal(store.resolveUpload(uploadId), null);
    assert.deepEqual(await readdir(store.dir), []);
  });

  it('serves a received file from /received/<id> once it has arrived, and not before', async () => {
    const { h, server } = await browserService();
    const friend = await h.peer(FRIEND);
    await h.signIn();
    const data = randomBytes(200 * 1024);
    void friend.talk().sendFile({ name: 'report final.pdf', data });
    const offered = await invitation(h, (i) => i.state === 'offered');
    const address = `${server.origin}/received/${offered.id}?token=${server.token}`;
    assert.equal((await fetch(address)).status, 404);

    await h.t.service.acceptInvitation(offered.id);
    await invitation(h, (i) => i.id === offered.id && i.state === 'done');
    const reply = await fetch(address);
    assert.equal(reply.status, 200);
    assert.equal(
      reply.headers.get('content-disposition'),
      `attachment; filename="report final.pdf"; filename*=UTF-8''report%20final.pdf`,
    );
    assert.equal(sha256(Buffer.from(await reply.arrayBuffer())), sha256(data));
  });

  it('browser mode clears old uploads at start, saves received files in <data>/downloads and removes every upload at close', async () => {
    const site = await makeSite();
    cleanups.push(site.cleanup);
    const data = join(site.root, 'data');
    await mkdir(join(data, 'uploads', 'stale'), { recursive: true });
    await writeFile(join(data, 'uploads', 'stale', 'old.bin'), 'from a run that crashed');

    const mode = await serveBrowserMode(site.site, { port: 0, dataDir: data, sandbox: true, log: () => {} });
    let open = true;
    cleanups.push(async () => {
      if (open) await mode.close();
    });
    assert.deepEqual(await readdir(join(data, 'uploads')), []);
    assert.equal((await mode.service.getSnapshot()).settings.downloadsFolder, join(data, 'downloads'));

    const reply = await post(mode.server, 'a.txt', Buffer.from('hello'));
    assert.equal(reply.status, 200);
    const { uploadId } = (await reply.json()) as { uploadId: string };
    assert.ok(mode.uploads.resolveUpload(uploadId));
    const missing = await fetch(`${mode.server.origin}/received/inv-1?token=${mode.server.token}`);
    assert.equal(missing.status, 404);

    await mode.close();
    open = false;
    assert.equal(existsSync(join(data, 'uploads')), false);
  });

  it("a second copy on the same data folder that cannot take the port leaves the running one's uploads alone", async () => {
    const site = await makeSite();
    cleanups.push(site.cleanup);
    const data = join(site.root, 'data');
    const first = await serveBrowserMode(site.site, { port: 0, dataDir: data, sandbox: true, log: () => {} });
    cleanups.push(() => first.close());
    const reply = await post(first.server, 'keep me.txt', Buffer.from('still here'));
    const { uploadId } = (await reply.json()) as { uploadId: string };

    await assert.rejects(
      serveBrowserMode(site.site, { port: first.server.port, dataDir: data, sandbox: true, log: () => {} }),
      { code: 'EADDRINUSE' },
    );
    const kept = first.uploads.resolveUpload(uploadId);
    assert.ok(kept);
    assert.equal(await readFile(kept.path, 'utf8'), 'still here');
    assert.equal((await post(first.server, 'and me.txt', Buffer.from('more'))).status, 200);
  });
});
