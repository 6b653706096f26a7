// The desktop's file dialogs: their options and answers (main/shell/fileDialogs.ts, pure), then the
// service's FileDeps built on them (main/shell/files.ts) against a stand-in for electron.
import { before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  chosenPath,
  conversationTextDialog,
  downloadFolderDialog,
  receivedFileDialog,
  savePath,
  sendFileDialog,
} from '../../main/shell/fileDialogs';
import type { desktopFiles as desktopFilesFn } from '../../main/shell/files';
import { BrowserWindow, electron } from './shellFakeElectron';

describe('file dialog options', () => {
  it('sends one existing file', () => {
    const options = sendFileDialog();
    assert.equal(options.title, 'Send a File');
    assert.deepEqual(options.properties, ['openFile']);
  });

  it('saves a received file in the received-files folder under its offered name, keeping its type first', () => {
    const options = receivedFileDialog('holiday.JPG', join('/home', 'you', 'Downloads'));
    assert.equal(options.title, 'Save As');
    assert.equal(options.defaultPath, join('/home', 'you', 'Downloads', 'holiday.JPG'));
    assert.deepEqual(options.filters, [
      { name: 'JPG File', extensions: ['JPG'] },
      { name: 'All Files', extensions: ['*'] },
    ]);
    // A received file never replaces one (it gets a numbered name), so the dialog does not ask.
    assert.deepEqual(options.properties, ['createDirectory']);
  });

  it('offers all files for a received file without an extension', () => {
    assert.deepEqual(receivedFileDialog('README', '/d').filters, [{ name: 'All Files', extensions: ['*'] }]);
  });

  it('never lets an offered name point outside the folder', () => {
    assert.equal(receivedFileDialog('../../.bashrc', '/d').defaultPath, join('/d', '.bashrc'));
    assert.equal(receivedFileDialog('/etc/passwd', '/d').defaultPath, join('/d', 'passwd'));
  });

  it("saves the conversation as a text document in Documents, like Notepad's dialog", () => {
    const options = conversationTextDialog('Bob.txt', '/home/you/Documents');
    assert.equal(options.title, 'Save As');
    assert.equal(options.defaultPath, join('/home/you/Documents', 'Bob.txt'));
    assert.deepEqual(options.filters, [
      { name: 'Text Documents', extensions: ['txt'] },
      { name: 'All Files', extensions: ['*'] },
    ]);
    assert.deepEqual(options.properties, ['createDirectory', 'showOverwriteConfirmation']);
    assert.equal(conversationTextDialog('Bob.txt', undefined).defaultPath, 'Bob.txt');
  });

  it('picks a folder for received files, starting at the current one, and may make one', () => {
    const options = downloadFolderDialog('/home/you/Downloads');
    assert.equal(options.defaultPath, '/home/you/Downloads');
    assert.deepEqual(options.properties, ['openDirectory', 'createDirectory']);
    assert.ok(options.title);
  });

  it('reads a cancelled dialog as null and a chosen one as its path', () => {
    assert.equal(chosenPath({ canceled: true, filePaths: ['/x'] }), null);
    assert.equal(chosenPath({ canceled: false, filePaths: [] }), null);
    assert.equal(chosenPath({ canceled: false, filePaths: ['/a', '/b'] }), '/a');
    assert.equal(savePath({ canceled: true, filePath: '/x' }), null);
    assert.equal(savePath({ canceled: false, filePath: '' }), null);
    assert.equal(savePath({ canceled: false, filePath: '/x.txt' }), '/x.txt');
  });
});

let desktopFiles: typeof desktopFilesFn;

before(async () => {
  const fake = pathToFileURL(join(import.meta.dirname, 'shellFakeElectron.ts')).href;
  register(
    'data:text/javascript,' +
      encodeURIComponent(`export async function resolve(specifier, context, next) {
        if (specifier === 'electron') return next(${JSON.stringify(fake)}, context);
        return next(specifier, context);
      }`),
  );
  ({ desktopFiles } = await import('../../main/shell/files'));
});

describe("the desktop's file dialogs", () => {
  const { dialog, app, shell } = electron;
  let parent: BrowserWindow | undefined;
  const files = () => desktopFiles(() => parent as unknown as Electron.BrowserWindow | undefined);

  beforeEach(() => {
    dialog.calls.length = 0;
    parent = undefined;
  });

  it('shows each dialog over the focused app window, and on its own when none has focus', async () => {
    parent = new BrowserWindow({ width: 10, height: 10 });
    dialog.openAnswers.push({ canceled: false, filePaths: ['/home/you/cat.gif'] });
    assert.equal(await files().chooseFileToSend!(), '/home/you/cat.gif');
    assert.equal(dialog.calls[0]?.parent, parent);
    assert.deepEqual(dialog.calls[0]?.options, sendFileDialog());
    parent = undefined;
    await files().chooseFileToSend!();
    assert.equal(dialog.calls[1]?.parent, undefined);
  });

  it('answers null for every dialog the person cancels', async () => {
    const f = files();
    assert.equal(await f.chooseFileToSend!(), null);
    assert.equal(await f.chooseSavePath!('a.txt', '/d'), null);
    assert.equal(await f.chooseFolder!('/d'), null);
    assert.equal(await f.chooseTextSavePath!('Bob.txt'), null);
    assert.deepEqual(
      dialog.calls.map((c) => c.kind),
      ['open', 'save', 'open', 'save'],
    );
  });

  it('passes each dialog its options: the received file, the folder and the conversation text', async () => {
    const f = files();
    dialog.saveAnswers.push({ canceled: false, filePath: '/d/a (1).txt' });
    assert.equal(await f.chooseSavePath!('a.txt', '/d'), '/d/a (1).txt');
    dialog.openAnswers.push({ canceled: false, filePaths: ['/e'] });
    assert.equal(await f.chooseFolder!('/d'), '/e');
    await f.chooseTextSavePath!('Bob.txt');
    assert.deepEqual(
      dialog.calls.map((c) => c.options),
      [
        receivedFileDialog('a.txt', '/d'),
        downloadFolderDialog('/d'),
        conversationTextDialog('Bob.txt', app.documents),
      ],
    );
  });

  it("keeps received files in the system's Downloads folder and shows one in its folder", async () => {
    const f = files();
    assert.equal(f.defaultDownloadsFolder, app.downloads);
    await f.showInFolder!('/home/you/Downloads/cat.gif');
    assert.deepEqual(shell.shownInFolder, ['/home/you/Downloads/cat.gif']);
  });

  it('opens the received-files folder in the file manager, and turns a refusal into an error', async () => {
    await files().openFolder!('/home/you/Downloads');
    assert.deepEqual(shell.openedFolders, ['/home/you/Downloads']);
    shell.openPathAnswer = 'Failed to open path';
    try {
      await assert.rejects(files().openFolder!('/gone'), /Failed to open path/);
    } finally {
      shell.openPathAnswer = '';
    }
  });

  it("leaves the service's own default where the system has no Downloads or Documents folder", async () => {
    const { downloads, documents } = app;
    const original = console.warn;
    const warned: unknown[] = [];
    console.warn = (...args: unknown[]) => warned.push(args);
    app.downloads = '';
    app.documents = '';
    try {
      const f = files();
      assert.equal('defaultDownloadsFolder' in f, false);
      await f.chooseTextSavePath!('Bob.txt');
      assert.equal(dialog.calls[0]?.options['defaultPath'], 'Bob.txt');
      assert.equal(warned.length, 2, 'each missing folder is logged');
    } finally {
      app.downloads = downloads;
      app.documents = documents;
      console.warn = original;
    }
  });
});
