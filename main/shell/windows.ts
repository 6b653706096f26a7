// The one factory that makes every window, and the registry of open windows keyed by route.
// What a window looks like and may do is decided in windowOptions.ts; this file only applies it.
import { join } from 'node:path';
import { BrowserWindow, type WebContents } from 'electron';
import type { WindowRoute } from '../../app/contract';
import { routeToHash } from '../../app/routes';
import { isModalDialog, windowOptions } from './windowOptions';

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
  /** Open windows keyed by their route's hash (one window per route). */
  private readonly open = new Map<string, { win: BrowserWindow; route: WindowRoute }>();

  constructor(private readonly options: WindowFactoryOptions) {}

  get(route: WindowRoute): BrowserWindow | undefined {
    const win = this.open.get(routeToHash(route))?.win;
    return win && !win.isDestroyed() ? win : undefined;
  }

  /** Every open app window. */
  windows(): BrowserWindow[] {
    return [...this.open.values()].map(({ win }) => win).filter((win) => !win.isDestroyed());
  }

  /** The routes of every open app window. */
  openRoutes(): WindowRoute[] {
    return [...this.open.values()].filter(({ win }) => !win.isDestroyed()).map(({ route }) => route);
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
    const key = routeToHash(route);
    this.open.set(key, { win, route });
    win.on('closed', () => {
      if (this.open.get(key)?.win === win) this.open.delete(key);
    });
    // Navigation and new windows are refused for every web contents by hardening.ts (hardenWebContents).

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
