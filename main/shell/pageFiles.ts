// What the preload sends for a file a page offers. Pages never name paths: a dropped file becomes its path
// here, in the preload, where Electron can tell it (webUtils.getPathForFile), and a page that sends a path
// itself is refused before anything reaches main. Bundled into the sandboxed preload: no imports at run time.
import type { FileSource } from '../../app/conversation';

/** A dropped file with no path on disk (dragged out of a web page or an archive, say). */
export const CANNOT_SEND = 'That file cannot be sent; save it on your computer first, then drop it here.';
/** A page naming a path itself; only the preload may. */
export const NO_PAGE_PATHS = 'That file cannot be sent; drop it on the window or choose it with Send a File.';
/** The same sentence main gives for a kind it does not know (main/service/validate.ts). */
export const NOT_A_FILE = 'That is not a file Butterfly can send.';

/**
 * The FileSource to send to main for the one a page gave, built afresh so nothing but these fields crosses.
 * Throws an Error with one sentence when the file cannot be sent.
 * @param pathForFile webUtils.getPathForFile: '' for a file that is not on disk
 */
export function fileSourceFromPage(source: unknown, pathForFile: (file: File) => string): FileSource {
  const kind = isRecord(source) ? source['kind'] : undefined;
  switch (kind) {
    case 'choose':
      return { kind: 'choose' };
    case 'upload':
      // Browser mode's; main checks the id (and has no uploads on the desktop).
      return { kind: 'upload', uploadId: (source as { uploadId: string }).uploadId };
    case 'dropped': {
      const path = pathOf((source as { file: unknown }).file, pathForFile);
      if (path === '') throw new Error(CANNOT_SEND);
      return { kind: 'path', path };
    }
    case 'path':
      throw new Error(NO_PAGE_PATHS);
    default:
      throw new Error(NOT_A_FILE);
  }
}

function pathOf(file: unknown, pathForFile: (file: File) => string): string {
  try {
    // Electron throws for anything that is not a File; a File that is not on disk gives ''.
    const path = pathForFile(file as File);
    return typeof path === 'string' ? path : '';
  } catch {
    return '';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
