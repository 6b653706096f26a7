// The checks ConversationMethods makes before the conversations are asked: who can be messaged, which
// file sources each environment takes, and where Save As puts the text. The center and session are fakes.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WindowRoute } from '../../app/contract';
import type { ConversationInfo, FileSource } from '../../app/conversation';
import type { Status } from '../../app/types';
import type { NotificationSession } from '../../main/msnp/notificationSession';
import type { ConversationCenter } from '../../main/service/conversationCenter';
import {
  ConversationMethods,
  type ConversationMethodsDeps,
  type FileDeps,
} from '../../main/service/conversationMethods';

const CONTACTS: Record<string, { nickname: string; status: Status }> = {
  'bob@example.com': { nickname: 'Bob', status: 'NLN' },
  'carol@example.com': { nickname: 'Carol', status: 'AWY' },
  'dave@example.com': { nickname: 'Dave', status: 'FLN' },
  'hidden@example.com': { nickname: 'Hidden', status: 'HDN' },
};
const INFO: ConversationInfo = {
  id: 'c1',
  members: [{ email: 'bob@example.com', nickname: 'Bob', present: true }],
  typing: [],
  windowOpen: true,
  fileBlocked: '',
  lastReceivedAt: null,
  firstSeq: 1,
  lastSeq: 1,
};

/** ConversationMethods over a center that records what it was asked. */
function methods(
  over: Partial<ConversationMethodsDeps> = {},
  files: Partial<FileDeps> = {},
  signedIn = true,
) {
  const calls: unknown[][] = [];
  const windows: [WindowRoute, boolean][] = [];
  const warnings: string[] = [];
  const center = {
    open: (emails: string[]) => (calls.push(['open', emails]), 'c1'),
    show: (id: string) => calls.push(['show', id]),
    offerFile: async (id: string, file: unknown) => void calls.push(['offerFile', id, file]),
    receivedFile: (id: string) => (id === 'i1' ? '/downloads/photo.jpg' : null),
    transcript: () => ({
      info: INFO,
      lines: [{ kind: 'system', seq: 1, at: Date.UTC(2001, 0, 1), tone: 'info', text: 'Hello.' }],
      invitations: new Map(),
    }),
  } as unknown as ConversationCenter;
  const ns = {
    state: { self: { email: 'Me@Example.com' }, contact: (e: string) => CONTACTS[e.toLowerCase()] },
  } as unknown as NotificationSession;
  const m = new ConversationMethods({
    environment: 'desktop',
    files: { defaultDownloadsFolder: '/downloads', ...files },
    center: () => (signedIn ? center : null),
    online: () => (signedIn ? ns : null),
    openWindow: async (route, focus) => void windows.push([route, focus]),
    downloadsFolder: () => '/downloads',
    maxFileSize: () => 4 * 1024 ** 3,
    warn: (w) => warnings.push(w),
    now: () => Date.UTC(2001, 0, 2),
    ...over,
  });
  return { m, calls, windows, warnings };
}

describe('ConversationMethods.open', () => {
  it('opens with the people who can answer and shows the window with focus', async () => {
    const { m, calls, windows } = methods();
    assert.equal(await m.open(['bob@example.com', 'carol@example.com']), 'c1');
    assert.deepEqual(calls, [['open', ['bob@example.com', 'carol@example.com']]]);
    assert.deepEqual(windows, [[{ kind: 'conversation', id: 'c1' }, true]]);
  });

  it('leaves out yourself and anyone offline', async () => {
    const { m, calls } = methods();
    await m.open(['me@example.com', 'Bob@example.com', 'dave@example.com']);
    assert.deepEqual(calls, [['open', ['Bob@example.com']]]);
  });

  it('refuses someone offline, appearing offline or unknown, suggesting e-mail', async () => {
    const { m, calls, windows } = methods();
    await assert.rejects(m.open(['dave@example.com']), {
      message: 'Dave is not online; you can send e-mail instead.',
    });
    await assert.rejects(m.open(['hidden@example.com']), {
      message: 'Hidden is not online; you can send e-mail instead.',
    });
    await assert.rejects(m.open(['stranger@example.com']), {
      message: 'stranger@example.com is not online; you can send e-mail instead.',
    });
    await assert.rejects(m.open(['dave@example.com', 'hidden@example.com']), {
      message: 'None of these people is online; you can send them e-mail instead.',
    });
    await assert.rejects(m.open(['ME@example.com']), {
      message: 'You cannot start a conversation with yourself.',
    });
    assert.deepEqual([calls, windows], [[], []]);
  });

  it('says what signing in is needed for', async () => {
    const { m } = methods({}, {}, false);
    await assert.rejects(m.open(['bob@example.com']), {
      message: 'You need to be signed in to start a conversation.',
    });
    await assert.rejects(m.sendMessage('c1', 'hi', INFO as never), {
      message: 'You need to be signed in to send a message.',
    });
    await m.show('c1');
    await m.leave('c1');
    await m.sendTyping('c1');
    assert.equal(m.receivedFile('i1'), null);
  });
});

