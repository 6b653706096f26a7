// The options of every file dialog Butterfly shows, and what each answer means. Pure (electron for types
// only), so titles, filters and starting places are unit-tested; main/shell/files.ts shows the dialogs.
import { basename, extname, join } from 'node:path';
import type {
  FileFilter,
  OpenDialogOptions,
  OpenDialogReturnValue,
  SaveDialogOptions,
  SaveDialogReturnValue,
} from 'electron';

const ALL_FILES: FileFilter = { name: 'All Files', extensions: ['*'] };
const TEXT_DOCUMENTS: FileFilter = { name: 'Text Documents', extensions: ['txt'] };

/** Save dialogs may make a folder and warn before replacing a file. */
const SAVE_PROPERTIES = ['createDirectory', 'showOverwriteConfirmation'] as const;

/** Send a File: one existing file. */
export function sendFileDialog(): OpenDialogOptions {
  return { title: 'Send a File', buttonLabel: 'Send', properties: ['openFile'] };
}

/**
 * Where to save a file someone sent, starting in the received-files folder with the offered name. The
 * name came from the network (main made it safe); only its last part is used, so it can never point elsewhere.
 */
export function receivedFileDialog(fileName: string, folder: string): SaveDialogOptions {
  const name = basename(fileName);
  const ext = extname(name).slice(1);
  return {
    title: 'Save As',
    defaultPath: join(folder, name),
    // Keeps the offered type first, so a name typed without an extension gets it back on Windows.
    filters: ext ? [{ name: `${ext.toUpperCase()} File`, extensions: [ext] }, ALL_FILES] : [ALL_FILES],
    // No "replace it?" question: a received file never replaces one (the engine numbers the name instead,
    // and the line in the conversation says where it went), so asking would promise what does not happen.
    properties: ['createDirectory'],
  };
}

/** The conversation's Save As: a text document, in `folder` (the Documents folder) when it is known. */
export function conversationTextDialog(fileName: string, folder: string | undefined): SaveDialogOptions {
  return {
    title: 'Save As',
    defaultPath: folder ? join(folder, fileName) : fileName,
    filters: [TEXT_DOCUMENTS, ALL_FILES],
    properties: [...SAVE_PROPERTIES],
  };
}

/** The folder received files go to, starting at the current one. */
export function downloadFolderDialog(current: string): OpenDialogOptions {
  return {
    title: 'Choose the folder for received files',
    defaultPath: current,
    buttonLabel: 'Select Folder',
    properties: ['openDirectory', 'createDirectory'],
  };
}

/** An open dialog's answer: the one path chosen, or null when the person cancelled. */
export function chosenPath(result: OpenDialogReturnValue): string | null {
  if (result.canceled) return null;
  return result.filePaths[0] || null;
}

/** A save dialog's answer: the path to write, or null when the person cancelled. */
export function savePath(result: SaveDialogReturnValue): string | null {
  if (result.canceled) return null;
  return result.filePath || null;
}
