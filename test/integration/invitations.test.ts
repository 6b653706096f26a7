// Two InvitationManagers back to back through an in-memory conversation, transferring over real loopback sockets.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FILE_TRANSFER_GUID, VOICE_GUID, invitationBody, parseInvitationPayload, serializeInvitation } from '../../app/invitation';
import type { InvitationEvents, InvitationManager } from '../../main/msnp/invitations';
import { MsnftpSender } from '../../main/msnp/msnftpSender';
import { FakeConversation, assertMonotonic, folderMaker, listFolder, nextOf, outcomeOf, sha256 } from './transferHelpers';

const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
const FAST = { msnftp: { progressIntervalMs: 0, hash: true } };
/** What a conversation does with an incoming invitation MSG: the body after its MIME headers goes to the manager. */
const handle = (manager: InvitationManager, from: string, payload: string): void => manager.handleMessage(from, invitationBody(payload));

let root: string;
let chat: FakeConversation;
const freshFolder = folderMaker(() => root);

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'butterfly-invitations-'));
});
afterEach(async () => {
  await chat?.close();
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('file transfer between two invitation managers', () => {
  it('sends a 10 MB file each way with matching sha256 and monotonic progress', async () => {
    chat = new FakeConversation();
    const alice = chat.join(ALICE, FAST);
    const bob = chat.join(BOB, FAST);
    const data = randomBytes(10 * 1024 * 1024);
    const source = path.join(root, 'from-alice.bin');
    await writeFile(source, data);
    const bobFolder = await freshFolder();
    const aliceFolder = await freshFolder();

    // Alice -> Bob, from a file on disk.
    const offer = nextOf(bob, 'fileOffer');
    const sent = await alice.sendFile({ path: source });
    const o = await offer;
    assert.deepEqual(o, { cookie: sent.cookie, from: ALICE, fileName: 'from-alice.bin', size: data.length });
    const progress: InvitationEvents['progress'][] = [];
    bob.on('progress', (p) => progress.push(p));
    const started = nextOf(bob, 'transferStarted');
    const bobDone = nextOf(bob, 'transferDone');
    const aliceDone = nextOf(alice, 'transferDone');
    await bob.acceptFile(o.cookie, bobFolder);
    assert.equal((await started).peer, ALICE);
    const [got, gave] = await Promise.all([bobDone, aliceDone]);
    assert.equal(got.direction, 'receive');
    assert.equal(gave.direction, 'send');
    assert.equal(got.sha256, sha256(data));
    assert.equal(gave.sha256, sha256(data));
    assert.equal(sha256(await readFile(got.path!)), sha256(data));
    assert.deepEqual(await listFolder(bobFolder), ['from-alice.bin']);
    assertMonotonic(progress.filter((p) => p.cookie === o.cookie), data.length);

    // Bob -> Alice, from a Buffer.
    const back = randomBytes(10 * 1024 * 1024 + 7);
    const offer2 = nextOf(alice, 'fileOffer');
    await bob.sendFile({ name: 'reply.dat', data: back });
    const o2 = await offer2;
    const aliceGot = nextOf(alice, 'transferDone');
    const bobGave = nextOf(bob, 'transferDone');
    await alice.acceptFile(o2.cookie, aliceFolder);
    const [a2] = await Promise.all([aliceGot, bobGave]);
    assert.equal(a2.sha256, sha256(back));
    assert.ok((await readFile(path.join(aliceFolder, 'reply.dat'))).equals(back));

    // The wire messages carried what the classic client expects.
    const [invite] = chat.sentBy(ALICE, 'Invitation-Command: INVITE');
    assert.match(invite!, /Application-Name: File Transfer\r\n/);
    assert.match(invite!, new RegExp(`Application-GUID: \\${FILE_TRANSFER_GUID.slice(0, -1)}\\}\r\n`));
    const [receiverAccept] = chat.sentBy(BOB, 'Invitation-Command: ACCEPT');
    assert.match(receiverAccept!, /Launch-Application: FALSE\r\nRequest-Data: IP-Address:\r\n/);
    const [senderAccept] = chat.sentBy(ALICE, 'Invitation-Command: ACCEPT');
    assert.match(senderAccept!, /IP-Address: 127\.0\.0\.1\r\nPort: \d+\r\nAuthCookie: \d+\r\n/);
  });

  it('does nothing with an offer until asked, then declining sends CANCEL REJECT', async () => {
    chat = new FakeConversation();
    const alice = chat.join(ALICE);
    const bob = chat.join(BOB);
    const offer = nextOf(bob, 'fileOffer');
    await alice.sendFile({ name: 'hello.txt', data: Buffer.from('hi') });
    const o = await offer;
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(chat.sentBy(BOB, 'Invitation-Command').length, 0, 'bob said nothing on his own');
    const cancelled = nextOf(alice, 'cancelled');
    await bob.declineFile(o.cookie);
    assert.deepEqual(await cancelled, { cookie: o.cookie, by: 'peer', code: 'REJECT', message: 'The other person declined the invitation.' });
    assert.match(chat.sentBy(BOB, 'Invitation-Command: CANCEL')[0]!, /Cancel-Code: REJECT\r\n/);
  });

  it('withdraws an invitation nobody answers with CANCEL TIMEOUT, and the peer hears of it', async () => {
    chat = new FakeConversation();
    const alice = chat.join(ALICE, { inviteTimeoutMs: 120 });
    const bob = chat.join(BOB);
    const offer = nextOf(bob, 'fileOffer');
    const mine = nextOf(alice, 'cancelled');
    const theirs = nextOf(bob, 'cancelled');
    await alice.sendFile({ name: 'late.txt', data: Buffer.from('late') });
    const o = await offer;
    const [a, b] = await Promise.all([mine, theirs]);
    assert.equal(a.by, 'self');
    assert.equal(a.code, 'TIMEOUT');
    assert.match(a.message, /within 0\.1 seconds/);
    assert.deepEqual(b, { cookie: o.cookie, by: 'peer', code: 'TIMEOUT', message: 'The invitation was withdrawn or expired before it was accepted.' });
    await assert.rejects(bob.acceptFile(o.cookie, root), /no longer open/);
  });

  it('cleans up when the receiver cancels mid-transfer: partial file gone, both sides told', async () => {
    chat = new FakeConversation();
    const alice = chat.join(ALICE, FAST);
    const bob = chat.join(BOB, FAST);
    const folder = await freshFolder();
    const offer = nextOf(bob, 'fileOffer');
    await alice.sendFile({ name: 'big.bin', data: randomBytes(64 * 1024 * 1024) });
    const o = await offer;
    const off = bob.on('progress', (p) => {
      if (p.transferred === 0) return;
      off();
      void bob.cancel(o.cookie);
    });
    const mine = nextOf(bob, 'cancelled');
    const theirs = nextOf(alice, 'cancelled');
    await bob.acceptFile(o.cookie, folder);
    const [b, a] = await Promise.all([mine, theirs]);
    assert.deepEqual([b.by, b.code], ['self', 'CCL']);
    assert.deepEqual([a.by, a.code], ['peer', 'CCL']);
    assert.deepEqual(await listFolder(folder), []);
  });

  it('cleans up when the sender cancels mid-transfer', async () => {
    chat = new FakeConversation();
    const alice = chat.join(ALICE, FAST);
    const bob = chat.join(BOB, FAST);
    const folder = await freshFolder();
    const offer = nextOf(bob, 'fileOffer');
    const transfer = await alice.sendFile({ name: 'big.bin', data: randomBytes(64 * 1024 * 1024) });
    const o = await offer;
    const off = bob.on('progress', (p) => {
      if (p.transferred === 0) return;
      off();
      void transfer.cancel();
    });
    const mine = nextOf(alice, 'cancelled');
    const theirs = nextOf(bob, 'cancelled');
    await bob.acceptFile(o.cookie, folder);
    const [a, b] = await Promise.all([mine, theirs]);
    assert.equal(a.by, 'self');
    assert.equal(b.by, 'peer');
    assert.deepEqual(await listFolder(folder), []);
  });

  it('cancels before acceptance and while the connection is being made', async () => {
    chat = new FakeConversation();
    const alice = chat.join(ALICE, FAST);
    const bob = chat.join(BOB, FAST);
    const offer = nextOf(bob, 'fileOffer');
    const t = await alice.sendFile({ name: 'a.txt', data: Buffer.from('a') });
    await offer;
    const heard = nextOf(bob, 'cancelled');
    await t.cancel();
    assert.equal((await heard).code, 'TIMEOUT');

    // Bob accepts, then cancels before the sender's address arrives: Alice's port closes, nothing is saved.
    const folder = await freshFolder();
    const offer2 = nextOf(bob, 'fileOffer');
    await alice.sendFile({ name: 'b.txt', data: Buffer.from('b') });
    const o2 = await offer2;
    const aliceHeard = nextOf(alice, 'cancelled');
    await bob.acceptFile(o2.cookie, folder);
    await bob.cancel(o2.cookie);
    const c = await aliceHeard;
    assert.deepEqual([c.by, c.code], ['peer', 'REJECT']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(await listFolder(folder), []);
  });

  it('tells the peer OUTBANDCANCEL for everything pending when the conversation closes', async () => {
    chat = new FakeConversation();
    const alice = chat.join(ALICE);
    const bob = chat.join(BOB);
    const offer = nextOf(bob, 'fileOffer');
    await alice.sendFile({ name: 'a.txt', data: Buffer.from('a') });
    await offer;
    const mine = nextOf(alice, 'cancelled');
    const theirs = nextOf(bob, 'cancelled');
    await alice.close();
    assert.deepEqual([(await mine).by, (await mine).code], ['self', 'OUTBANDCANCEL']);
    const t = await theirs;
    assert.deepEqual([t.by, t.code], ['peer', 'OUTBANDCANCEL']);
    assert.match(t.message, /conversation window was closed/);
    await assert.rejects(alice.sendFile({ name: 'b.txt', data: Buffer.from('b') }), /conversation is closed/);
  });

  it('refuses an offer over the size cap on its own, with a warning', async () => {
    chat = new FakeConversation();
    const alice = chat.join(ALICE);
    const bob = chat.join(BOB, { maxIncomingBytes: 10 });
    const warning = nextOf(bob, 'warning');
    const cancelled = nextOf(alice, 'cancelled');
    let offered = false;
    bob.on('fileOffer', () => (offered = true));
    await alice.sendFile({ name: 'huge.iso', data: Buffer.alloc(11) });
    assert.equal((await warning).code, 'file-too-large');
    assert.equal((await cancelled).code, 'REJECT');
    assert.equal(offered, false);
  });
});

describe('invitations from a hand-written peer', () => {
  it('saves a hostile file name sanitized inside the chosen folder', async () => {
    chat = new FakeConversation();
    const bob = chat.join(BOB, FAST);
    const folder = await freshFolder();
    const data = Buffer.from('not really a system file');
    const offer = nextOf(bob, 'fileOffer');
    handle(
      bob,
      'mallory@example.com',
      serializeInvitation('INVITE', '77', [
        ['Application-Name', 'File Transfer'],
        ['Application-GUID', FILE_TRANSFER_GUID],
        ['Application-File', '..\\..\\Windows\\System32\\.evil\u202Efdp.exe'],
        ['Application-FileSize', String(data.length)],
      ]),
    );
    const o = await offer;
    assert.equal(o.fileName, 'evilfdp.exe');
    await bob.acceptFile('77', folder);
    const accept = parseInvitationPayload(chat.sentBy(BOB, 'ACCEPT')[0]!);
    assert.ok(!('error' in accept) && accept.cookie === '77');
    const sender = new MsnftpSender({ source: { data }, size: data.length, peerHandle: BOB, authCookie: '4242', host: '127.0.0.1' });
    const { port } = await sender.listen();
    const done = nextOf(bob, 'transferDone');
    handle(
      bob,
      'mallory@example.com',
      serializeInvitation('ACCEPT', '77', [
        ['IP-Address', '127.0.0.1'],
        ['Port', String(port)],
        ['AuthCookie', '4242'],
        ['Launch-Application', 'FALSE'],
        ['Request-Data', 'IP-Address:'],
      ]),
    );
    assert.equal((await done).path, path.join(folder, 'evilfdp.exe'));
    assert.equal((await outcomeOf(sender)).kind, 'done');
    assert.deepEqual(await listFolder(folder), ['evilfdp.exe']);
  });

  it('offers unknown applications and voice to the user, and declines them with REJECT_NOT_INSTALLED', async () => {
    chat = new FakeConversation();
    const bob = chat.join(BOB);
    const invite = (cookie: string, name: string, guid: string): string =>
      serializeInvitation('INVITE', cookie, [
        ['Application-Name', name],
        ['Application-GUID', guid],
        ['Session-Protocol', 'SM1'],
      ]);
    const other = nextOf(bob, 'otherInvitation');
    handle(bob, 'carol@example.com', invite('5', 'Whiteboard', '{1DF57D09-637A-4CA5-91B9-2C3EDAAF62FE}'));
    assert.deepEqual(await other, { cookie: '5', from: 'carol@example.com', applicationName: 'Whiteboard', guid: '{1DF57D09-637A-4CA5-91B9-2C3EDAAF62FE}', kind: 'unknown' });
    await bob.declineOther('5', 'REJECT_NOT_INSTALLED');
    const cancel = parseInvitationPayload(chat.sentBy(BOB, 'CANCEL')[0]!);
    assert.ok(!('error' in cancel));
    assert.equal(cancel.cookie, '5');
    assert.equal(cancel.fields['cancel-code'], 'REJECT_NOT_INSTALLED');

    const voice = nextOf(bob, 'otherInvitation');
    handle(bob, 'carol@example.com', invite('6', 'NetMeeting Voice', VOICE_GUID));
    assert.equal((await voice).kind, 'voice');
    const heard = nextOf(bob, 'cancelled');
    handle(bob, 'carol@example.com', serializeInvitation('CANCEL', '6', [['Cancel-Code', 'TIMEOUT']]));
    assert.deepEqual(await heard, { cookie: '6', by: 'peer', code: 'TIMEOUT', message: 'The invitation was withdrawn or expired before it was accepted.' });
  });

  it('warns about malformed invitations and never throws', async () => {
    chat = new FakeConversation();
    const bob = chat.join(BOB);
    const warnings: string[] = [];
    bob.on('warning', (w) => warnings.push(w.code));
    const hostile = [
      '',
      'garbage without structure',
      'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite\r\n\r\nInvitation-Command: INVITE\r\n',
      serializeInvitation('INVITE', '8', [['Application-GUID', FILE_TRANSFER_GUID], ['Application-FileSize', 'lots']]),
      serializeInvitation('ACCEPT', '404', [['IP-Address', '127.0.0.1']]),
      serializeInvitation('CANCEL', '405', []),
      '\u0000'.repeat(10_000),
    ];
    for (const payload of hostile) assert.doesNotThrow(() => handle(bob, 'mallory@example.com', payload));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(warnings, ['malformed-invitation', 'malformed-invitation', 'malformed-invitation', 'malformed-invitation', 'unexpected-accept', 'malformed-invitation']);
    assert.match(chat.sentBy(BOB, 'CANCEL')[0]!, /Invitation-Cookie: 8\r\nCancel-Code: FAIL/);
  });

  it("ignores a third person's attempt to cancel someone else's offer", async () => {
    chat = new FakeConversation();
    const bob = chat.join(BOB);
    const offer = nextOf(bob, 'fileOffer');
    handle(
      bob,
      ALICE,
      serializeInvitation('INVITE', '9', [
        ['Application-Name', 'File Transfer'],
        ['Application-GUID', FILE_TRANSFER_GUID],
        ['Application-File', 'x.txt'],
        ['Application-FileSize', '1'],
      ]),
    );
    await offer;
    const warning = nextOf(bob, 'warning');
    handle(bob, 'mallory@example.com', serializeInvitation('CANCEL', '9', [['Cancel-Code', 'REJECT']]));
    assert.equal((await warning).code, 'foreign-cancel');
    await bob.declineFile('9');
  });
});