describe('ConversationMethods.offerFile', () => {
  const offer = async (
    environment: 'desktop' | 'browser',
    source: FileSource,
    files: Partial<FileDeps> = {},
  ) => {
    const t = methods({ environment }, files);
    await t.m.offerFile('c1', source);
    return t.calls;
  };

  it('takes a dropped path on the desktop only', async () => {
    assert.deepEqual(await offer('desktop', { kind: 'path', path: '/tmp/a.txt' }), [
      ['offerFile', 'c1', { path: '/tmp/a.txt' }],
    ]);
    await assert.rejects(offer('browser', { kind: 'path', path: '/etc/passwd' }), {
      message: 'Send a file by choosing it or dropping it on the window.',
    });
    await assert.rejects(offer('desktop', { kind: 'dropped', file: {} as File }), {
      message: 'Send a file by choosing it or dropping it on the window.',
    });
  });

  it('takes an upload it can find, with its id so it can be let go', async () => {
    const files = { resolveUpload: (id: string) => (id === 'u1' ? { path: '/uploads/u1/a.txt' } : null) };
    assert.deepEqual(await offer('browser', { kind: 'upload', uploadId: 'u1' }, files), [
      ['offerFile', 'c1', { path: '/uploads/u1/a.txt', uploadId: 'u1' }],
    ]);
    await assert.rejects(offer('browser', { kind: 'upload', uploadId: 'u2' }, files), {
      message: 'The file did not reach Butterfly. Try sending it again.',
    });
    await assert.rejects(offer('browser', { kind: 'upload', uploadId: 'u1' }), {
      message: 'The file did not reach Butterfly. Try sending it again.',
    });
  });

  it('asks the desktop dialog, and does nothing when it is cancelled', async () => {
    assert.deepEqual(
      await offer('desktop', { kind: 'choose' }, { chooseFileToSend: async () => '/tmp/b.txt' }),
      [['offerFile', 'c1', { path: '/tmp/b.txt' }]],
    );
    assert.deepEqual(await offer('desktop', { kind: 'choose' }, { chooseFileToSend: async () => null }), []);
    await assert.rejects(offer('browser', { kind: 'choose' }), {
      message: /^Drop the file on the conversation window/,
    });
  });
});

describe('ConversationMethods: Save As, folders and received files', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('hands browser mode the text, and writes the file the desktop dialog chose', async () => {
    const browser = await methods({ environment: 'browser' }).m.save('c1');
    assert.equal(browser.kind, 'download');
    assert.ok(browser.kind === 'download' && browser.fileName === 'Conversation with Bob 2001-01-02.txt');
    assert.ok(
      browser.kind === 'download' && browser.text.startsWith('Conversation with Bob <bob@example.com>\r\n'),
    );

    const dir = await mkdtemp(path.join(tmpdir(), 'butterfly-save-'));
    dirs.push(dir);
    const file = path.join(dir, 'chat.txt');
    let suggested = '';
    const desktop = methods({}, { chooseTextSavePath: async (name) => ((suggested = name), file) });
    assert.deepEqual(await desktop.m.save('c1'), { kind: 'saved', path: file });
    assert.equal(suggested, 'Conversation with Bob 2001-01-02.txt');
    assert.equal(await readFile(file, 'utf8'), browser.kind === 'download' ? browser.text : '');
    assert.deepEqual(await methods({}, { chooseTextSavePath: async () => null }).m.save('c1'), {
      kind: 'cancelled',
    });
    assert.equal(
      (await methods().m.save('c1')).kind,
      'download',
      'a desktop without the dialog downloads too',
    );
  });

  it('says so when the chosen place cannot be written, and logs why', async () => {
    const t = methods(
      {},
      { chooseTextSavePath: async () => path.join(tmpdir(), 'no-such-folder-butterfly', 'x', 'chat.txt') },
    );
    await assert.rejects(t.m.save('c1'), {
      message: 'The conversation could not be saved there. Choose another place.',
    });
    assert.match(t.warnings[0]!, /^Could not save the conversation to /);
  });

  it('tells browser mode where files go instead of asking for a folder', async () => {
    await assert.rejects(methods({ environment: 'browser' }).m.chooseDownloadFolder(), {
      message: 'In browser mode, received files are saved in /downloads.',
    });
    const cancelled = methods({}, { chooseFolder: async () => null });
    assert.equal(await cancelled.m.chooseDownloadFolder(), null);
    // The folder picked is only returned: Options keeps it when applied, so Cancel can forget it.
    const picked = methods({}, { chooseFolder: async () => '/elsewhere' });
    assert.equal(await picked.m.chooseDownloadFolder(), '/elsewhere');
    assert.deepEqual(picked.calls, [], 'picking saves nothing');
  });

  it('shows a received file only once it has arrived', async () => {
    const shown: string[] = [];
    await methods({}, { showInFolder: async (f) => void shown.push(f) }).m.showReceivedFile('i1');
    assert.deepEqual(shown, ['/downloads/photo.jpg']);
    await assert.rejects(methods().m.showReceivedFile('i2'), {
      message: 'That file has not arrived, so it cannot be shown.',
    });
    await assert.rejects(methods().m.showReceivedFile('i1'), {
      message: 'The file is saved as /downloads/photo.jpg.',
    });
  });

  it('opens the received-files folder on the desktop, made first, and says where it is otherwise', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'butterfly-received-'));
    dirs.push(dir);
    const folder = path.join(dir, 'not yet made');
    const opened: string[] = [];
    await methods(
      { downloadsFolder: () => folder },
      { openFolder: async (f) => void opened.push(f) },
    ).m.openReceivedFolder();
    assert.deepEqual(opened, [folder]);
    assert.ok((await stat(folder)).isDirectory(), 'a fresh install has a folder to open');

    await assert.rejects(methods({ environment: 'browser' }).m.openReceivedFolder(), {
      message: 'Received files are saved in /downloads.',
    });
    const refused = methods(
      { downloadsFolder: () => folder },
      {
        openFolder: async () => {
          throw new Error('No application is registered');
        },
      },
    );
    await assert.rejects(refused.m.openReceivedFolder(), {
      message: `The folder ${folder} could not be opened.`,
    });
    assert.match(refused.warnings[0]!, /No application is registered/);
  });
});
