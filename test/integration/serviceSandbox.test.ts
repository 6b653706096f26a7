// The built-in sandbox's bots, with short intervals: the status changer, the file sender, and the mail and
// alert that arrive after signing in.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SANDBOX_DEMO_ACCOUNT, SANDBOX_SERVER } from '../../app/contract';
import type { Status } from '../../app/types';
import { ConversationManager } from '../../main/msnp/conversations';
import type { Conversation } from '../../main/msnp/conversation';
import { NotificationSession } from '../../main/msnp/notificationSession';
import type { NsEvents } from '../../main/msnp/nsEvents';
import { echoBot } from '../../main/sandbox/bots';
import {
  BUILT_IN,
  BUILT_IN_NOTES,
  BuiltInSandbox,
  type BuiltInSandboxOptions,
} from '../../main/sandbox/builtIn';
import { startMoodSwings } from '../../main/sandbox/demoBots';
import { nextEvent, waitFor } from './helpers';
import { makeService, request, type TestService } from './serviceHelpers';

describe('the built-in sandbox', () => {
  let sandbox: BuiltInSandbox | null = null;
  let ns: NotificationSession | null = null;
  let manager: ConversationManager | null = null;
  let service: TestService | null = null;
  let folder: string | null = null;
  const stops: (() => void)[] = [];

  afterEach(async () => {
    for (const stop of stops.splice(0)) stop();
    manager?.closeAll();
    if (ns?.status === 'online') await ns.signOut();
    await service?.close();
    await sandbox?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
    sandbox = ns = manager = service = folder = null;
  });

  async function signedIn(options: BuiltInSandboxOptions): Promise<NotificationSession> {
    sandbox = new BuiltInSandbox({ greetingDelayMs: null, ...options });
    await sandbox.start();
    ns = new NotificationSession({ keepAliveMs: 0, requestTimeoutMs: 5_000 });
    await ns.signIn({
      host: sandbox.host,
      port: sandbox.port,
      email: SANDBOX_DEMO_ACCOUNT.email,
      password: SANDBOX_DEMO_ACCOUNT.password,
    });
    return ns;
  }

  it('has a status changer who moves between NLN, AWY, BSY and BRB and signs out and back in', async () => {
    // The wandering starts once we are signed in, so that every change is seen.
    const session = await signedIn({ mood: { minMs: 3_600_000, maxMs: 3_600_000 } });
    const server = sandbox!.server;
    server.removeBot(BUILT_IN.moody);
    await nextEvent(
      session,
      'presence',
      (e) => e.contact.email === BUILT_IN.moody && e.contact.status === 'FLN',
    );
    stops.push(
      startMoodSwings(server, BUILT_IN.moody, echoBot(), {
        minMs: 10,
        maxMs: 20,
        signOutEvery: 4,
        offlineMs: 20,
      }),
    );
    const seen: Status[] = [];
    await waitFor<NsEvents['presence']>(
      (fn) => session.on('presence', fn),
      (e) => {
        if (e.contact.email !== BUILT_IN.moody) return false;
        seen.push(e.contact.status);
        return seen.length > 1 && e.previous === 'FLN' && e.contact.status === 'NLN';
      },
    );
    // Signed in as NLN, three changes of status, then out (FLN) and back in (NLN).
    assert.equal(seen.length, 6, seen.join(' '));
    assert.equal(seen[0], 'NLN');
    assert.ok(
      seen.slice(1, 4).every((s) => ['NLN', 'AWY', 'BSY', 'BRB'].includes(s)),
      seen.join(' '),
    );
    assert.deepEqual(seen.slice(4), ['FLN', 'NLN']);
    for (let i = 1; i < seen.length; i += 1)
      assert.notEqual(seen[i], seen[i - 1], 'every change is a change');
  });

  it('stops the status changer with the sandbox (no timers left behind)', async () => {
    await signedIn({ mood: { minMs: 10, maxMs: 10, signOutEvery: 0, offlineMs: 10 } });
    const server = sandbox!.server;
    await waitFor<{ email: string; status: Status }>(
      (fn) => server.events.on('status', fn),
      (e) => e.email === BUILT_IN.moody,
    );
    await ns!.signOut();
    await sandbox!.stop();
    assert.equal(server.timers.count, 0);
    sandbox = null;
  });

  it('has a bot that sends a small text file over MSNFTP when asked', async () => {
    const content = Buffer.from('A file from the sandbox bot.\r\n', 'utf8');
    const session = await signedIn({ file: { content: () => content, fileName: 'hello.txt' } });
    folder = await mkdtemp(path.join(os.tmpdir(), 'butterfly-filebot-'));
    manager = new ConversationManager(session, {
      requestTimeoutMs: 5_000,
      invitations: { listenHost: '127.0.0.1', listenPort: 0 },
    });
    const conversation: Conversation = manager.open([BUILT_IN.files]);
    const offer = waitFor<{ cookie: string; from: string; fileName: string; size: number }>(
      (fn) => conversation.invitations.on('fileOffer', fn),
      () => true,
    );
    conversation.sendText('Could you send me a file?');
    const o = await offer;
    assert.equal(o.from, BUILT_IN.files);
    assert.equal(o.fileName, 'hello.txt');
    assert.equal(o.size, content.length);
    const done = waitFor<{ cookie: string; bytes: number; path?: string }>(
      (fn) => conversation.invitations.on('transferDone', fn),
      () => true,
    );
    await conversation.invitations.acceptFile(o.cookie, folder);
    const d = await done;
    assert.equal(d.bytes, content.length);
    assert.deepEqual(await readFile(d.path!), content);
  });

  it('sends a new e-mail and an alert a moment after you sign in', async () => {
    service = await makeService({
      sandbox: { greetingDelayMs: 20, mood: { minMs: 3_600_000, maxMs: 3_600_000 } },
    });
    const both = service.next(
      'toasts',
      (e) => e.toasts.some((x) => x.kind === 'mail') && e.toasts.some((x) => x.kind === 'alert'),
    );
    await service.service.signIn(
      request(SANDBOX_DEMO_ACCOUNT.email, SANDBOX_DEMO_ACCOUNT.password, SANDBOX_SERVER),
    );
    const { toasts } = await both;
    assert.equal(toasts.find((x) => x.kind === 'mail')?.title, 'New e-mail from The Butterfly Team');
    assert.deepEqual(toasts.find((x) => x.kind === 'alert')?.action.type, 'openUrl');
  });

  it('gives the cast plain names, and what each does as a note in the snapshot and in contact events', async () => {
    service = await makeService({
      sandbox: { greetingDelayMs: null, mood: { minMs: 20, maxMs: 30, signOutEvery: 2, offlineMs: 20 } },
    });
    const moody = service.next('contact', (e) => e.contact.email === BUILT_IN.moody);
    await service.service.signIn(
      request(SANDBOX_DEMO_ACCOUNT.email, SANDBOX_DEMO_ACCOUNT.password, SANDBOX_SERVER),
    );
    const { account } = await service.service.getSnapshot();
    const echo = account?.contacts.find((c) => c.email === BUILT_IN.echo);
    assert.equal(echo?.nickname, 'Echo');
    assert.equal(echo?.note, 'Says back what you say.');
    assert.equal((await moody).contact.note, BUILT_IN_NOTES.get(BUILT_IN.moody));
  });

  it('shows a "has just signed in" toast when the status changer comes back', async () => {
    service = await makeService({
      sandbox: { greetingDelayMs: null, mood: { minMs: 20, maxMs: 30, signOutEvery: 2, offlineMs: 20 } },
    });
    const toast = service.next('toasts', (e) => e.toasts.some((x) => x.kind === 'signIn'));
    await service.service.signIn(
      request(SANDBOX_DEMO_ACCOUNT.email, SANDBOX_DEMO_ACCOUNT.password, SANDBOX_SERVER),
    );
    const shown = (await toast).toasts.find((x) => x.kind === 'signIn');
    assert.equal(shown?.title, 'Moody has just signed in.');
  });
});
