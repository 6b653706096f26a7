// Who may call main. Pure, so the rule is unit-tested: only the main frame of a window the factory made,
// showing the app's own renderer (its files, or electron-vite's dev server while developing).
import { fileURLToPath } from 'node:url';
import { isInside } from '../service/paths';

/**
 * @param url the sending frame's URL
 * @param frameIsMain whether the sender is the top frame of its page (never an iframe)
 * @param knownWindow whether the page belongs to a window the window factory made
 * @param devUrl electron-vite's dev server URL, only while developing; undefined in a packaged app
 * @param rendererDir the directory the renderer's built files are in (out/renderer)
 */
export function isTrustedSender(
  url: string,
  frameIsMain: boolean,
  knownWindow: boolean,
  devUrl: string | undefined,
  rendererDir: string,
): boolean {
  if (!frameIsMain || !knownWindow) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') return isRendererFile(parsed, rendererDir);
  if (!devUrl) return false;
  try {
    const dev = new URL(devUrl);
    return (dev.protocol === 'http:' || dev.protocol === 'https:') && parsed.origin === dev.origin;
  } catch {
    return false;
  }
}

function isRendererFile(url: URL, rendererDir: string): boolean {
  // A file URL with a host is a network share, never the app's own files.
  if (url.host !== '') return false;
  let path: string;
  try {
    // Throws on an encoded "/" (or "\" on Windows), which could otherwise hide a way out of the directory.
    path = fileURLToPath(new URL(url.pathname, 'file://'));
  } catch {
    return false;
  }
  return isInside(rendererDir, path);
}
