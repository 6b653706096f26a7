import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_FONT } from '../../app/conversation';
import { MsnpTestServer, type SandboxAccountInit } from '../../main/sandbox/server';
import { SettingsStore } from '../../main/service/settingsStore';
import { nextEvent, Sessions } from './helpers';
import { makeService, request, tempDir, type TestService } from './serviceHelpers';

const ME: SandboxAccountInit = {
  email: 'me@test.example',
  password: 'mepw',
  nickname: 'Me',
  forward: ['friend@test.example', 'pal@test.example'],
  allow: ['friend@test.example', 'pal@test.example'],
  mail: { inboxUnread: 1, foldersUnread: 0 },
};
const FRIEND: SandboxAccountInit = {
  email: 'friend@test.example',
  password: 'friendpw',
  nickname: 'Friend',
  forward: ['me@test.example'],
  allow: ['me@test.example'],
};
const PAL: SandboxAccountInit = {
  email: 'pal@test.example',
  password: 'palpw',
  nickname: 'Pal',
  forward: ['me@test.example'],
  allow: ['me@test.example'],
};
const FAN: SandboxAccountInit = {
  email: 'fan@test.example',
  password: 'fanpw',
  nickname: 'Fan',
  forward: ['me@test.example'],
};
const STRANGER: SandboxAccountInit = {
  email: 'stranger@test.example',
  password: 'strangerpw',
  nickname: 'Stranger',
};

