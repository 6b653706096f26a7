// Files through the service: offers both ways (a dropped path on the desktop, an upload in browser mode),
// progress, the saved file and its checksum, declining, cancelling, hostile and executable names, the
// one-other-person rule, and a voice invitation declined as not installed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { InvitationInfo } from '../../app/conversation';
import {
  FILE_TRANSFER_GUID,
  VOICE_GUID,
  parseInvitationPayload,
  serializeInvitation,
} from '../../app/invitation';
import { MsnftpSender } from '../../main/msnp/msnftpSender';
import { FRIEND, ME, PAL, PLAIN, SENTENCE, useHarness, type Harness } from './serviceConversationHelpers';
import { nextOf, outcomeOf, sha256 } from './transferHelpers';

const ONE_OTHER = 'Files can only be sent in a conversation with one other person.';

describe('service conversations: files', () => {
  const { start, scratch } = useHarness();
  const invitation = (h: Harness, match: (i: InvitationInfo) => boolean, ms = 10_000) =>
    h.seen('invitation', (e) => match(e.invitation), ms).then((e) => e.invitation);
  /** Every invitation event for one id, in order, from the ones already emitted. */
  const historyOf = (h: Harness, id: string) =>
    h.t.events.flatMap((e) => (e.type === 'invitation' && e.invitation.id === id ? [e.invitation] : []));
  const downloads = (h: Harness) => path.join(h.t.dir, 'downloads');

  /** ME and FRIEND in a live one-to-one conversation. */
  async function chatting(h: Harness) {
    const friend = await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    await h.t.service.sendMessage(id, 'a file is coming', PLAIN);
    await h.line(id, (l) => l.kind === 'message' && l.delivery === 'delivered');
    return { friend, id, fc: await friend.rung() };
  }

  it('sends a dropped file on the desktop: waiting, transferring with progress, done with the checksum', async () => {
    const h = await start();
    const { id, fc } = await chatting(h);
    const data = randomBytes(300 * 1024);
    const source = path.join(await scratch(), 'holiday.jpg');
    await writeFile(source, data);
    const offer = nextOf(fc.invitations, 'fileOffer');
    await h.t.service.offerFile(id, { kind: 'path', path: source });
    const waiting = await invitation(h, (i) => i.state === 'waiting');
    assert.deepEqual(
      [waiting.conversationId, waiting.direction, waiting.fileName, waiting.size, waiting.peer],
      [id, 'send', 'holiday.jpg', data.length, ''],
    );
    await h.line(id, (l) => l.kind === 'invitation' && l.invitationId === waiting.id);

    const theirs = await offer;
    const folder = await scratch();
    const received = nextOf(fc.invitations, 'transferDone');
    await fc.invitations.acceptFile(theirs.cookie, folder);
    const done = await invitation(h, (i) => i.id === waiting.id && i.state === 'done');
    assert.deepEqual(
      [done.peer, done.transferred, done.sha256, done.message],
      [FRIEND.email, data.length, sha256(data), ''],
    );
    const states = historyOf(h, waiting.id).map((i) => i.state);
    assert.ok(states.includes('transferring'), states.join());
    assert.ok(
      historyOf(h, waiting.id).some(
        (i) => i.transferred > 0 && i.transferred <= data.length && i.state === 'transferring',
      ),
      'progress',
    );
    assert.ok((await readFile((await received).path!)).equals(data));
  });

  it('receives a file: the offer opens the window, accepting saves it in the downloads folder with the right checksum', async () => {
    const h = await start();
    const friend = await h.peer(FRIEND);
    await h.signIn();
    const data = randomBytes(200 * 1024);
    void friend.talk().sendFile({ name: 'report.pdf', data });
    const offered = await invitation(h, (i) => i.state === 'offered');
    assert.deepEqual(
      [offered.direction, offered.peer, offered.peerName, offered.fileName, offered.size, offered.executable],
      ['receive', FRIEND.email, 'Friend', 'report.pdf', data.length, false],
    );
    await h.line(offered.conversationId, (l) => l.kind === 'invitation' && l.invitationId === offered.id);
    assert.deepEqual(h.windows, [
      { route: { kind: 'conversation', id: offered.conversationId }, focus: false },
    ]);

    await h.t.service.acceptInvitation(offered.id);
    const done = await invitation(h, (i) => i.id === offered.id && i.state === 'done');
    assert.equal(done.savedPath, path.join(downloads(h), 'report.pdf'));
    assert.equal(done.sha256, sha256(data));
    assert.ok((await readFile(done.savedPath)).equals(data));
    const progress = historyOf(h, offered.id)
      .filter((i) => i.state === 'transferring')
      .map((i) => i.transferred);
    assert.ok(progress.length > 0, 'progress was reported');
    assert.deepEqual(
      progress,
      [...progress].sort((a, b) => a - b),
      'progress never goes back',
    );
    await assert.rejects(h.t.service.acceptInvitation(offered.id), {
      message: 'That file offer is no longer open.',
    });
  });

  it('keeps an offer open when the downloads folder cannot take the file, so it can be accepted again', async () => {
    const blocked = path.join(await scratch(), 'not-a-folder');
    await writeFile(blocked, 'a file where the folder should be');
    const h = await start({ service: { files: { defaultDownloadsFolder: blocked } } });
    const friend = await h.peer(FRIEND);
    await h.signIn();
    const data = Buffer.from('second time lucky');
    void friend.talk().sendFile({ name: 'retry.txt', data });
    const offered = await invitation(h, (i) => i.state === 'offered');
    await assert.rejects(h.t.service.acceptInvitation(offered.id), (err: Error) => {
      assert.match(err.message, SENTENCE);
      assert.match(err.message, /choose another place/);
      return true;
    });
    assert.equal((await h.t.service.getSnapshot()).invitations[0]?.state, 'offered');
    await rm(blocked);
    await h.t.service.acceptInvitation(offered.id);
    const done = await invitation(h, (i) => i.id === offered.id && i.state === 'done');
    assert.equal(done.savedPath, path.join(blocked, 'retry.txt'));
  });

  it('says so in a line when the file cannot be offered because the other person went offline', async () => {
    const h = await start();
    const friend = await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    const gone = h.t.next('contact', (e) => e.contact.email === FRIEND.email && e.contact.status === 'FLN');
    await friend.ns.signOut();
    await gone;
    const source = path.join(await scratch(), 'late.txt');
    await writeFile(source, 'too late');
    await h.t.service.offerFile(id, { kind: 'path', path: source });
    const line = await h.line(id, (l) => l.kind === 'system' && l.tone === 'error');
    assert.equal(
      line.kind === 'system' && line.text,
      'Friend is not online, so the file could not be offered.',
    );
    assert.ok(!h.t.events.some((e) => e.type === 'invitation'));
  });

  it('sends an uploaded file in browser mode, lets the upload go when it ends, and receives one back', async () => {
    const data = randomBytes(64 * 1024);
    const upload = path.join(await scratch(), 'notes.txt');
    await writeFile(upload, data);
    const released: string[] = [];
    const h = await start({
      service: {
        environment: 'browser',
        openWindow: undefined,
        files: {
          resolveUpload: (uploadId) => (uploadId === 'u1' ? { path: upload } : null),
          releaseUpload: (uploadId) => released.push(uploadId),
        },
      },
    });
    const { id, fc } = await chatting(h);
    await assert.rejects(
      h.t.service.offerFile(id, { kind: 'path', path: upload }),
      SENTENCE,
      'no paths from a page',
    );
    await assert.rejects(h.t.service.offerFile(id, { kind: 'upload', uploadId: 'nope' }), {
      message: 'The file did not reach Butterfly. Try sending it again.',
    });
    const offer = nextOf(fc.invitations, 'fileOffer');
    await h.t.service.offerFile(id, { kind: 'upload', uploadId: 'u1' });
    const theirs = await offer;
    assert.equal(theirs.fileName, 'notes.txt');
    await fc.invitations.acceptFile(theirs.cookie, await scratch());
    const done = await invitation(h, (i) => i.direction === 'send' && i.state === 'done');
    assert.equal(done.sha256, sha256(data));
    assert.deepEqual(released, ['u1']);

    // And back: browser mode saves in its downloads folder and serves the file once it is there.
    const reply = randomBytes(32 * 1024);
    void fc.sendFile({ name: 'reply.bin', data: reply });
    const offered = await invitation(h, (i) => i.direction === 'receive' && i.state === 'offered');
    assert.equal(h.t.service.receivedFile(offered.id), null, 'nothing to serve before it has arrived');
    await h.t.service.acceptInvitation(offered.id);
    const got = await invitation(h, (i) => i.id === offered.id && i.state === 'done');
    assert.equal(got.savedPath, path.join(downloads(h), 'reply.bin'));
    assert.equal(got.sha256, sha256(reply));
    assert.equal(h.t.service.receivedFile(offered.id), got.savedPath);
  });

  it('declines an offer both ways, each side with its sentence', async () => {
    const h = await start();
    const { id, fc } = await chatting(h);
    const rejected = nextOf(fc.invitations, 'cancelled');
    await fc.sendFile({ name: 'unwanted.zip', data: Buffer.from('no thanks') });
    const offered = await invitation(h, (i) => i.state === 'offered');
    await h.t.service.declineInvitation(offered.id);
    const declined = await invitation(h, (i) => i.id === offered.id && i.state === 'declined');
    assert.equal(declined.message, 'You declined the file.');
    assert.equal((await rejected).code, 'REJECT');

    const source = path.join(await scratch(), 'for-you.txt');
    await writeFile(source, 'for you');
    const offer = nextOf(fc.invitations, 'fileOffer');
    await h.t.service.offerFile(id, { kind: 'path', path: source });
    await fc.invitations.declineFile((await offer).cookie);
    const refused = await invitation(h, (i) => i.direction === 'send' && i.state === 'declined');
    assert.match(refused.message, SENTENCE);
  });

  it('cancels a transfer under way: both sides stop and no partial file remains', async () => {
    const h = await start();
    const { fc } = await chatting(h);
    const theirs = nextOf(fc.invitations, 'cancelled');
    void fc.sendFile({ name: 'huge.bin', data: randomBytes(64 * 1024 * 1024) });
    const offered = await invitation(h, (i) => i.state === 'offered');
    const moving = invitation(
      h,
      (i) => i.id === offered.id && i.state === 'transferring' && i.transferred > 0,
    );
    await h.t.service.acceptInvitation(offered.id);
    await moving;
    await h.t.service.cancelInvitation(offered.id);
    const cancelled = await invitation(h, (i) => i.id === offered.id && i.state === 'cancelled');
    assert.match(cancelled.message, SENTENCE);
    assert.equal(cancelled.savedPath, '');
    assert.equal((await theirs).by, 'peer');
    assert.deepEqual(await readdir(downloads(h)), []);
    assert.equal(h.t.service.receivedFile(offered.id), null);
  });

  it('saves a hostile file name sanitized inside the downloads folder, and flags a program by its name', async () => {
    const h = await start();
    const { fc } = await chatting(h);
    const data = Buffer.from('not really a device');
    await fc.sendPayload(
      serializeInvitation('INVITE', '31337', [
        ['Application-Name', 'File Transfer'],
        ['Application-GUID', FILE_TRANSFER_GUID],
        ['Application-File', '../../evil\\..\\CON.txt'],
        ['Application-FileSize', String(data.length)],
      ]),
    );
    const offered = await invitation(h, (i) => i.state === 'offered');
    assert.equal(offered.fileName, '_CON.txt');
    const accepted = nextOf(fc, 'payload', (p) => {
      const inv = parseInvitationPayload(p.body);
      return !('error' in inv) && inv.command === 'ACCEPT' && inv.cookie === '31337';
    });
    await h.t.service.acceptInvitation(offered.id);
    await accepted;
    const sender = new MsnftpSender({
      source: { data },
      size: data.length,
      peerHandle: ME.email,
      authCookie: '4242',
      host: '127.0.0.1',
    });
    const { port } = await sender.listen();
    await fc.sendPayload(
      serializeInvitation('ACCEPT', '31337', [
        ['IP-Address', '127.0.0.1'],
        ['Port', String(port)],
        ['AuthCookie', '4242'],
        ['Launch-Application', 'FALSE'],
        ['Request-Data', 'IP-Address:'],
      ]),
    );
    const done = await invitation(h, (i) => i.id === offered.id && i.state === 'done');
    assert.equal((await outcomeOf(sender)).kind, 'done');
    assert.equal(done.savedPath, path.join(downloads(h), '_CON.txt'));
    assert.deepEqual(
      await readdir(h.t.dir).then((names) => names.filter((n) => /evil|CON/i.test(n))),
      [],
      'nothing beside the folder',
    );

    void fc.sendFile({ name: 'setup.exe', data: Buffer.from('MZ') });
    const program = await invitation(h, (i) => i.state === 'offered' && i.fileName === 'setup.exe');
    assert.equal(program.executable, true);
  });

  it('refuses files in a three-person conversation, and allows them again once the third has left', async () => {
    const h = await start();
    const pal = await h.peer(PAL);
    const { id, fc } = await chatting(h);
    await h.t.service.inviteToConversation(id, PAL.email);
    await h.line(id, (l) => l.kind === 'system' && l.text === 'Pal has joined the conversation.');
    const source = path.join(await scratch(), 'for-two.txt');
    await writeFile(source, 'for two');
    await assert.rejects(h.t.service.offerFile(id, { kind: 'path', path: source }), { message: ONE_OTHER });
    assert.ok(!h.t.events.some((e) => e.type === 'invitation'), 'nothing was offered');

    const left = h.line(id, (l) => l.kind === 'system' && l.text === 'Pal has left the conversation.');
    pal.manager.close((await pal.rung()).id);
    await left;
    const offer = nextOf(fc.invitations, 'fileOffer');
    await h.t.service.offerFile(id, { kind: 'path', path: source });
    assert.equal((await offer).fileName, 'for-two.txt');
  });

  it('declines a voice invitation as not installed and says who wanted to talk', async () => {
    const h = await start();
    const { id, fc } = await chatting(h);
    const answer = nextOf(fc, 'payload', (p) => {
      const inv = parseInvitationPayload(p.body);
      return !('error' in inv) && inv.command === 'CANCEL' && inv.cookie === '2600';
    });
    await fc.sendPayload(
      serializeInvitation('INVITE', '2600', [
        ['Application-Name', 'NetMeeting'],
        ['Application-GUID', VOICE_GUID],
        ['Session-Protocol', 'SM1'],
      ]),
    );
    const cancel = parseInvitationPayload((await answer).body);
    assert.equal(!('error' in cancel) && cancel.fields['cancel-code'], 'REJECT_NOT_INSTALLED');
    await h.line(
      id,
      (l) =>
        l.kind === 'system' &&
        l.text === "Friend would like to have a voice conversation with you, but this version can't do it.",
    );
    assert.ok(!h.t.events.some((e) => e.type === 'invitation'), 'no invitation for the window to answer');
  });
});
