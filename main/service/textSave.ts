// Handing a text to the person as a file: the desktop app asks where with its save dialog and writes it there;
// browser mode (or a desktop without the dialog) hands the text back for the page to download.
import { writeFile } from 'node:fs/promises';
import type { SavedConversation } from '../../app/conversation';
import { errorMessage, sentence } from '../msnp/errors';
import { ActionRefused } from './actionErrors';

export interface TextSaveDeps {
  environment: 'desktop' | 'browser';
  chooseTextSavePath?: (fileName: string) => Promise<string | null>;
  warn(message: string): void;
}

/** `what` names the text in the sentences: "the conversation", "the traffic". */
export async function saveText(
  deps: TextSaveDeps,
  fileName: string,
  text: string,
  what: string,
): Promise<SavedConversation> {
  const choose = deps.chooseTextSavePath;
  if (deps.environment === 'browser' || !choose) return { kind: 'download', fileName, text };
  const file = await choose(fileName);
  if (!file) return { kind: 'cancelled' };
  try {
    await writeFile(file, text, 'utf8');
  } catch (err) {
    deps.warn(`Could not save ${what} to ${file}: ${errorMessage(err)}`);
    throw new ActionRefused(`${sentence(`${what} could not be saved there`)} Choose another place.`, {
      cause: err,
    });
  }
  return { kind: 'saved', path: file };
}
