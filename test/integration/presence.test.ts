import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE, BOB, CAROL, Sessions, nextEvent, startServer } from './helpers';
import type { MsnpTestServer } from '../../main/sandbox/server';
import { MsnpError, SignedOutError } from '../../main/msnp/errors';

describe('presence, lists and properties between signed-in accounts', () => {
  let server: MsnpTestServer;
  const sessions = new Sessions();
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await sessions.closeAll();
    await server.stop();
  });

  it('sees a contact sign in, change status and sign out; the latecomer gets ILN', async () => {
    const alice = await sessions.signIn(server, ALICE);
    const signedIn = nextEvent(alice, 'presence', (e) => e.contact.email === BOB.email && e.contact.status === 'BSY');
    const bob = sessions.make();
    const initial = nextEvent(bob, 'presence', (e) => e.initial && e.contact.email === ALICE.email);
    await bob.signIn({ host: '127.0.0.1', port: server.dispatchPort, email: BOB.email, password: BOB.password, status: 'BSY' });
    const seen = await signedIn;
    assert.equal(seen.previous, 'FLN');
    assert.equal(seen.initial, false);
    assert.equal(seen.contact.nickname, 'Bob Ünïcode ☃');
    assert.equal((await initial).contact.status, 'NLN');

    const away = nextEvent(alice, 'presence', (e) => e.contact.email === BOB.email && e.contact.status === 'AWY');
    await bob.setStatusRequest('AWY');
    assert.equal((await away).previous, 'BSY');

    // Appear Offline looks exactly like signing out to others.
    const hidden = nextEvent(alice, 'presence', (e) => e.contact.email === BOB.email && e.contact.status === 'FLN');
    await bob.setStatusRequest('HDN');
    await hidden;
    const back = nextEvent(alice, 'presence', (e) => e.contact.email === BOB.email && e.contact.status === 'NLN');
    await bob.setStatusRequest('NLN');
    await back;

    const gone = nextEvent(alice, 'presence', (e) => e.contact.email === BOB.email && e.contact.status === 'FLN');
    await bob.signOut();
    await gone;
    assert.equal(alice.snapshot().contacts.find((c) => c.email === BOB.email)?.status, 'FLN');
    await alice.signOut();
  });

  it('tells the other account when you add and remove them (ADD/REM 0 RL)', async () => {
    const alice = await sessions.signIn(server, ALICE);
    const carol = await sessions.signIn(server, CAROL);

    const added = nextEvent(carol, 'reverseAdded', (e) => e.email === ALICE.email);
    await alice.removeFromList('FL', CAROL.email);
    const removed = await nextEvent(carol, 'reverseRemoved', (e) => e.email === ALICE.email);
    assert.equal(removed.email, ALICE.email);
    await alice.addToList('FL', CAROL.email, 'Carol');
    const notice = await added;
    assert.equal(notice.nickname, 'Alice Liddell');
    assert.equal(notice.pending, true, 'Carol has not decided about Alice yet');
    assert.deepEqual(carol.snapshot().pendingAdds.map((p) => p.email), [ALICE.email]);

    // Carol allows Alice and adds her back: no longer pending.
    await carol.addToList('AL', ALICE.email, 'Alice Liddell');
    await carol.addToList('FL', ALICE.email, 'Alice Liddell');
    assert.deepEqual(carol.snapshot().pendingAdds, []);
    assert.deepEqual(carol.snapshot().contacts.find((c) => c.email === ALICE.email)?.lists, ['FL', 'AL', 'RL']);

    await assert.rejects(alice.addToList('FL', CAROL.email), (err: unknown) => err instanceof MsnpError && err.code === 215);
    await assert.rejects(alice.addToList('FL', 'nobody@example.com'), (err: unknown) => err instanceof MsnpError && err.code === 205);
    await alice.signOut();
    await carol.signOut();
  });

  it('blocks and unblocks: a blocked watcher sees you go offline', async () => {
    const alice = await sessions.signIn(server, ALICE);
    const bob = await sessions.signIn(server, BOB);
    const gone = nextEvent(alice, 'presence', (e) => e.contact.email === BOB.email && e.contact.status === 'FLN');
    await bob.block(ALICE.email);
    await gone;
    assert.deepEqual(bob.snapshot().contacts.find((c) => c.email === ALICE.email)?.lists, ['FL', 'BL', 'RL']);
    const back = nextEvent(alice, 'presence', (e) => e.contact.email === BOB.email && e.contact.status === 'NLN');
    await bob.unblock(ALICE.email);
    await back;
    assert.deepEqual(bob.snapshot().contacts.find((c) => c.email === ALICE.email)?.lists, ['FL', 'AL', 'RL']);
    await bob.signOut();
    await alice.signOut();
  });

  it('changes privacy settings and your own name', async () => {
    const bob = await sessions.signIn(server, BOB);
    const alice = await sessions.signIn(server, ALICE);
    await bob.setBlp('BL');
    await bob.setGtc('N');
    assert.deepEqual(bob.snapshot().privacy, { blp: 'BL', gtc: 'N' });
    const renamed = nextEvent(alice, 'presence', (e) => e.contact.email === BOB.email && e.contact.nickname === 'Bob the Builder 100%');
    await bob.setNickname('Bob the Builder 100%');
    assert.equal(bob.snapshot().self.nickname, 'Bob the Builder 100%');
    await renamed;
    await bob.setBlp('AL');
    await bob.setGtc('A');
    await bob.signOut();
    await alice.signOut();
  });

  it('sets and clears phone numbers and the contact sees them through BPR', async () => {
    const alice = await sessions.signIn(server, ALICE);
    const bob = await sessions.signIn(server, BOB);
    const update = nextEvent(alice, 'contact', (e) => e.contact.email === BOB.email && e.contact.phones.PHM === '555 0101');
    await bob.setPhone('PHM', '555 0101');
    assert.equal(bob.snapshot().self.phones.PHM, '555 0101');
    await update;
    const cleared = nextEvent(alice, 'contact', (e) => e.contact.email === BOB.email && e.contact.phones.PHM === undefined);
    await bob.setPhone('PHM', '');
    await cleared;
    assert.equal(bob.snapshot().self.phones.PHM, undefined);
    await bob.signOut();
    await alice.signOut();
  });

  it('receives alerts and new-mail notices, and asks for service URLs', async () => {
    const alice = await sessions.signIn(server, ALICE);
    const alert = nextEvent(alice, 'alert');
    server.sendAlert(
      ALICE.email,
      '<NOTIFICATION ver="1" id="7" siteid="0" siteurl="http://127.0.0.1/"><TO pid="0x1:0x2" name="alice@example.com" /><MSG id="3"><ACTION url="go?x=1" /><SUBSCR url="sub" /><BODY lang="1033"><TEXT>Stocks &amp; shares are up</TEXT></BODY></MSG></NOTIFICATION>',
    );
    const a = await alert;
    assert.equal(a.text, 'Stocks & shares are up');
    assert.match(a.actionUrl, /^http:\/\/127\.0\.0\.1\/go\?x=1&/);

    const mail = nextEvent(alice, 'newMail');
    server.sendMail(ALICE.email, { from: 'The Queen', fromAddr: 'queen@example.com', subject: 'Croquet at three' });
    const m = await mail;
    assert.equal(m.subject, 'Croquet at three');
    assert.equal(alice.snapshot().mail.inboxUnread, 4);

    assert.match(await alice.requestUrl('INBOX'), /^https?:\/\//);
    assert.match(await alice.requestUrl('COMPOSE', BOB.email), /^https?:\/\//);
    await alice.signOut();
  });

  it('is signed out with OTH when the same account signs in elsewhere', async () => {
    const first = await sessions.signIn(server, CAROL);
    const closed = nextEvent(first, 'closed');
    const second = await sessions.signIn(server, CAROL);
    const e = await closed;
    assert.equal(e.signedOutReason, 'OTH');
    assert.ok(e.error instanceof SignedOutError);
    assert.match(e.error.message, /signed in at another location/);
    assert.equal(first.status, 'closed');
    assert.equal(second.status, 'online');
    await second.signOut();
  });
});
