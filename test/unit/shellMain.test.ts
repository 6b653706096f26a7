// Runs the real main/shell/index.ts, with the real account service, against a stand-in for electron
// (test/unit/shellFakeElectron.ts): the wiring Electron itself cannot check on this machine.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  SANDBOX_DEMO_ACCOUNT,
  SANDBOX_SERVER,
  type AppSnapshot,
  type MessengerEvent,
  type SessionPhase,
} from '../../app/contract';
import { DEFAULT_FONT, type ConversationInfo, type ConversationLine } from '../../app/conversation';
import { CALL_CHANNEL, EVENT_CHANNEL, type CallReply } from '../../main/shell/channels';
import { BrowserWindow, electron, FakeEvent, FakeWebContents, Tray } from './shellFakeElectron';

const root = resolve(import.meta.dirname, '..', '..');
const userData = mkdtempSync(join(tmpdir(), 'butterfly-shell-'));
const { app, dialog, ipcMain, session, shell } = electron;
const { size: _size, ...style } = DEFAULT_FONT;

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), `timed out waiting for ${what}`);
}

/** The events a window has been sent, in order. */
function eventsTo(win: BrowserWindow): MessengerEvent[] {
  return win.webContents.sent
    .filter((s) => s.channel === EVENT_CHANNEL)
    .map((s) => s.args[0] as MessengerEvent);
}

/** The lines of a conversation a window has been told about. */
function linesTo(win: BrowserWindow, id: string): ConversationLine[] {
  return eventsTo(win).flatMap((e) => (e.type === 'line' && e.conversationId === id ? [e.line] : []));
}

/** The latest state of a conversation a window has been told about. */
function conversationTo(win: BrowserWindow, id: string): ConversationInfo | undefined {
  return eventsTo(win)
    .flatMap((e) => (e.type === 'conversation' && e.conversation.id === id ? [e.conversation] : []))
    .at(-1);
}

async function signIn(): Promise<void> {
  const reply = await call('signIn', [
    {
      email: SANDBOX_DEMO_ACCOUNT.email,
      password: SANDBOX_DEMO_ACCOUNT.password,
      server: SANDBOX_SERVER,
      protocols: [],
      status: 'NLN',
      remember: false,
    },
  ]);
  assert.deepEqual(reply, { ok: true, value: undefined });
  await until(() => phasesSeen().at(-1) === 'online', 'the sign-in');
}

function windowAt(hash: string): BrowserWindow {
  const win = BrowserWindow.all.find((w) => !w.destroyed && w.loaded.hash === hash);
  assert.ok(win, `no window at #${hash}`);
  return win;
}

/** The session phases the contact list has been told about, in order. */
function phasesSeen(): SessionPhase[] {
  return windowAt('contactList')
    .webContents.sent.filter((s) => s.channel === EVENT_CHANNEL)
    .map((s) => s.args[0] as MessengerEvent)
    .flatMap((e) => (e.type === 'session' ? [e.session.phase] : []));
}

/** Calls main the way the preload does, from `contents` (by default the contact list's main frame). */
async function call(
  method: string,
  args: unknown[],
  from?: { contents: FakeWebContents; frame?: { url: string } },
): Promise<CallReply> {
  const contents = from?.contents ?? windowAt('contactList').webContents;
  const handler = ipcMain.handlers.get(CALL_CHANNEL);
  assert.ok(handler, 'no IPC handler');
  return (await handler(
    { sender: contents, senderFrame: from?.frame ?? contents.mainFrame },
    method,
    args,
  )) as CallReply;
}

before(async () => {
  app.userData = userData;
  const fake = pathToFileURL(join(import.meta.dirname, 'shellFakeElectron.ts')).href;
  const icon = join(root, 'resources/icons/icon.png');
  const hooks = `export async function resolve(specifier, context, next) {
    if (specifier === 'electron') return next(${JSON.stringify(fake)}, context);
    if (specifier.endsWith('?asset')) return { url: 'data:text/javascript,export default ' + encodeURIComponent(${JSON.stringify(JSON.stringify(icon))}), shortCircuit: true };
    return next(specifier, context);
  }`;
  register('data:text/javascript,' + encodeURIComponent(hooks));
  await import('../../main/shell/index.ts');
  app.becomeReady();
  await until(() => BrowserWindow.all.length > 0, 'the contact list');
});

