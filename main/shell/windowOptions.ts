// The pure half of the window factory: what every Butterfly window looks like and is allowed to do.
// Electron is imported for types only, so unit tests can load this file without the Electron binary.
import { join } from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';

export type WindowKind = 'contactList' | 'conversation' | 'toast';
export const WINDOW_KINDS: readonly WindowKind[] = ['contactList', 'conversation', 'toast'];

interface WindowSize {
  width: number;
  height: number;
  minWidth?: number;
  minHeight?: number;
}

// Close to Messenger 3.0's proportions (../shared/UI-3.0.md): a narrow, tall contact list; toasts about 180 x 150.
export const WINDOW_SIZES: Record<WindowKind, WindowSize> = {
  contactList: { width: 260, height: 480, minWidth: 220, minHeight: 320 },
  conversation: { width: 440, height: 400, minWidth: 320, minHeight: 280 },
  toast: { width: 180, height: 150 },
};

// Per-kind window chrome. Toasts pop up over other apps, so they must never take focus or show in the taskbar.
const KIND_OPTIONS: Record<WindowKind, BrowserWindowConstructorOptions> = {
  contactList: {},
  conversation: {},
  toast: {
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    focusable: false,
    alwaysOnTop: true,
    skipTaskbar: true,
  },
};

/**
 * The renderer's Content Security Policy, also set as a meta tag in renderer/index.html (a test keeps
 * the two equal). ws://127.0.0.1 is for the built-in test server; everything else is the app's own files.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** electron-vite writes the main bundle to out/main and the preload bundle to out/preload. */
export function defaultPreloadPath(mainDir: string = import.meta.dirname): string {
  return join(mainDir, '..', 'preload', 'index.cjs');
}

export function windowOptions(
  kind: WindowKind,
  preload: string = defaultPreloadPath(),
): BrowserWindowConstructorOptions {
  return {
    ...WINDOW_SIZES[kind],
    ...KIND_OPTIONS[kind],
    title: 'Butterfly',
    // Shown on 'ready-to-show', so a window never flashes empty.
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
      webviewTag: false,
      navigateOnDragDrop: false,
    },
  };
}
