// File transfers end to end: real conversations through the test server's switchboard, MSNFTP over loopback.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  FILE_TRANSFER_GUID,
  VOICE_GUID,
  describeCancelCode,
  parseInvitationPayload,
  serializeInvitation,
  type Invitation,
} from '../../app/invitation';
import { DEFAULT_FORMAT } from '../../app/messageFormat';
import type { Conversation, ConversationOptions } from '../../main/msnp/conversation';
import type { ConversationManager } from '../../main/msnp/conversations';
import type { InvitationEvents } from '../../main/msnp/invitations';
import { encodeBlocks } from '../../main/msnp/msnftpFraming';
import { MsnftpSender } from '../../main/msnp/msnftpSender';
import type { MsnpTestServer } from '../../main/sandbox/server';
import { ALICE, BOB, CAROL, Sessions, incoming, onlineMaker, startServer } from './helpers';
import {
  assertMonotonic,
  expectLine,
  folderMaker,
  listFolder,
  nextOf,
  outcomeOf,
  scriptedServer,
  sha256,
} from './transferHelpers';

const OPTS: ConversationOptions = {
  callTimeoutMs: 3_000,
  requestTimeoutMs: 3_000,
  invitations: { listenHost: '127.0.0.1', listenPort: 0, msnftp: { progressIntervalMs: 0, hash: true } },
};
const SENTENCE = /^[A-Z].*\.$/;

/** The invitation in a conversation payload event, when it is one with this command and cookie. */
function invitationIn(body: string, command: Invitation['command'], cookie: string): Invitation | null {
  const inv = parseInvitationPayload(body);
  return !('error' in inv) && inv.command === command && inv.cookie === cookie ? inv : null;
}

/** The next invitation with this command and cookie that arrives in the conversation. */
async function nextInvitation(
  c: Conversation,
  command: Invitation['command'],
  cookie: string,
  timeoutMs = 10_000,
): Promise<Invitation> {
  const p = await nextOf(
    c,
    'payload',
    (e) => e.contentType === 'text/x-msmsgsinvite' && invitationIn(e.body, command, cookie) !== null,
    timeoutMs,
  );
  return invitationIn(p.body, command, cookie)!;
}

