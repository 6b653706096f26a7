// The one factory that makes every window, and the registry of open windows keyed by route.
// What a window looks like and may do is decided in windowOptions.ts, and how it comes forward (with or
// without focus, flashing) in windowShowing.ts; this file only applies them.
import { join } from 'node:path';
import { BrowserWindow, type WebContents } from 'electron';
import type { WindowRoute } from '../../app/contract';
import { routeToHash } from '../../app/routes';
import { isModalDialog, windowOptions } from './windowOptions';
import { shouldFlash, showSteps, type ShowStep, type WindowState } from './windowShowing';

export interface WindowFactoryOptions {
  preload: string;
  /** out/renderer, holding index.html. */
  rendererDir: string;
  /** electron-vite's dev server while developing; undefined in a packaged app. */
  devUrl: string | undefined;
  /** The window icon (used on Linux; Windows and macOS take it from the executable). */
  icon?: string;
  /** Told after a window has closed, with its route (closing a conversation's window leaves it). */
  onClosed?(route: WindowRoute): void;
}

export interface Placement {
  x: number;
  y: number;
}

export interface ShowOptions {
  /** Where a new toast starts (main/shell/toasts.ts slides it from there). */
  placement?: Placement;
  /**
   * false for a window nobody asked for (a message arrived): it appears without taking focus, a minimized
   * one stays minimized, and its taskbar button flashes. Defaults to true.
   */
  focus?: boolean;
}

interface OpenWindow {
  win: BrowserWindow;
  route: WindowRoute;
  /** Its page has drawn once; until then it is kept hidden. */
  ready: boolean;
  /** Whether it takes focus when it is first shown: true once anyone asked for it. */
  focus: boolean;
}

const STEPS: Record<ShowStep, (win: BrowserWindow) => void> = {
  restore: (win) => win.restore(),
  show: (win) => win.show(),
  showInactive: (win) => win.showInactive(),
  focus: (win) => win.focus(),
  flash: (win) => win.flashFrame(true),
};

export class WindowFactory {
  /** Open windows keyed by their route's hash (one window per route). */
  private readonly open = new Map<string, OpenWindow>();

  constructor(private readonly options: WindowFactoryOptions) {}

  get(route: WindowRoute): BrowserWindow | undefined {
    return this.entry(route)?.win;
  }

  private entry(route: WindowRoute): OpenWindow | undefined {
    const entry = this.open.get(routeToHash(route));
    return entry && !entry.win.isDestroyed() ? entry : undefined;
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

  /** The app window that has focus, if one has (file dialogs belong to it). */
  focused(): BrowserWindow | undefined {
    return this.windows().find((win) => win.isFocused());
  }

  webContents(): WebContents[] {
    return this.windows().map((win) => win.webContents);
  }

  /** Whether these web contents belong to a window this factory made (the IPC sender check uses it). */
  owns(contents: WebContents): boolean {
    return this.windows().some((win) => win.webContents === contents);
  }

  /**
   * Opens the window for a route, or brings the open one forward (see ShowOptions.focus). Toasts are
   * created hidden at their placement; main/shell/toasts.ts shows them without taking focus.
   */
  show(route: WindowRoute, options: ShowOptions = {}): BrowserWindow {
    const focus = options.focus ?? true;
    const existing = this.entry(route);
    if (!existing) return this.create(route, options.placement, focus);
    if (route.kind !== 'toast') {
      // Still loading: it shows on 'ready-to-show', taking focus if anyone has asked for it by then.
      existing.focus ||= focus;
      apply(existing, focus);
    }
    return existing.win;
  }

  /** Flashes a window's taskbar button for something new in it, unless it has focus (or is not showing yet). */
  flash(route: WindowRoute): void {
    const entry = this.entry(route);
    if (entry && route.kind !== 'toast' && shouldFlash(stateOf(entry))) entry.win.flashFrame(true);
  }

  private create(route: WindowRoute, placement: Placement | undefined, focus: boolean): BrowserWindow {
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
    const entry: OpenWindow = { win, route, ready: false, focus };
    this.open.set(key, entry);
    win.on('closed', () => {
      if (this.open.get(key)?.win === win) this.open.delete(key);
      try {
        this.options.onClosed?.(route);
      } catch (err) {
        console.error(`Could not finish closing the ${route.kind} window:`, err);
      }
    });
    // Navigation and new windows are refused for every web contents by hardening.ts (hardenWebContents).

    if (route.kind !== 'toast') {
      win.once('ready-to-show', () => {
        if (win.isDestroyed()) return;
        entry.ready = true;
        apply(entry, entry.focus);
      });
      // The flash has done its job once the person looks.
      win.on('focus', () => win.flashFrame(false));
    }
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

function stateOf({ win, ready }: OpenWindow): WindowState {
  return { ready, visible: win.isVisible(), minimized: win.isMinimized(), focused: win.isFocused() };
}

function apply(entry: OpenWindow, focus: boolean): void {
  for (const step of showSteps(stateOf(entry), focus)) STEPS[step](entry.win);
}
