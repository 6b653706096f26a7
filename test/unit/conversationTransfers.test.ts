// FileDesk against a fake engine conversation: the engine's invitation events become InvitationInfo
// changes and lines, and the person's answers reach the engine with the right cookie.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InvitationInfo } from '../../app/conversation';
import type { Conversation } from '../../main/msnp/conversation';
import { Emitter } from '../../main/msnp/emitter';
import { MsnpError } from '../../main/msnp/errors';
import type { InvitationEvents } from '../../main/msnp/invitations';
import { ConversationThread } from '../../main/service/conversationThread';
import { FileDesk, offerFailure, type FileHost } from '../../main/service/conversationTransfers';
import { TransferTracker } from '../../main/service/transferTracker';

// accept() makes the downloads folder; it lives here and goes after the tests.
const ROOT = mkdtempSync(path.join(tmpdir(), 'butterfly-desk-'));
after(() => rmSync(ROOT, { recursive: true, force: true }));

class FakeInvitations extends Emitter<InvitationEvents> {
  readonly calls: unknown[][] = [];
  acceptError: Error | null = null;
  fire<K extends keyof InvitationEvents>(event: K, payload: InvitationEvents[K]): void {
    this.emit(event, payload);
  }
  async acceptFile(cookie: string, folder: string, saveAs?: string): Promise<void> {
    this.calls.push(['acceptFile', cookie, folder, saveAs]);
    if (this.acceptError) throw this.acceptError;
  }
  async declineFile(cookie: string): Promise<void> {
    this.calls.push(['declineFile', cookie]);
  }
  async declineOther(cookie: string, code: string): Promise<void> {
    this.calls.push(['declineOther', cookie, code]);
  }
  async cancel(cookie: string): Promise<void> {
    this.calls.push(['cancel', cookie]);
  }
}

function setup(
  options: { askWhereToSave?: boolean; files?: FileHost; sendFile?: () => Promise<unknown> } = {},
) {
  const inv = new FakeInvitations();
  const conversation = {
    invitations: inv,
    sendFile: options.sendFile ?? (async () => ({ cookie: '77', fileName: 'mine.txt', size: 5 })),
  } as unknown as Conversation;
  const thread = new ConversationThread('c1', [{ email: 'bob@example.com', nickname: 'Bob' }]);
  const emitted: InvitationInfo[] = [];
  const watchers = new Set<(i: InvitationInfo) => void>();
  const lines: unknown[] = [];
  const arrived: unknown[] = [];
  const released: string[] = [];
  const folder = path.join(ROOT, 'downloads');
  const desk = new FileDesk({
    tracker: new TransferTracker(() => 1_000),
    files: { releaseUpload: (id) => released.push(id), ...options.files },
    settings: () => ({ downloadsFolder: folder, askWhereToSave: options.askWhereToSave ?? false }),
    emit: (i) => {
      emitted.push(i);
      for (const w of [...watchers]) w(i);
    },
    now: () => 1_000,
  });
  const hooks = {
    thread: () => thread,
    appendLine: (line: { kind: 'invitation'; at: number; invitationId: string }) => (
      lines.push(line),
      { ...line, seq: lines.length }
    ),
    system: (tone: 'info' | 'error', text: string) => void lines.push({ tone, text }),
    arrived: (preview: { title: string; body: string } | null) => void arrived.push(preview),
  };
  desk.bind(conversation, hooks);
  const last = () => emitted.at(-1)!;
  /** The next invitation event that matches; rejects after `ms`. */
  const next = (match: (i: InvitationInfo) => boolean, ms = 2_000) =>
    new Promise<InvitationInfo>((resolve, reject) => {
      const timer = setTimeout(
        () => (watchers.delete(watch), reject(new Error(`no matching invitation event within ${ms} ms`))),
        ms,
      );
      const watch = (i: InvitationInfo) => {
        if (!match(i)) return;
        clearTimeout(timer);
        watchers.delete(watch);
        resolve(i);
      };
      watchers.add(watch);
    });
  return { inv, conversation, thread, desk, hooks, emitted, lines, arrived, released, folder, last, next };
}

const OFFER = { cookie: '42', from: 'bob@example.com', fileName: 'photo.jpg', size: 100 };

