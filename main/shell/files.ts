// The account service's file dialogs and folders on the desktop (FileDeps): Electron's dialogs, each over
// the app window that has focus (the conversation whose button was clicked), and the system's file manager.
// The options and answers are decided in fileDialogs.ts.
import {
  app,
  dialog,
  shell,
  type BrowserWindow,
  type OpenDialogOptions,
  type SaveDialogOptions,
} from 'electron';
import type { FileDeps } from '../service/conversationMethods';
import {
  chosenPath,
  conversationTextDialog,
  downloadFolderDialog,
  receivedFileDialog,
  savePath,
  sendFileDialog,
} from './fileDialogs';

/** @param parent the app window a dialog belongs to (the focused one), if any */
export function desktopFiles(parent: () => BrowserWindow | undefined): Partial<FileDeps> {
  const open = async (options: OpenDialogOptions): Promise<string | null> => {
    const win = parent();
    return chosenPath(await (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options)));
  };
  const save = async (options: SaveDialogOptions): Promise<string | null> => {
    const win = parent();
    return savePath(await (win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options)));
  };
  const downloads = systemFolder('downloads');
  return {
    // Without a Downloads folder the service keeps its own default (under the user-data folder).
    ...(downloads ? { defaultDownloadsFolder: downloads } : {}),
    chooseFileToSend: () => open(sendFileDialog()),
    chooseSavePath: (fileName, folder) => save(receivedFileDialog(fileName, folder)),
    chooseFolder: (current) => open(downloadFolderDialog(current)),
    chooseTextSavePath: (fileName) => save(conversationTextDialog(fileName, systemFolder('documents'))),
    showInFolder: async (file) => shell.showItemInFolder(file),
    openFolder: async (folder) => {
      // openPath resolves to an error message, '' on success.
      const failure = await shell.openPath(folder);
      if (failure) throw new Error(failure);
    },
  };
}

/** A well-known folder, or undefined where the system has none (getPath throws then). */
function systemFolder(name: 'downloads' | 'documents'): string | undefined {
  try {
    return app.getPath(name) || undefined;
  } catch (err) {
    console.warn(`There is no ${name} folder:`, err);
    return undefined;
  }
}
