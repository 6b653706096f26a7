// The pure half of the window factory: what every Butterfly window looks like and is allowed to do.
// Electron is imported for types only, so unit tests can load this file without the Electron binary.
import { join } from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import type { DialogKind, WindowRoute } from '../../app/contract';
import {
  CONVERSATION_SIZE,
  DIALOG_SIZES,
  DIALOG_TITLES,
  INSPECTOR_SIZE,
  INSPECTOR_TITLE,
  routeToHash,
  type WindowSize,
} from '../../app/routes';

export type WindowKind = WindowRoute['kind'];
export const WINDOW_KINDS: readonly WindowKind[] = ['contactList', 'conversation', 'toast', 'dialog', 'inspector'];

// Close to Messenger 3.0's proportions (../shared/UI-3.0.md): a narrow, tall contact list; toasts about 180 x 150.
export const WINDOW_SIZES: Record<Exclude<WindowKind, 'dialog'>, WindowSize> = {
  contactList: { width: 260, height: 480, minWidth: 220, minHeight: 320 },
  conversation: CONVERSATION_SIZE,
  toast: { width: 180, height: 150 },
  inspector: INSPECTOR_SIZE,
};

/**
 * Dialogs that block the contact list while open, like 3.0's property sheets and wizards. The ones that
 * pop up on their own (someone added you, verify, pages) or concern one contact (page) leave the list usable.
 */
const MODAL_DIALOGS: Record<DialogKind, boolean> = {
  options: true,
  addContact: true,
  about: true,
  findMember: true,
  invite: true,
  properties: true,
  added: false,
  verify: false,
  page: false,
  pages: false,
  sendMessage: true,
  // Help stays open beside the list while the person tries what it says.
  help: false,
  receivedFiles: false,
};

export function isModalDialog(dialog: DialogKind): boolean {
  return MODAL_DIALOGS[dialog];
}

const DIALOG_CHROME: BrowserWindowConstructorOptions = {
  resizable: false,
  minimizable: false,
  maximizable: false,
  fullscreenable: false,
};

// Toasts pop up over other apps, so they must never take focus or show in the taskbar.
const TOAST_CHROME: BrowserWindowConstructorOptions = {
  frame: false,
  resizable: false,
  movable: false,
  minimizable: false,
  maximizable: false,
  fullscreenable: false,
  focusable: false,
  alwaysOnTop: true,
  skipTaskbar: true,
  hasShadow: false,
};

// The policy lives beside the service, where browser mode (which never imports the shell) reads it too.
export { RENDERER_CSP, RENDERER_CSP_HEADER } from '../service/rendererCsp';

/** electron-vite writes the main bundle to out/main, the preload to out/preload and the pages to out/renderer. */
export function defaultPreloadPath(mainDir: string = import.meta.dirname): string {
  return join(mainDir, '..', 'preload', 'index.cjs');
}

export function defaultRendererDir(mainDir: string = import.meta.dirname): string {
  return join(mainDir, '..', 'renderer');
}

/** The registry key of a window: one window per route, so a second open of the same route focuses it. */
export function windowKey(route: WindowRoute): string {
  return routeToHash(route);
}

function sizeAndChrome(route: WindowRoute): BrowserWindowConstructorOptions {
  switch (route.kind) {
    case 'dialog':
      return { ...DIALOG_SIZES[route.dialog], ...DIALOG_CHROME, title: DIALOG_TITLES[route.dialog] };
    case 'toast':
      return { ...WINDOW_SIZES.toast, ...TOAST_CHROME };
    case 'inspector':
      return { ...WINDOW_SIZES.inspector, title: INSPECTOR_TITLE };
    default:
      return { ...WINDOW_SIZES[route.kind] };
  }
}

export function windowOptions(
  route: WindowRoute,
  preload: string = defaultPreloadPath(),
): BrowserWindowConstructorOptions {
  return {
    title: 'Butterfly',
    ...sizeAndChrome(route),
    // Shown on 'ready-to-show' (toasts with showInactive), so a window never flashes empty.
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      enableWebSQL: false,
      plugins: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Chromium's spellchecker fetches dictionaries from the network; 3.0 had none.
      spellcheck: false,
    },
  };
}