describe('the account service while signed in', () => {
  let server: MsnpTestServer;
  let t: TestService;
  const sessions = new Sessions();
  beforeEach(async () => {
    // Every test starts from the same accounts and lists.
    server = new MsnpTestServer({ accounts: [ME, FRIEND, PAL, FAN, STRANGER] });
    await server.start();
    t = await makeService({ toastLifetimeMs: 60_000 });
  });
  afterEach(async () => {
    await sessions.closeAll();
    await t.close();
    await server.stop();
  });
  const signIn = (): Promise<void> =>
    t.service.signIn(request(ME.email, ME.password, `127.0.0.1:${server.dispatchPort}`));

  it('toasts a contact who signs in after being offline, but nobody already online at sign-in', async () => {
    await sessions.signIn(server, FRIEND);
    await signIn();
    assert.equal(
      (await t.service.getSnapshot()).account?.contacts.find((c) => c.email === FRIEND.email)?.status,
      'NLN',
    );
    assert.deepEqual((await t.service.getSnapshot()).toasts, [], 'no toast for someone already online (ILN)');

    const toasted = t.next('toasts', (e) => e.toasts.length > 0);
    const sound = t.next('sound');
    await sessions.signIn(server, PAL);
    const [toast] = (await toasted).toasts;
    assert.equal(toast?.kind, 'signIn');
    assert.equal(toast?.title, 'Pal has just signed in.');
    assert.deepEqual(toast?.action, { type: 'openConversation', email: PAL.email });
    assert.equal((await sound).sound, 'online');
    assert.ok(
      t.events.some(
        (e) => e.type === 'contact' && e.contact.email === PAL.email && e.contact.status === 'NLN',
      ),
    );
    await t.service.toastClicked(toast!.id);
    assert.equal(t.windows[0]?.kind, 'conversation', 'clicking opens a conversation with them');
    assert.equal(t.service.conversationManager?.all[0]?.memberList[0]?.email, PAL.email);
  });

  it('shows no toasts and plays no sounds when they are turned off', async () => {
    await t.service.updateSettings({ toasts: false, sounds: false });
    await signIn();
    const seen = t.next('contact', (e) => e.contact.email === PAL.email && e.contact.status === 'NLN');
    await sessions.signIn(server, PAL);
    await seen;
    assert.deepEqual((await t.service.getSnapshot()).toasts, []);
    assert.ok(!t.events.some((e) => e.type === 'sound' || (e.type === 'toasts' && e.toasts.length > 0)));
  });

  it('toasts new mail and opens the inbox (URL INBOX) in the browser when it is clicked', async () => {
    await signIn();
    const toasted = t.next('toasts', (e) => e.toasts.some((x) => x.kind === 'mail'));
    const mail = t.next('mail', (e) => e.mail.inboxUnread === 2);
    server.sendMail(ME.email, {
      from: 'The Queen',
      fromAddr: 'queen@test.example',
      subject: 'Croquet at three',
    });
    const toast = (await toasted).toasts.find((x) => x.kind === 'mail')!;
    await mail;
    assert.equal(toast.title, 'New e-mail from The Queen');
    assert.equal(toast.body, 'Croquet at three');
    const urlRequest = server.waitFor('clientCommand', (e) => e.line.startsWith('URL '));
    await t.service.toastClicked(toast.id);
    assert.match((await urlRequest).line, /^URL \d+ INBOX$/);
    assert.equal(t.opened.length, 1);
    assert.match(t.opened[0]!, /^http:\/\/127\.0\.0\.1\/cgi-bin\/HoTMaiL/);
    assert.deepEqual((await t.service.getSnapshot()).toasts, [], 'a clicked toast is dismissed');
  });

  it('toasts an alert and opens only its http(s) link when clicked', async () => {
    await signIn();
    const toasted = t.next('toasts', (e) => e.toasts.some((x) => x.kind === 'alert'));
    const alerts = t.next('alerts');
    server.sendAlert(
      ME.email,
      '<NOTIFICATION ver="1" id="7" siteid="0" siteurl="http://news.example/"><TO pid="0x1:0x2" name="me@test.example" /><MSG id="3"><ACTION url="story?id=1" /><SUBSCR url="sub" /><BODY lang="1033"><TEXT>Butterflies spotted</TEXT></BODY></MSG></NOTIFICATION>',
    );
    const toast = (await toasted).toasts.find((x) => x.kind === 'alert')!;
    assert.equal((await alerts).alerts.length, 1);
    assert.equal(toast.title, 'Alert from news.example');
    assert.equal(toast.body, 'Butterflies spotted');
    await t.service.toastClicked(toast.id);
    assert.match(t.opened[0]!, /^http:\/\/news\.example\/story\?id=1&/);
    await assert.rejects(t.service.openExternal('file:///etc/passwd'), /Only web links/);
    assert.equal(t.opened.length, 1);
  });

  it('in browser mode, hands a link back to the page to open in its tab and starts nothing on this machine', async () => {
    await t.close();
    t = await makeService({ environment: 'browser', openWindow: undefined });
    await signIn();
    const toasted = t.next('toasts', (e) => e.toasts.some((x) => x.kind === 'alert'));
    server.sendAlert(
      ME.email,
      '<NOTIFICATION ver="1" id="7" siteid="0" siteurl="http://news.example/"><TO pid="0x1:0x2" name="me@test.example" /><MSG id="3"><ACTION url="story?id=1" /><SUBSCR url="sub" /><BODY lang="1033"><TEXT>Butterflies spotted</TEXT></BODY></MSG></NOTIFICATION>',
    );
    const toast = (await toasted).toasts.find((x) => x.kind === 'alert')!;
    assert.match((await t.service.toastClicked(toast.id)) ?? '', /^http:\/\/news\.example\/story\?id=1&/);
    assert.equal(await t.service.openExternal('https://example.com/a b'), 'https://example.com/a%20b');
    await assert.rejects(t.service.openExternal('javascript:alert(1)'), /Only web links/);
    assert.deepEqual(t.opened, [], 'the system opener was never called');
  });

  it('removes a server someone added from the list the windows show, but never the built-in sandbox', async () => {
    await t.service.addServer('other.example');
    const removed = t.next('settings', (e) => !e.settings.servers.some((s) => s.id === 'other.example:1863'));
    await t.service.removeServer('other.example:1863');
    assert.deepEqual(
      (await removed).settings.servers.map((s) => s.id),
      (await t.service.getSnapshot()).settings.servers.map((s) => s.id),
    );
    await assert.rejects(
      t.service.removeServer('sandbox'),
      /^Error: The built-in sandbox is always on the list\.$/,
    );
    await assert.rejects(t.service.removeServer('other.example'), /is not on your list of servers\.$/);
  });

  it('lets a toast expire after its lifetime', async () => {
    await t.close();
    t = await makeService({ toastLifetimeMs: 50 });
    await signIn();
    const shown = t.next('toasts', (e) => e.toasts.length === 1);
    const gone = t.next('toasts', (e) => e.toasts.length === 0, 2_000);
    await sessions.signIn(server, PAL);
    await shown;
    await gone;
  });

  it('answers someone who added you: ADD AL, then ADD FL, and the pending list empties', async () => {
    await signIn();
    assert.deepEqual(
      (await t.service.getSnapshot()).account?.pendingAdds.map((p) => p.email),
      [FAN.email],
    );
    const adds: string[] = [];
    server.events.on('clientCommand', (e) => {
      if (e.line.startsWith('ADD ')) adds.push(e.line);
    });
    const emptied = t.next('pendingAdds', (e) => e.pendingAdds.length === 0);
    await t.service.answerAdded({ email: FAN.email, allow: true, addToList: true });
    await emptied;
    assert.equal(adds.length, 2);
    assert.match(adds[0]!, /^ADD \d+ AL fan@test\.example /);
    assert.match(adds[1]!, /^ADD \d+ FL fan@test\.example /);
    const lists = server.account(ME.email)!.lists;
    assert.ok(lists.AL.some((e) => e.email === FAN.email));
    assert.ok(lists.FL.some((e) => e.email === FAN.email));
  });

  it('answers "block" with ADD BL only', async () => {
    await signIn();
    await t.service.answerAdded({ email: FAN.email, allow: false, addToList: false });
    const lists = server.account(ME.email)!.lists;
    assert.ok(lists.BL.some((e) => e.email === FAN.email));
    assert.ok(!lists.FL.some((e) => e.email === FAN.email));
    assert.deepEqual((await t.service.getSnapshot()).account?.pendingAdds, []);
  });

  it('changes "all others" (BLP) and the add alert (GTC) on the server', async () => {
    await signIn();
    const privacy = t.next('privacy', (e) => e.privacy.blp === 'BL');
    await t.service.setAllOthers('BL');
    await privacy;
    await t.service.setAlertOnAdd(false);
    assert.equal(server.account(ME.email)!.blp, 'BL');
    assert.equal(server.account(ME.email)!.gtc, 'N');
    await t.service.setAlertOnAdd(true);
    assert.equal(server.account(ME.email)!.gtc, 'A');
  });

  it('blocks and unblocks by moving between the allow and block lists', async () => {
    await signIn();
    await t.service.block(FRIEND.email);
    let lists = server.account(ME.email)!.lists;
    assert.ok(lists.BL.some((e) => e.email === FRIEND.email));
    assert.ok(!lists.AL.some((e) => e.email === FRIEND.email));
    assert.deepEqual(
      (await t.service.getSnapshot()).account?.contacts.find((c) => c.email === FRIEND.email)?.lists,
      ['FL', 'BL', 'RL'],
    );
    await t.service.unblock(FRIEND.email);
    lists = server.account(ME.email)!.lists;
    assert.ok(lists.AL.some((e) => e.email === FRIEND.email));
    assert.ok(!lists.BL.some((e) => e.email === FRIEND.email));
  });

  it('adds a contact to the forward and allow lists and removes them from the forward list', async () => {
    await signIn();
    await t.service.addContact(STRANGER.email);
    let lists = server.account(ME.email)!.lists;
    assert.ok(lists.FL.some((e) => e.email === STRANGER.email));
    assert.ok(lists.AL.some((e) => e.email === STRANGER.email));
    await t.service.removeContact(STRANGER.email);
    lists = server.account(ME.email)!.lists;
    assert.ok(!lists.FL.some((e) => e.email === STRANGER.email));
    assert.ok(t.events.some((e) => e.type === 'contact' && e.contact.email === STRANGER.email));
  });

  it('tells in one sentence, as the rejection only, when the server refuses an action', async () => {
    await signIn();
    const before = t.events.length;
    await assert.rejects(t.service.addContact('nobody@test.example'), {
      message: 'nobody@test.example is not a member of this service. Check the address and try again.',
    });
    await assert.rejects(t.service.addContact(FRIEND.email), {
      message: 'friend@test.example is already on your contact list.',
    });
    // The window that called shows the rejection; a notice as well would say it twice.
    assert.deepEqual(
      t.events.slice(before).filter((e) => e.type === 'notice'),
      [],
    );
  });

  it('refuses a name that is too long in a sentence of its own', async () => {
    await signIn();
    // 100 characters pass the call's check, but encoded (%C3%A9 each) they are 600, over the 387 the server takes.
    await assert.rejects(t.service.setNickname('é'.repeat(100)), {
      message: 'That name is too long. Choose a shorter one.',
    });
    assert.equal((await t.service.getSnapshot()).account?.self.nickname, 'Me');
    assert.ok(!t.events.some((e) => e.type === 'notice'));
  });

  it('changes the status and name, and another session sees it', async () => {
    await signIn();
    const friend = await sessions.signIn(server, FRIEND);
    const busy = nextEvent(
      friend,
      'presence',
      (e) => e.contact.email === ME.email && e.contact.status === 'BSY',
    );
    const self = t.next('self', (e) => e.self.status === 'BSY');
    await t.service.setStatus('BSY');
    await busy;
    await self;
    const renamed = nextEvent(
      friend,
      'presence',
      (e) => e.contact.email === ME.email && e.contact.nickname === 'Me, renamed',
    );
    await t.service.setNickname('Me, renamed');
    await renamed;
    assert.equal((await t.service.getSnapshot()).account?.self.nickname, 'Me, renamed');
  });

  it('opens a conversation and its window, and refuses actions when signed out', async () => {
    await assert.rejects(t.service.setStatus('AWY'), /You need to be signed in/);
    await assert.rejects(t.service.openConversation([FRIEND.email]), /You need to be signed in/);
    await signIn();
    // As in 3.0, only someone online can be sent an instant message.
    await assert.rejects(
      t.service.openConversation([FRIEND.email]),
      /is not online; you can send e-mail instead\./,
    );
    const online = t.next('contact', (e) => e.contact.email === FRIEND.email && e.contact.status === 'NLN');
    await sessions.signIn(server, FRIEND);
    await online;
    const id = await t.service.openConversation([FRIEND.email]);
    assert.deepEqual(t.windows, [{ kind: 'conversation', id }]);
    assert.equal(
      await t.service.openConversation([FRIEND.email]),
      id,
      'the same people get the same conversation',
    );
    const conversation = (await t.service.getSnapshot()).conversations.find((c) => c.id === id);
    assert.deepEqual(
      conversation?.members.map((m) => m.email),
      [FRIEND.email],
    );
    assert.equal(conversation?.windowOpen, true);
  });

  it('opens the window of a conversation someone else starts, and sounds incoming messages', async () => {
    await signIn();
    const friend = await sessions.signIn(server, FRIEND);
    const { ConversationManager } = await import('../../main/msnp/conversations');
    const theirs = new ConversationManager(friend, { requestTimeoutMs: 5_000 });
    const sound = t.next('sound', (e) => e.sound === 'message');
    theirs.open([ME.email]).sendText('hello there');
    await sound;
    assert.equal(t.windows.length, 1);
    assert.equal(t.windows[0]?.kind, 'conversation');
    theirs.closeAll();
  });

  it('in browser mode, asks the pages to show the window of a conversation someone else starts', async () => {
    await t.close();
    t = await makeService({ environment: 'browser', openWindow: undefined });
    await signIn();
    const friend = await sessions.signIn(server, FRIEND);
    const { ConversationManager } = await import('../../main/msnp/conversations');
    const theirs = new ConversationManager(friend, { requestTimeoutMs: 5_000 });
    const shown = t.next('window');
    theirs.open([ME.email]).sendText('hello there');
    const e = await shown;
    assert.equal(e.route.kind, 'conversation');
    const snapshot = await t.service.getSnapshot();
    assert.deepEqual(
      snapshot.conversations
        .find((c) => e.route.kind === 'conversation' && c.id === e.route.id)
        ?.members.map((m) => m.email),
      [FRIEND.email],
    );
    assert.deepEqual(t.windows, [], 'no shell was asked');
    theirs.closeAll();
  });
});

describe('the font you write in, while signed out', () => {
  const GEORGIA = { ...DEFAULT_FONT, font: 'Georgia' };

  /** A service over a settings file that remembers `lastEmail` as the last address. */
  async function serviceWith(lastEmail: string): Promise<TestService> {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ lastEmail }));
    return makeService({}, dir);
  }

  it('is refused in one sentence when no address is known, and nothing is stored', async () => {
    const t = await serviceWith('');
    try {
      await assert.rejects(t.service.updateSettings({ font: GEORGIA }), {
        message: 'Sign in to choose the font you write in.',
      });
      await t.close();
      assert.deepEqual(new SettingsStore(t.dir, () => {}).value.fonts, []);
    } finally {
      await t.close();
      await rm(t.dir, { recursive: true, force: true });
    }
  });

  it('is kept for the last address and read back by the next start', async () => {
    const t = await serviceWith('me@test.example');
    try {
      await t.service.updateSettings({ font: GEORGIA });
      await t.close();
      const again = await makeService({}, t.dir);
      assert.deepEqual((await again.service.getSnapshot()).settings.font, GEORGIA);
      await again.close();
    } finally {
      await t.close();
      await rm(t.dir, { recursive: true, force: true });
    }
  });
});