after(() => {
  rmSync(userData, { recursive: true, force: true });
});

describe('the Electron shell, wired', () => {
  it('sandboxes every renderer before the app is ready', () => {
    assert.equal(app.sandboxEnabled, true);
    assert.equal(app.readyBeforeSandbox, false);
  });

  it("replaces Electron's default menu, whose Ctrl+Shift+I would open DevTools instead of the inspector", () => {
    if (process.platform === 'darwin') assert.ok(electron.Menu.application?.template);
    else assert.equal(electron.Menu.application, null);
  });

  it('refuses every permission the web platform could ask for', () => {
    const answers: boolean[] = [];
    session.defaultSession.permissionRequest?.({}, 'media', (ok) => answers.push(ok));
    assert.deepEqual(answers, [false]);
    assert.equal(session.defaultSession.permissionCheck?.(), false);
    assert.equal(session.defaultSession.devicePermission?.(), false);
  });

  it('opens the contact list from the built renderer, locked down', () => {
    const list = windowAt('contactList');
    assert.equal(list.loaded.file, join(root, 'main', 'renderer', 'index.html'));
    const prefs = list.options['webPreferences'] as Record<string, unknown>;
    assert.equal(prefs['sandbox'], true);
    assert.equal(prefs['contextIsolation'], true);
    assert.equal(prefs['nodeIntegration'], false);
    assert.equal(prefs['preload'], join(root, 'main', 'preload', 'index.cjs'));
  });

  it('denies navigation, new windows and webviews in every web contents', () => {
    const contents = new FakeWebContents();
    app.emit('web-contents-created', new FakeEvent(), contents);
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-attach-webview']) {
      const event = new FakeEvent();
      contents.emit(name, event);
      assert.equal(event.defaultPrevented, true, name);
    }
    assert.deepEqual(contents.windowOpenHandler?.({ url: 'https://example.com/' }), { action: 'deny' });
    const list = windowAt('contactList');
    const event = new FakeEvent();
    list.webContents.emit('will-navigate', event);
    assert.equal(event.defaultPrevented, true);
  });

  it('answers a call from an app window with the service snapshot', async () => {
    const reply = await call('getSnapshot', []);
    assert.equal(reply.ok, true);
    const snapshot = (reply as { value: AppSnapshot }).value;
    assert.equal(snapshot.environment, 'desktop');
    assert.equal(snapshot.version, '9.9.9');
    assert.equal(snapshot.session.phase, 'signedOut');
    assert.equal(snapshot.settings.canRememberPassword, false, "Linux's basic_text store does not count");
  });

  it('refuses calls from unknown web contents, from subframes and from other pages', async () => {
    const list = windowAt('contactList');
    const refused = { ok: false, error: 'This page may not use Butterfly.' };
    assert.deepEqual(await call('getSnapshot', [], { contents: new FakeWebContents() }), refused);
    assert.deepEqual(
      await call('getSnapshot', [], {
        contents: list.webContents,
        frame: { url: list.webContents.mainFrame.url },
      }),
      refused,
    );
    const elsewhere = { url: 'https://example.com/' };
    list.webContents.mainFrame.url = elsewhere.url;
    try {
      assert.deepEqual(await call('getSnapshot', []), refused);
    } finally {
      await list.loadFile(list.loaded.file!, { hash: list.loaded.hash! });
    }
  });

  it('validates arguments before the service sees them', async () => {
    assert.deepEqual(await call('setStatus', ['XYZ']), {
      ok: false,
      error: 'That is not a status you can choose.',
    });
    assert.deepEqual(await call('subscribe', []), { ok: false, error: 'There is no such action.' });
  });

  it("forwards the service's events to every app window on the event channel", async () => {
    const list = windowAt('contactList');
    list.webContents.sent.length = 0;
    assert.deepEqual(await call('updateSettings', [{ sounds: false }]), { ok: true, value: undefined });
    const events = list.webContents.sent
      .filter((s) => s.channel === EVENT_CHANNEL)
      .map((s) => s.args[0] as MessengerEvent);
    assert.ok(events.some((e) => e.type === 'settings' && e.settings.sounds === false));
  });

  it('opens a dialog over the contact list, once, and a modal one blocks it', async () => {
    windowAt('contactList').show();
    assert.deepEqual(await call('openWindow', [{ kind: 'dialog', dialog: 'options' }]), {
      ok: true,
      value: undefined,
    });
    await call('openWindow', [{ kind: 'dialog', dialog: 'options' }]);
    const dialogs = BrowserWindow.all.filter((w) => w.loaded.hash === 'dialog/options');
    assert.equal(dialogs.length, 1);
    assert.equal(dialogs[0]!.options['parent'], windowAt('contactList'));
    assert.equal(dialogs[0]!.options['modal'], true);
    assert.equal(dialogs[0]!.options['resizable'], false);
  });

  it('forgets a closed window and opens a fresh one next time', async () => {
    windowAt('dialog/options').destroy();
    await call('openWindow', [{ kind: 'dialog', dialog: 'options' }]);
    assert.equal(BrowserWindow.all.filter((w) => w.loaded.hash === 'dialog/options').length, 2);
    assert.equal(
      await call('getSnapshot', [], {
        contents: BrowserWindow.all.find((w) => w.destroyed)!.webContents,
      }).then((r) => r.ok),
      false,
    );
  });

  it("closes the account's windows when it signs out, and keeps the list, options, about and verify", async () => {
    const list = windowAt('contactList');
    list.webContents.sent.length = 0;
    await signIn();

    const opened = await call('openConversation', [['echo@butterfly.sandbox']]);
    assert.equal(opened.ok, true);
    const id = (opened as { value: string }).value;
    const routes = [
      { kind: 'conversation', id },
      { kind: 'dialog', dialog: 'added', email: 'newfriend@butterfly.sandbox' },
      { kind: 'dialog', dialog: 'properties', email: 'sam@butterfly.sandbox' },
      { kind: 'dialog', dialog: 'page', email: 'pat@butterfly.sandbox' },
      { kind: 'dialog', dialog: 'about' },
      { kind: 'dialog', dialog: 'verify' },
    ];
    for (const route of routes) assert.equal((await call('openWindow', [route])).ok, true);
    const closing = [
      windowAt(`conversation/${encodeURIComponent(id)}`),
      windowAt('dialog/added/newfriend%40butterfly.sandbox'),
      windowAt('dialog/properties/sam%40butterfly.sandbox'),
      windowAt('dialog/page/pat%40butterfly.sandbox'),
    ];
    const staying = [list, windowAt('dialog/options'), windowAt('dialog/about'), windowAt('dialog/verify')];

    assert.deepEqual(await call('signOut', []), { ok: true, value: undefined });
    await until(() => phasesSeen().at(-1) === 'signedOut', 'the sign-out');
    await until(() => closing.every((w) => w.destroyed), 'the account windows to close');
    assert.deepEqual(
      staying.map((w) => w.destroyed),
      [false, false, false, false],
    );
  });

  it('flashes a conversation window for a reply while you are elsewhere, until you look', async () => {
    await signIn();
    const opened = await call('openConversation', [['echo@butterfly.sandbox']]);
    const id = (opened as { value: string }).value;
    const conversation = windowAt(`conversation/${encodeURIComponent(id)}`);
    conversation.emit('ready-to-show');
    assert.equal(conversation.focused, true, 'a conversation you open takes focus');
    assert.deepEqual(
      await call('sendMessage', [id, 'hello', style], { contents: conversation.webContents }),
      {
        ok: true,
        value: undefined,
      },
    );
    conversation.blur();
    await until(
      () => linesTo(conversation, id).some((l) => l.kind === 'message' && l.direction === 'in'),
      "echo's reply",
    );
    assert.equal(conversation.flashing, true);
    conversation.focus();
    assert.equal(conversation.flashing, false);
  });

  it('shows file dialogs over the focused window and wires their answers to the service', async () => {
    const conversation = BrowserWindow.all.find(
      (w) => !w.destroyed && w.loaded.hash?.startsWith('conversation/'),
    );
    assert.ok(conversation);
    const id = decodeURIComponent(conversation.loaded.hash!.slice('conversation/'.length));
    const from = { contents: conversation.webContents };

    const text = join(userData, 'echo.txt');
    dialog.saveAnswers.push({ canceled: false, filePath: text });
    assert.deepEqual(await call('saveConversation', [id], from), {
      ok: true,
      value: { kind: 'saved', path: text },
    });
    assert.match(readFileSync(text, 'utf8'), /You said: hello/);
    const save = dialog.calls.at(-1);
    assert.equal(save?.parent, conversation);
    assert.equal(dirname(String(save?.options['defaultPath'])), app.documents);

    assert.deepEqual(await call('saveConversation', [id], from), { ok: true, value: { kind: 'cancelled' } });

    const folder = join(userData, 'received');
    dialog.openAnswers.push({ canceled: false, filePaths: [folder] });
    // The folder dialog only picks; Options keeps the folder when it applies it.
    assert.deepEqual(await call('chooseDownloadFolder', [], from), { ok: true, value: folder });
    assert.deepEqual(dialog.calls.at(-1)?.options['properties'], ['openDirectory', 'createDirectory']);
    assert.deepEqual(await call('updateSettings', [{ downloadsFolder: folder }], from), {
      ok: true,
      value: undefined,
    });
    await until(
      () =>
        eventsTo(conversation).some((e) => e.type === 'settings' && e.settings.downloadsFolder === folder),
      'the new folder',
    );
  });

  it('leaves the conversation when its window closes, and reopens it without focus for the next message', async () => {
    const list = windowAt('contactList');
    const conversation = BrowserWindow.all.find(
      (w) => !w.destroyed && w.loaded.hash?.startsWith('conversation/'),
    );
    assert.ok(conversation);
    const id = decodeURIComponent(conversation.loaded.hash!.slice('conversation/'.length));
    assert.equal(conversationTo(list, id)?.windowOpen, true);

    conversation.close();
    await until(() => conversationTo(list, id)?.windowOpen === false, 'the conversation to be left');

    // A message arriving for it again (echo answers what the list sends) opens a new window, unasked for.
    list.focus();
    assert.equal((await call('sendMessage', [id, 'are you there?', style])).ok, true);
    await until(
      () =>
        BrowserWindow.all.some(
          (w) => !w.destroyed && w.loaded.hash === `conversation/${encodeURIComponent(id)}`,
        ),
      'the window to reopen',
    );
    const reopened = windowAt(`conversation/${encodeURIComponent(id)}`);
    assert.notEqual(reopened, conversation);
    reopened.emit('ready-to-show');
    assert.deepEqual(reopened.calls, ['showInactive', 'flash']);
    assert.equal(list.focused, true, 'the contact list keeps focus');
    assert.equal(reopened.focused, false);

    assert.deepEqual(await call('signOut', []), { ok: true, value: undefined });
    await until(() => reopened.destroyed, 'the sign-out to close it');
  });

  it('opens only http(s) links in the system browser', async () => {
    assert.deepEqual(await call('openExternal', ['https://example.com/x']), { ok: true, value: null });
    assert.equal((await call('openExternal', ['file:///etc/passwd'])).ok, false);
    assert.deepEqual(shell.opened, ['https://example.com/x']);
  });

  it('puts an icon in the tray with the status menu', () => {
    const tray = Tray.all[0];
    assert.ok(tray);
    assert.equal(tray.image.representations.length, 2);
    assert.equal(tray.tooltip, 'Butterfly - Not signed in');
    assert.ok(tray.menu.some((i) => i.label === 'Sign In'));
  });

  it('keeps running in the tray when the contact list closes, as "run in the background" is on by default', async () => {
    const quits = app.quitCalls;
    windowAt('contactList').close();
    assert.equal(app.quitCalls, quits);
    app.emit('second-instance');
    await until(
      () => BrowserWindow.all.some((w) => !w.destroyed && w.loaded.hash === 'contactList'),
      'the list',
    );
    // No login items on this platform: the choice is refused, and none is ever set.
    const refused = await call('updateSettings', [{ runAtStartup: true }]);
    assert.equal(refused.ok, false);
    assert.deepEqual(app.loginItems, []);
  });

  it('signs out and lets go of everything before quitting', async () => {
    const exit = Tray.all[0]!.menu.find((i) => i.label === 'Exit');
    exit?.click?.();
    await until(() => app.quitCalls === 2, 'the second quit');
    assert.equal(Tray.all[0]!.destroyed, true);
    assert.equal(ipcMain.handlers.has(CALL_CHANNEL), false);
  });
});
