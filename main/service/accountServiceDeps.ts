// What the shell (Electron, or browser mode's server) gives the account service: where its files go, how
// to open windows and links, and the timeouts tests shorten.
import type { WindowRoute } from '../../app/contract';
import type { ConversationOptions } from '../msnp/conversation';
import type { SessionOptions } from '../msnp/notificationSession';
import type { BuiltInSandboxOptions } from '../sandbox/builtIn';
import type { FileDeps } from './conversationMethods';
import type { SecretStore } from './passwordVault';
import type { ReconnectOptions } from './reconnectWait';

export interface AccountServiceDeps {
  userDataDir: string;
  environment: 'desktop' | 'browser';
  /** Browser mode: the minutes with no page open after which it signs out (0: never), for the page to say. */
  signOutAfterMinutes?: number;
  version: string;
  /** Electron's safeStorage; absent in browser mode, where no password is remembered. */
  secrets?: SecretStore;
  /** Opens an http(s) address in the system browser (already checked). */
  openExternal(url: string): Promise<void>;
  /**
   * Opens or focuses a window; the shell decides how. `focus` is false for a window nobody asked for (a
   * message arrived): it shows without taking focus. Absent in browser mode, where the page draws windows.
   */
  openWindow?(route: WindowRoute, options?: { focus: boolean }): Promise<void>;
  /** Dialogs and folders for files (desktop), or uploads and the downloads folder (browser mode). */
  files?: Partial<FileDeps>;
  now?: () => number;
  /** Fetches an alert's icon as a data: URL; alertIcons.ts's fetchIcon by default. */
  fetchIcon?: (url: string, server: string) => Promise<string | null>;
  toastLifetimeMs?: number;
  maxToasts?: number;
  /** Engine timeouts and keep-alive (tests shorten them). */
  session?: Omit<SessionOptions, 'protocols' | 'cache'>;
  conversations?: ConversationOptions;
  /** Bot intervals and the like for the built-in sandbox (tests shorten them). */
  sandbox?: BuiltInSandboxOptions;
  /** Where warnings go (a damaged settings file, a failed write); defaults to console.warn. */
  warn?: (message: string) => void;
  /** A server to select in the sign-in form from the start, saved as the last server (browser mode's --sandbox). */
  initialServer?: string;
  /** The waits between tries to sign in again after the connection dropped (tests shorten them). */
  reconnect?: ReconnectOptions;
  /** Whether the shell can start Butterfly with the computer (Electron's login items; not on Linux). */
  runAtStartupSupported?: boolean;
  /** Desktop: quits the app (which signs out on its way). Absent in browser mode, where Exit only signs out. */
  quit?(): void;
}
