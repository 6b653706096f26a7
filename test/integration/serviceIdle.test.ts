// Automatic Idle through the account service, over real sockets: the reported idle time turns Online into
// IDL, which a contact's own session sees over the wire, and input puts it back; a status chosen by hand wins.
// Also the kinds of toast Options ▸ Preferences turns off one by one.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NotificationSession } from '../../main/msnp/notificationSession';
import { MsnpTestServer, type SandboxAccountInit } from '../../main/sandbox/server';
import { nextEvent, Sessions } from './helpers';
import { makeService, request, type TestService } from './serviceHelpers';

const ME: SandboxAccountInit = {
  email: 'me@test.example',
  password: 'mepw',
  nickname: 'Me',
  forward: ['friend@test.example'],
  allow: ['friend@test.example'],
};
const FRIEND: SandboxAccountInit = {
  email: 'friend@test.example',
  password: 'friendpw',
  nickname: 'Friend',
  forward: ['me@test.example'],
  allow: ['me@test.example'],
};
const MINUTE = 60_000;

describe('Automatic Idle in the account service', () => {
  let server: MsnpTestServer;
  let t: TestService;
  let friend: NotificationSession;
  const sessions = new Sessions();
  beforeEach(async () => {
    server = new MsnpTestServer({ accounts: [ME, FRIEND] });
    await server.start();
    t = await makeService();
    friend = await sessions.signIn(server, FRIEND);
    const seen = nextEvent(
      friend,
      'presence',
      (e) => e.contact.email === ME.email && e.contact.status === 'NLN',
    );
    await t.service.signIn(request(ME.email, ME.password, `127.0.0.1:${server.dispatchPort}`));
    await seen;
  });
  afterEach(async () => {
    await sessions.closeAll();
    await t.close();
    await server.stop();
  });

  /** The next status the friend sees for me over the wire. */
  const friendSees = (status: string) =>
    nextEvent(friend, 'presence', (e) => e.contact.email === ME.email && e.contact.status === status);
  const myStatus = () => t.service.notificationSession?.state.self.status;

  it('goes Idle after the minutes without input, as a contact sees it, and back to Online on input', async () => {
    await t.service.reportActivity(4 * MINUTE);
    assert.equal(myStatus(), 'NLN', 'not yet: 5 minutes by default');
    const idle = friendSees('IDL');
    await t.service.reportActivity(5 * MINUTE);
    await idle;
    assert.equal(myStatus(), 'IDL');
    assert.ok(
      t.events.some((e) => e.type === 'self' && e.self.status === 'IDL'),
      'the windows are told',
    );

    const back = friendSees('NLN');
    await t.service.reportActivity(200);
    await back;
    assert.equal(myStatus(), 'NLN');
  });

  it('follows the minutes chosen, and does nothing when turned off', async () => {
    await t.service.updateSettings({ idleAway: false });
    await t.service.reportActivity(60 * MINUTE);
    assert.equal(myStatus(), 'NLN');
    await t.service.updateSettings({ idleAway: true, idleMinutes: 1 });
    const idle = friendSees('IDL');
    await t.service.reportActivity(MINUTE);
    await idle;
  });

  it('never overrides a status chosen by hand, and one chosen while idle is not undone by input', async () => {
    await t.service.setStatus('BSY');
    await t.service.reportActivity(60 * MINUTE);
    assert.equal(myStatus(), 'BSY');

    await t.service.setStatus('NLN');
    await t.service.reportActivity(60 * MINUTE);
    assert.equal(myStatus(), 'IDL');
    const away = friendSees('AWY');
    await t.service.setStatus('AWY');
    await away;
    await t.service.reportActivity(0);
    assert.equal(myStatus(), 'AWY', 'the input does not bring back Online over a chosen Away');
  });
});

describe('the kinds of toast in the account service', () => {
  let server: MsnpTestServer;
  let t: TestService;
  const sessions = new Sessions();
  beforeEach(async () => {
    server = new MsnpTestServer({ accounts: [ME, FRIEND] });
    await server.start();
    t = await makeService({ toastLifetimeMs: 60_000 });
  });
  afterEach(async () => {
    await sessions.closeAll();
    await t.close();
    await server.stop();
  });

  it('shows no sign-in toast with "When contacts sign in" off, and one again when it is on', async () => {
    await t.service.updateSettings({ signInToasts: false });
    await t.service.signIn(request(ME.email, ME.password, `127.0.0.1:${server.dispatchPort}`));
    const online = t.next('contact', (e) => e.contact.email === FRIEND.email && e.contact.status === 'NLN');
    const friend = await sessions.signIn(server, FRIEND);
    await online;
    assert.deepEqual((await t.service.getSnapshot()).toasts, []);

    await t.service.updateSettings({ signInToasts: true });
    await friend.signOut();
    await t.next('contact', (e) => e.contact.email === FRIEND.email && e.contact.status === 'FLN');
    const toasted = t.next('toasts', (e) => e.toasts.some((x) => x.kind === 'signIn'));
    await sessions.signIn(server, FRIEND);
    await toasted;
  });

  it('refuses to start with the computer where the shell cannot', async () => {
    await assert.rejects(t.service.updateSettings({ runAtStartup: true }), {
      message: 'Butterfly cannot start with the computer here.',
    });
    assert.equal((await t.service.getSnapshot()).settings.runAtStartup, false);
  });
});