describe('file transfers in real conversations', () => {
  let server: MsnpTestServer;
  let root: string;
  const sessions = new Sessions();
  const managers: ConversationManager[] = [];
  const cleanups: (() => void)[] = [];

  const online = onlineMaker(sessions, () => server, OPTS, managers);

  const freshFolder = folderMaker(() => root, (n) => path.join(`case-${n}`, 'inbox'));

  /** Alice and Bob signed in, with a conversation both sides hold (warmed up with one text message). */
  async function pair(): Promise<{
    alice: ConversationManager;
    bob: ConversationManager;
    c: Conversation;
    bc: Conversation;
  }> {
    const alice = await online(ALICE);
    const bob = await online(BOB);
    const bobGets = incoming(bob);
    const c = alice.open([BOB.email]);
    const [id] = c.sendText('file coming', DEFAULT_FORMAT);
    assert.equal((await nextOf(c, 'delivery', (d) => d.id === id)).status, 'delivered');
    return { alice, bob, c, bc: await bobGets };
  }

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'butterfly-conversation-files-'));
    server = await startServer([
      { ...ALICE, forward: [BOB.email, CAROL.email], allow: [BOB.email, CAROL.email] },
      BOB,
      { ...CAROL, forward: [ALICE.email], allow: [ALICE.email] },
    ]);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    for (const m of managers.splice(0)) m.closeAll();
    await sessions.closeAll();
  });
  after(async () => {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('sends a 10 MB file Alice -> Bob and another Bob -> Alice in the same conversation, sha256 intact', async () => {
    const alice = await online(ALICE);
    const bob = await online(BOB);
    const data = randomBytes(10 * 1024 * 1024);
    const source = path.join(root, 'ten-megabytes.bin');
    await writeFile(source, data);
    const bobFolder = await freshFolder();
    const aliceFolder = await freshFolder();

    // No text first: offering the file opens the switchboard and rings Bob.
    const bobGets = incoming(bob);
    const c = alice.open([BOB.email]);
    const sending = c.sendFile({ path: source });
    const bc = await bobGets;
    const o = await nextOf(bc.invitations, 'fileOffer');
    const sent = await sending;
    assert.deepEqual(o, {
      cookie: sent.cookie,
      from: ALICE.email,
      fileName: 'ten-megabytes.bin',
      size: data.length,
    });
    assert.deepEqual([sent.fileName, sent.size], ['ten-megabytes.bin', data.length]);

    const progress: InvitationEvents['progress'][] = [];
    bc.invitations.on('progress', (p) => progress.push(p));
    const started = nextOf(bc.invitations, 'transferStarted');
    const bobDone = nextOf(bc.invitations, 'transferDone');
    const aliceDone = nextOf(c.invitations, 'transferDone');
    await bc.invitations.acceptFile(o.cookie, bobFolder);
    assert.deepEqual((await started).peer, ALICE.email);
    const [got, gave] = await Promise.all([bobDone, aliceDone]);
    assert.deepEqual([got.direction, gave.direction], ['receive', 'send']);
    assert.equal(got.path, path.join(bobFolder, 'ten-megabytes.bin'));
    assert.equal(got.sha256, sha256(data));
    assert.equal(gave.sha256, sha256(data));
    assert.equal(sha256(await readFile(got.path!)), sha256(data));
    assert.deepEqual(await listFolder(bobFolder), ['ten-megabytes.bin'], 'no .part left behind');
    assertMonotonic(
      progress.filter((p) => p.cookie === o.cookie),
      data.length,
    );

    // Bob answers with a file of his own, from memory, in the conversation Alice started.
    const back = randomBytes(10 * 1024 * 1024 + 7);
    const offer2 = nextOf(c.invitations, 'fileOffer');
    const sent2 = await bc.sendFile({ name: 'reply.dat', data: back });
    const o2 = await offer2;
    assert.deepEqual(o2, { cookie: sent2.cookie, from: BOB.email, fileName: 'reply.dat', size: back.length });
    const aliceGot = nextOf(c.invitations, 'transferDone');
    const bobGave = nextOf(bc.invitations, 'transferDone');
    await c.invitations.acceptFile(o2.cookie, aliceFolder);
    const [a2, b2] = await Promise.all([aliceGot, bobGave]);
    assert.equal(a2.sha256, sha256(back));
    assert.equal(b2.sha256, sha256(back));
    assert.ok((await readFile(path.join(aliceFolder, 'reply.dat'))).equals(back));
    assert.deepEqual(await listFolder(aliceFolder), ['reply.dat']);

    // Both invitations are over, and the conversation itself carried on throughout.
    assert.deepEqual([c.invitations.active, bc.invitations.active], [0, 0]);
    assert.ok(c.connected && bc.connected);
    const [id] = c.sendText('got it?');
    assert.equal((await nextOf(c, 'delivery', (d) => d.id === id)).status, 'delivered');
  });

  it('cleans up when the sender cancels mid-transfer: both sides hear of it, no partial file remains', async () => {
    const { c, bc } = await pair();
    const folder = await freshFolder();
    const offer = nextOf(bc.invitations, 'fileOffer');
    const transfer = await c.sendFile({ name: 'big.bin', data: randomBytes(64 * 1024 * 1024) });
    const o = await offer;
    const off = bc.invitations.on('progress', (p) => {
      if (p.transferred === 0) return;
      off();
      void transfer.cancel();
    });
    const mine = nextOf(c.invitations, 'cancelled');
    const theirs = nextOf(bc.invitations, 'cancelled');
    let bobDone = false;
    bc.invitations.on('transferDone', () => (bobDone = true));
    await bc.invitations.acceptFile(o.cookie, folder);
    const [a, b] = await Promise.all([mine, theirs]);
    assert.deepEqual([a.cookie, a.by, a.code], [o.cookie, 'self', 'CCL']);
    assert.deepEqual([b.cookie, b.by, b.code], [o.cookie, 'peer', 'CCL']);
    assert.match(b.message, SENTENCE);
    assert.equal(bobDone, false);
    // The receiver removes both the .part and the placeholder before it reports the cancel.
    assert.deepEqual(await listFolder(folder), []);
    assert.deepEqual([c.invitations.active, bc.invitations.active], [0, 0]);
  });

  it('cleans up when the receiver cancels mid-transfer: both sides hear of it, no partial file remains', async () => {
    const { c, bc } = await pair();
    const folder = await freshFolder();
    const offer = nextOf(bc.invitations, 'fileOffer');
    await c.sendFile({ name: 'big.bin', data: randomBytes(64 * 1024 * 1024) });
    const o = await offer;
    const off = bc.invitations.on('progress', (p) => {
      if (p.transferred === 0) return;
      off();
      void bc.invitations.cancel(o.cookie);
    });
    const mine = nextOf(bc.invitations, 'cancelled');
    const theirs = nextOf(c.invitations, 'cancelled');
    await bc.invitations.acceptFile(o.cookie, folder);
    const [b, a] = await Promise.all([mine, theirs]);
    assert.deepEqual([b.cookie, b.by, b.code], [o.cookie, 'self', 'CCL']);
    assert.deepEqual([a.cookie, a.by, a.code], [o.cookie, 'peer', 'CCL']);
    assert.match(a.message, SENTENCE);
    assert.deepEqual(await listFolder(folder), []);
    assert.deepEqual([c.invitations.active, bc.invitations.active], [0, 0]);
  });

  it('saves a hostile file name sanitized inside the chosen folder and nowhere else', async () => {
    const { c, bc } = await pair();
    const folder = await freshFolder();
    const caseDir = path.dirname(folder);

    // A raw INVITE carries the whole hostile path across the switchboard, unsanitized.
    const hostile = '../../evil\\..\\CON.txt';
    const data = Buffer.from('not really a device');
    const offer = nextOf(bc.invitations, 'fileOffer', (f) => f.cookie === '31337');
    const wire = nextOf(bc, 'payload', (p) => p.contentType === 'text/x-msmsgsinvite');
    await c.sendPayload(
      serializeInvitation('INVITE', '31337', [
        ['Application-Name', 'File Transfer'],
        ['Application-GUID', FILE_TRANSFER_GUID],
        ['Application-File', hostile],
        ['Application-FileSize', String(data.length)],
      ]),
    );
    assert.ok(
      (await wire).body.includes(`Application-File: ${hostile}\r\n`),
      'the name crossed the switchboard as sent',
    );
    const o = await offer;
    assert.deepEqual(o, { cookie: '31337', from: ALICE.email, fileName: '_CON.txt', size: data.length });
    const accepted = nextInvitation(c, 'ACCEPT', '31337');
    await bc.invitations.acceptFile('31337', folder);
    await accepted;
    // Alice's own invitation layer never issued this cookie; it shrugs at Bob's ACCEPT for it.
    const sender = new MsnftpSender({
      source: { data },
      size: data.length,
      peerHandle: BOB.email,
      authCookie: '4242',
      host: '127.0.0.1',
    });
    const { port } = await sender.listen();
    const done = nextOf(bc.invitations, 'transferDone');
    await c.sendPayload(
      serializeInvitation('ACCEPT', '31337', [
        ['IP-Address', '127.0.0.1'],
        ['Port', String(port)],
        ['AuthCookie', '4242'],
        ['Launch-Application', 'FALSE'],
        ['Request-Data', 'IP-Address:'],
      ]),
    );
    assert.equal((await done).path, path.join(folder, '_CON.txt'));
    assert.equal((await outcomeOf(sender)).kind, 'done');
    assert.ok((await readFile(path.join(folder, '_CON.txt'))).equals(data));

    // Through sendFile the sender already strips folders; the receiver still rewrites what Windows forbids.
    const offer2 = nextOf(bc.invitations, 'fileOffer');
    const sent = await c.sendFile({ name: '..\\..\\evil/../a<b>:c|d?.txt', data });
    assert.equal(sent.fileName, 'a<b>:c|d?.txt');
    const o2 = await offer2;
    assert.equal(o2.fileName, 'a_b__c_d_.txt');
    const done2 = nextOf(bc.invitations, 'transferDone');
    await bc.invitations.acceptFile(o2.cookie, folder);
    assert.equal((await done2).path, path.join(folder, 'a_b__c_d_.txt'));

    assert.deepEqual(await listFolder(folder), ['_CON.txt', 'a_b__c_d_.txt']);
    assert.deepEqual(await listFolder(caseDir), ['inbox'], 'nothing was written beside the chosen folder');
    assert.ok(
      !(await listFolder(root)).some((name) => /evil|CON/i.test(name)),
      'nothing was written further up',
    );
  });

  it('aborts a sender that sends more bytes than the invitation announced, and removes the partial file', async () => {
    const { c, bc } = await pair();
    const folder = await freshFolder();
    const offer = nextOf(bc.invitations, 'fileOffer', (f) => f.cookie === '4711');
    await c.sendPayload(
      serializeInvitation('INVITE', '4711', [
        ['Application-Name', 'File Transfer'],
        ['Application-GUID', FILE_TRANSFER_GUID],
        ['Application-File', 'small.txt'],
        ['Application-FileSize', '100'],
      ]),
    );
    await offer;
    const accepted = nextInvitation(c, 'ACCEPT', '4711');
    await bc.invitations.acceptFile('4711', folder);
    await accepted;

    // A sender that agrees to 100 bytes in FIL and then sends 150.
    let farewell!: (line: string) => void;
    const said = new Promise<string>((resolve) => (farewell = resolve));
    const rogue = await scriptedServer(async (socket, lines) => {
      await expectLine(lines, /^VER MSNFTP$/);
      socket.write('VER MSNFTP\r\n');
      await expectLine(lines, new RegExp(`^USR ${BOB.email} 5150$`));
      socket.write('FIL 100\r\n');
      await expectLine(lines, /^TFR$/);
      socket.write(encodeBlocks(randomBytes(150)));
      farewell((await lines.next()).value);
    });
    cleanups.push(rogue.close);
    const failed = nextOf(bc.invitations, 'transferFailed');
    let bobDone = false;
    bc.invitations.on('transferDone', () => (bobDone = true));
    await c.sendPayload(
      serializeInvitation('ACCEPT', '4711', [
        ['IP-Address', '127.0.0.1'],
        ['Port', String(rogue.port)],
        ['AuthCookie', '5150'],
        ['Launch-Application', 'FALSE'],
        ['Request-Data', 'IP-Address:'],
      ]),
    );
    const f = await failed;
    assert.deepEqual([f.cookie, f.direction, f.reason], ['4711', 'receive', 'size']);
    assert.match(f.message, /sent more than the announced size/);
    assert.match(f.message, SENTENCE);
    assert.equal(bobDone, false);
    assert.deepEqual(await listFolder(folder), []);
    assert.equal(await said, 'CCL', 'the receiver told the sender over the file connection');
    assert.equal(bc.invitations.active, 0);
  });

  it('shows a voice invitation as kind voice, and declining it sends REJECT_NOT_INSTALLED back to the inviter', async () => {
    const { c, bc } = await pair();
    const other = nextOf(bc.invitations, 'otherInvitation');
    await c.sendPayload(
      serializeInvitation('INVITE', '2600', [
        ['Application-Name', 'NetMeeting'],
        ['Application-GUID', VOICE_GUID],
        ['Session-Protocol', 'SM1'],
        ['Session-ID', '{B2AB0A4A-4D5E-4C4B-9E1A-7C2A4E5C1D11}'],
      ]),
    );
    assert.deepEqual(await other, {
      cookie: '2600',
      from: ALICE.email,
      applicationName: 'NetMeeting',
      guid: VOICE_GUID,
      kind: 'voice',
    });
    let offered = false;
    bc.invitations.on('fileOffer', () => (offered = true));

    const answer = nextInvitation(c, 'CANCEL', '2600');
    const bobSide = nextOf(bc.invitations, 'cancelled');
    await bc.invitations.declineOther('2600');
    const cancel = await answer;
    assert.equal(cancel.fields['cancel-code'], 'REJECT_NOT_INSTALLED');
    // The engine has no voice of its own: the inviter here is the raw payload, so its reading of the CANCEL is the shared wording.
    assert.equal(
      describeCancelCode(cancel.fields['cancel-code']!),
      "The other person's program does not support this kind of invitation.",
    );
    assert.deepEqual(await bobSide, {
      cookie: '2600',
      by: 'self',
      code: 'REJECT_NOT_INSTALLED',
      message: 'You declined the invitation.',
    });
    assert.equal(offered, false);
    assert.equal(bc.invitations.active, 0);
    await assert.rejects(bc.invitations.declineOther('2600'), /no such invitation/);
  });

  it('refuses to send a file in a three-person conversation, with a sentence', async () => {
    const alice = await online(ALICE);
    const bob = await online(BOB);
    const carol = await online(CAROL);
    const c = alice.open([BOB.email]);
    const [id] = c.sendText('just us', DEFAULT_FORMAT);
    assert.equal((await nextOf(c, 'delivery', (d) => d.id === id)).status, 'delivered');
    const carolGets = incoming(carol);
    const carolJoined = nextOf(c, 'joined', (e) => e.email === CAROL.email);
    await c.invite(CAROL.email);
    await carolJoined;
    const cc = await carolGets;
    assert.equal(bob.all.length, 1);

    await assert.rejects(c.sendFile({ name: 'for-two.txt', data: Buffer.from('x') }), (err: Error) => {
      assert.equal(err.message, 'Files can only be sent in a conversation with one other person.');
      return true;
    });
    await assert.rejects(
      cc.sendFile({ name: 'for-two.txt', data: Buffer.from('x') }),
      /^Error: Files can only be sent in a conversation with one other person\.$/,
    );
    assert.equal(c.invitations.active, 0, 'nothing was offered');
    assert.equal(cc.invitations.active, 0, 'nothing was offered');

    // Once Carol leaves, the two who remain may exchange files again.
    const carolLeft = nextOf(c, 'left', (e) => e.email === CAROL.email);
    carol.close(cc.id);
    await carolLeft;
    const offer = nextOf(bob.all[0]!.invitations, 'fileOffer');
    const sent = await c.sendFile({ name: 'for-two.txt', data: Buffer.from('x') });
    assert.equal((await offer).cookie, sent.cookie);
  });

  it('closing the conversation with a pending offer tells the peer OUTBANDCANCEL (sender closes)', async () => {
    const { alice, c, bc } = await pair();
    const offer = nextOf(bc.invitations, 'fileOffer');
    await c.sendFile({ name: 'never.txt', data: Buffer.from('never sent') });
    const o = await offer;
    const mine = nextOf(c.invitations, 'cancelled');
    const theirs = nextOf(bc.invitations, 'cancelled');
    const left = nextOf(bc, 'left', (e) => e.email === ALICE.email);
    alice.close(c.id);
    const [a, b] = await Promise.all([mine, theirs]);
    assert.deepEqual([a.cookie, a.by, a.code], [o.cookie, 'self', 'OUTBANDCANCEL']);
    assert.deepEqual(b, {
      cookie: o.cookie,
      by: 'peer',
      code: 'OUTBANDCANCEL',
      message: 'The invitation was cancelled because the conversation window was closed.',
    });
    // The goodbye came before Alice left the switchboard.
    await left;
    await assert.rejects(bc.invitations.acceptFile(o.cookie, await freshFolder()), /no longer open/);
    await assert.rejects(
      c.sendFile({ name: 'late.txt', data: Buffer.from('late') }),
      /^Error: This conversation has been closed, so no file can be sent\.$/,
    );
  });

  it('closing the conversation with a pending offer tells the peer OUTBANDCANCEL (receiver closes)', async () => {
    const { bob, c, bc } = await pair();
    const offer = nextOf(bc.invitations, 'fileOffer');
    const sent = await c.sendFile({ name: 'unwanted.txt', data: Buffer.from('unwanted') });
    await offer;
    const theirs = nextOf(c.invitations, 'cancelled');
    bob.close(bc.id);
    assert.deepEqual(await theirs, {
      cookie: sent.cookie,
      by: 'peer',
      code: 'OUTBANDCANCEL',
      message: 'The invitation was cancelled because the conversation window was closed.',
    });
    assert.equal(c.invitations.active, 0);
  });
});
