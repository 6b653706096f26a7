// The one factory that makes every window, and the registry of open windows keyed by kind and id.
import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';
import { windowOptions, type WindowKind } from './windowOptions';

const open = new Map<string, BrowserWindow>();

const key = (kind: WindowKind, id: string): string => `${kind}:${id}`;

export function getWindow(kind: WindowKind, id: string = kind): BrowserWindow | undefined {
  return open.get(key(kind, id));
}

export function createWindow(kind: WindowKind, id: string = kind): BrowserWindow {
  const existing = getWindow(kind, id);
  if (existing) return existing;

  const win = new BrowserWindow(windowOptions(kind));
  const k = key(kind, id);
  open.set(k, win);
  win.on('closed', () => open.delete(k));

  // The app is a single page: nothing inside it may navigate away or open new windows.
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));

  if (kind !== 'toast') win.once('ready-to-show', () => win.show());
  load(win, kind);
  return win;
}

function load(win: BrowserWindow, kind: WindowKind): void {
  // electron-vite dev sets ELECTRON_RENDERER_URL to its dev server; a packaged app always loads its own files.
  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  const loading =
    !app.isPackaged && devUrl
      ? win.loadURL(`${devUrl}#${kind}`)
      : win.loadFile(join(import.meta.dirname, '..', 'renderer', 'index.html'), { hash: kind });
  loading.catch((err: unknown) => console.error(`Could not load the ${kind} window:`, err));
}