describe('FileDesk', () => {
  it('turns an offer into an invitation, a line and an arrival, and follows it to done', async () => {
    const t = setup();
    t.inv.fire('fileOffer', OFFER);
    const offered = t.last();
    assert.deepEqual(
      [offered.state, offered.direction, offered.peerName, offered.fileName],
      ['offered', 'receive', 'Bob', 'photo.jpg'],
    );
    assert.deepEqual(t.lines, [{ kind: 'invitation', at: 1_000, invitationId: offered.id }]);
    assert.deepEqual(t.arrived, [{ title: 'Bob wants to send you a file:', body: 'photo.jpg' }]);

    await t.desk.accept(offered.id);
    assert.deepEqual(t.inv.calls, [['acceptFile', '42', t.folder, undefined]]);
    assert.equal(t.last().state, 'connecting');
    t.inv.fire('transferStarted', {
      cookie: '42',
      direction: 'receive',
      peer: 'bob@example.com',
      fileName: 'photo.jpg',
      size: 100,
    });
    assert.equal(t.last().state, 'transferring');
    t.inv.fire('progress', { cookie: '42', direction: 'receive', transferred: 40, total: 100 });
    assert.equal(t.last().transferred, 40);
    const saved = path.join(t.folder, 'photo (1).jpg');
    t.inv.fire('transferDone', { cookie: '42', direction: 'receive', path: saved, bytes: 100, sha256: 'ab' });
    assert.deepEqual(
      [t.last().state, t.last().savedPath, t.last().fileName, t.last().sha256],
      ['done', saved, 'photo (1).jpg', 'ab'],
    );
    assert.equal(t.desk.receivedFile(offered.id), saved);
    await assert.rejects(t.desk.accept(offered.id), { message: 'That file offer is no longer open.' });
    await t.desk.cancel(offered.id);
    assert.equal(t.inv.calls.length, 1, 'cancelling something that ended asks the engine nothing');
  });

  it('still shows the last progress when the transfer stalls right after a held-back update', async () => {
    const t = setup();
    t.inv.fire('fileOffer', { ...OFFER, size: 1_000 });
    const id = t.last().id;
    await t.desk.accept(id);
    t.inv.fire('transferStarted', {
      cookie: '42',
      direction: 'receive',
      peer: 'bob@example.com',
      fileName: 'photo.jpg',
      size: 1_000,
    });
    t.inv.fire('progress', { cookie: '42', direction: 'receive', transferred: 100, total: 1_000 });
    t.inv.fire('progress', { cookie: '42', direction: 'receive', transferred: 500, total: 1_000 });
    assert.equal(t.last().transferred, 100, 'the second came too soon after the first');
    const caughtUp = await t.next((i) => i.transferred === 500);
    assert.equal(caughtUp.state, 'transferring');
    t.desk.close();
  });

  it('takes a second click on accept while the first is under way as the same answer', async () => {
    const t = setup();
    t.inv.fire('fileOffer', OFFER);
    const id = t.last().id;
    await Promise.all([t.desk.accept(id), t.desk.accept(id)]);
    assert.equal(t.inv.calls.length, 1, 'one ACCEPT');
    assert.equal(t.last().state, 'connecting');
  });

  it('saves where the save dialog says, and leaves the offer open when it is cancelled', async () => {
    let answer: string | null = null;
    const t = setup({ askWhereToSave: true, files: { chooseSavePath: async () => answer } });
    t.inv.fire('fileOffer', OFFER);
    const id = t.last().id;
    await t.desk.accept(id);
    assert.deepEqual([t.inv.calls, t.last().state], [[], 'offered']);
    answer = path.join(ROOT, 'elsewhere', 'holiday.jpg');
    await t.desk.accept(id);
    assert.deepEqual(t.inv.calls, [['acceptFile', '42', path.join(ROOT, 'elsewhere'), 'holiday.jpg']]);
  });

  it('puts the offer back when the folder cannot take the file, with a sentence', async () => {
    const t = setup();
    t.inv.fire('fileOffer', OFFER);
    t.inv.acceptError = new Error('/nowhere is not a folder; choose another place to save the file.');
    await assert.rejects(t.desk.accept(t.last().id), {
      message:
        'The file could not be saved: /nowhere is not a folder; choose another place to save the file.',
    });
    assert.equal(t.last().state, 'offered');
  });

  it('declines through the engine, and the cancel it reports ends the invitation as declined', async () => {
    const t = setup();
    t.inv.fire('fileOffer', OFFER);
    const id = t.last().id;
    await t.desk.decline(id);
    assert.deepEqual(t.inv.calls, [['declineFile', '42']]);
    t.inv.fire('cancelled', { cookie: '42', by: 'self', code: 'REJECT', message: 'You declined the file.' });
    assert.deepEqual([t.last().state, t.last().message], ['declined', 'You declined the file.']);
    await assert.rejects(t.desk.decline(id), { message: 'That file offer is no longer open.' });
    await assert.rejects(t.desk.decline('i99'), { message: 'There is no such invitation.' });
  });

  it('follows a new offer that reuses the cookie of one that ended', () => {
    const t = setup();
    t.inv.fire('fileOffer', OFFER);
    t.inv.fire('cancelled', {
      cookie: '42',
      by: 'peer',
      code: 'TIMEOUT',
      message: 'The other person withdrew the offer.',
    });
    t.inv.fire('fileOffer', { ...OFFER, fileName: 'second.jpg' });
    const second = t.last();
    t.inv.fire('transferStarted', {
      cookie: '42',
      direction: 'receive',
      peer: 'bob@example.com',
      fileName: 'second.jpg',
      size: 100,
    });
    assert.deepEqual([t.last().id, t.last().state], [second.id, 'transferring']);
  });

  it('declines voice and other programs as not installed, with a line saying who asked', () => {
    const t = setup();
    t.inv.fire('otherInvitation', {
      cookie: '9',
      from: 'bob@example.com',
      applicationName: 'NetMeeting',
      guid: '{x}',
      kind: 'voice',
    });
    t.inv.fire('otherInvitation', {
      cookie: '10',
      from: 'bob@example.com',
      applicationName: 'Whiteboard',
      guid: '{y}',
      kind: 'unknown',
    });
    assert.deepEqual(t.inv.calls, [
      ['declineOther', '9', 'REJECT_NOT_INSTALLED'],
      ['declineOther', '10', 'REJECT_NOT_INSTALLED'],
    ]);
    assert.deepEqual(t.lines, [
      {
        tone: 'info',
        text: "Bob would like to have a voice conversation with you, but this version can't do it.",
      },
      {
        tone: 'info',
        text: 'Bob invited you to use Whiteboard, which Butterfly cannot run, so the invitation was declined.',
      },
    ]);
    assert.deepEqual(t.arrived, [null, null]);
    assert.deepEqual(t.emitted, [], 'nothing for the window to answer');
  });

  it('offers a file and lets its upload go when the invitation ends', async () => {
    const t = setup();
    await t.desk.offer(t.conversation, { path: '/uploads/u1/mine.txt', uploadId: 'u1' }, t.hooks);
    const sent = t.last();
    assert.deepEqual(
      [sent.state, sent.direction, sent.peer, sent.peerName, sent.fileName],
      ['waiting', 'send', '', 'Bob', 'mine.txt'],
    );
    t.inv.fire('transferStarted', {
      cookie: '77',
      direction: 'send',
      peer: 'bob@example.com',
      fileName: 'mine.txt',
      size: 5,
    });
    assert.equal(t.last().peer, 'bob@example.com', 'whoever accepted');
    assert.deepEqual(t.released, []);
    t.inv.fire('transferDone', { cookie: '77', direction: 'send', bytes: 5, sha256: 'cd' });
    assert.deepEqual([t.last().state, t.last().sha256, t.last().savedPath], ['done', 'cd', '']);
    assert.deepEqual(t.released, ['u1']);
  });

  it('turns a failed offer into an error line and lets its upload go at once', async () => {
    const cause = new Error('Bob is not online, so your message could not be delivered.', {
      cause: new MsnpError(217, 5, 'CAL'),
    });
    const t = setup({
      sendFile: async () => Promise.reject(new Error('The file could not be offered: x.', { cause })),
    });
    await t.desk.offer(t.conversation, { path: '/uploads/u2/a.txt', uploadId: 'u2' }, t.hooks);
    assert.deepEqual(t.lines, [
      { tone: 'error', text: 'Bob is not online, so the file could not be offered.' },
    ]);
    assert.deepEqual(t.released, ['u2']);
    assert.deepEqual(t.emitted, []);
  });

  it('lets every upload it still holds go when the session ends', async () => {
    const t = setup();
    await t.desk.offer(t.conversation, { path: '/uploads/u3/a.txt', uploadId: 'u3' }, t.hooks);
    t.desk.close();
    assert.deepEqual(t.released, ['u3']);
  });
});

describe('offerFailure', () => {
  it('says why an offer failed in one sentence', () => {
    assert.equal(
      offerFailure('Bob', new Error('x', { cause: new MsnpError(217, 1) })),
      'Bob is not online, so the file could not be offered.',
    );
    assert.equal(
      offerFailure('Bob', new Error('x', { cause: new Error('y', { cause: new MsnpError(913, 1) }) })),
      'You cannot send a file while appearing offline.',
    );
    assert.equal(
      offerFailure(
        'Bob',
        new Error('The file could not be offered: nobody is in the conversation to receive it.'),
      ),
      'The file could not be offered: nobody is in the conversation to receive it.',
    );
    assert.equal(
      offerFailure('Bob', new Error('a.txt could not be read: ENOENT.')),
      'The file could not be offered: a.txt could not be read: ENOENT.',
    );
    assert.equal(offerFailure('Bob', 'odd'), 'The file could not be offered: odd.');
  });
});
