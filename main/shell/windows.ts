// The one factory that makes every window, and the registry of open windows keyed by route.
// What a window looks like and may do is decided in windowOptions.ts; this file only applies it.
import { join } from 'node:path';
import { BrowserWindow, type WebContents } from 'electron';
import type { WindowRoute } from '../../app/contract';
import { routeToHash } from '../../app/routes';
import { isModalDialog, windowKey, windowOptions } from './windowOptions';

export interface WindowFactoryOptions {
  preload: string;
  /** out/renderer, holding index.html. */
  rendererDir: string;
  /** electron-vite's dev server while developing; undefined in a packaged app. */
  devUrl: string | undefined;
  /** The window icon (used on Linux; Windows and macOS take it from the executable). */
  icon?: string;
}

export interface Placement {
  x: number;
  y: number;
}

export class WindowFactory {
  private readonly open = new Map<string, BrowserWindow>();
  private readonly routes = new Map<string, WindowRoute>();

  constructor(private readonly options: WindowFactoryOptions) {}

  get(route: WindowRoute): BrowserWindow | undefined {
    const win = this.open.get(windowKey(route));
    return win && !win.isDestroyed() ? win : undefined;
  }

  /** Every open app window. */
  windows(): BrowserWindow[] {
    return [...this.open.values()].filter((win) => !win.isDestroyed());
  }

  /** The routes of every open app window. */
  openRoutes(): WindowRoute[] {
    return [...this.routes]
      .filter(([key]) => this.open.get(key)?.isDestroyed() === false)
      .map(([, route]) => route);
  }

  /** Closes the window for a route, if one is open. */
  close(route: WindowRoute): void {
    this.get(route)?.close();
  }

  webContents(): WebContents[] {
    return this.windows().map((win) => win.webContents);
  }

  /** Whether these web contents belong to a window this factory made (the IPC sender check uses it). */
  owns(contents: WebContents): boolean {
    return this.windows().some((win) => win.webContents === contents);
  }

  /**
   * Opens the window for a route, or brings the open one forward. Toasts are created hidden at their
   * placement; main/shell/toasts.ts shows them without taking focus.
   */
  show(route: WindowRoute, placement?: Placement): BrowserWindow {
    const existing = this.get(route);
    if (existing) {
      if (route.kind !== 'toast') bringForward(existing);
      return existing;
    }
    return this.create(route, placement);
  }

  private create(route: WindowRoute, placement: Placement | undefined): BrowserWindow {
    const options = windowOptions(route, this.options.preload);
    if (this.options.icon) options.icon = this.options.icon;
    if (placement) Object.assign(options, placement);
    if (route.kind === 'dialog') {
      // A dialog belongs to the contact list (stays above it) when the list is showing.
      const parent = this.get({ kind: 'contactList' });
      if (parent?.isVisible()) {
        options.parent = parent;
        options.modal = isModalDialog(route.dialog);
      }
    }

    const win = new BrowserWindow(options);
    const key = windowKey(route);
    this.open.set(key, win);
    this.routes.set(key, route);
    win.on('closed', () => {
      if (this.open.get(key) !== win) return;
      this.open.delete(key);
      this.routes.delete(key);
    });

    // The app is a single page: nothing inside it may navigate away or open new windows.
    win.webContents.on('will-navigate', (event) => event.preventDefault());
    win.webContents.on('will-frame-navigate', (event) => event.preventDefault());
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));

    if (route.kind !== 'toast') win.once('ready-to-show', () => win.show());
    this.load(win, route);
    return win;
  }

  private load(win: BrowserWindow, route: WindowRoute): void {
    const hash = routeToHash(route);
    const { devUrl, rendererDir } = this.options;
    const loading = devUrl
      ? win.loadURL(`${devUrl}${hash}`)
      : win.loadFile(join(rendererDir, 'index.html'), { hash: hash.slice(1) });
    loading.catch((err: unknown) => console.error(`Could not load the ${route.kind} window:`, err));
  }
}

function bringForward(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
