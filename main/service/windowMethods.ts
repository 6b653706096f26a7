// Opening windows and links: the shell opens them (a window, the system browser), or, in browser mode,
// the page does (it is told of a window to draw, and given a checked link to open in a new tab).
import type { MessengerEvent, OpenedUrl, WindowRoute } from '../../app/contract';
import { errorMessage } from '../msnp/errors';
import { ONLY_WEB_LINKS, webUrl } from './webUrl';

/** What the shell gives (AccountServiceDeps has these). */
export interface WindowShell {
  environment: 'desktop' | 'browser';
  /** Opens an http(s) address in the system browser (already checked). */
  openExternal(url: string): Promise<void>;
  /** Opens or focuses a window; absent in browser mode. */
  openWindow?(route: WindowRoute, options?: { focus: boolean }): Promise<void>;
}

export interface WindowMethodsDeps {
  shell: WindowShell;
  emit(event: MessengerEvent): void;
  warn(message: string): void;
}

export class WindowMethods {
  constructor(private readonly deps: WindowMethodsDeps) {}

  /** A link from a window: only http(s); the desktop opens it, browser mode hands it back to the page. */
  async openExternal(url: string): Promise<OpenedUrl> {
    const safe = webUrl(url);
    if (safe === null) throw new Error(ONLY_WEB_LINKS);
    // The page opens it in a new tab of the browser the person is in; nothing starts on this machine.
    if (this.deps.shell.environment === 'browser') return safe;
    try {
      await this.deps.shell.openExternal(safe);
    } catch (err) {
      this.deps.warn(`Could not open ${safe}: ${errorMessage(err)}`);
      throw new Error('The link could not be opened in your web browser.', { cause: err });
    }
    return null;
  }

  /** Shows a window; `focus` false for one the person did not ask for (a message arrived). */
  async show(route: WindowRoute, focus: boolean): Promise<void> {
    const { shell } = this.deps;
    if (shell.openWindow) await shell.openWindow(route, { focus });
    // Without a shell (browser mode) the pages draw windows themselves; they are told to.
    else if (shell.environment === 'browser') this.deps.emit({ type: 'window', route });
  }
}
