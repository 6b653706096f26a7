// One small always-on-top window per toast the service lists, placed by toastLayout.ts. A toast slides up
// into its place, moves down when one below it goes, and slides down and closes when the service drops it.
import type { BrowserWindow } from 'electron';
import type { Toast } from '../../app/contract';
import { entryBounds, layoutToasts, sameRect, slideFrames, type Rect } from './toastLayout';
import { WINDOW_SIZES } from './windowOptions';
import type { WindowFactory } from './windows';

const FRAME_MS = 16;
const SLIDE_STEPS = 15;

interface Showing {
  win: BrowserWindow;
  /** Where it is going (or is). */
  target: Rect;
  ready: boolean;
}

export class ToastWindows {
  private readonly showing = new Map<string, Showing>();
  private readonly timers = new Map<BrowserWindow, ReturnType<typeof setInterval>>();
  private ids: string[] = [];

  constructor(
    private readonly factory: WindowFactory,
    private readonly workArea: () => Rect,
  ) {}

  /** Shows exactly these toasts (oldest first), as the service's 'toasts' event lists them. */
  update(toasts: readonly Toast[]): void {
    this.ids = toasts.map((t) => t.id);
    this.layout();
  }

  /** Places everything again, e.g. when the display's work area changed. */
  layout(): void {
    const { placed, queued } = layoutToasts(this.workArea(), WINDOW_SIZES.toast, this.ids);
    const keep = new Set(placed.map((p) => p.id));
    for (const [id, showing] of this.showing) {
      if (keep.has(id)) continue;
      this.showing.delete(id);
      // Gone from the service slides out; pushed back to the queue (the screen shrank) just closes.
      if (queued.includes(id)) this.close(showing.win);
      else this.leave(showing);
    }
    for (const { id, bounds } of placed) {
      const showing = this.showing.get(id);
      if (!showing) this.enter(id, bounds);
      else if (!sameRect(showing.target, bounds)) {
        showing.target = bounds;
        if (showing.ready) this.slide(showing.win, bounds);
      }
    }
  }

  dispose(): void {
    // Including the ones still sliding out.
    const windows = new Set([...this.timers.keys(), ...[...this.showing.values()].map((s) => s.win)]);
    this.showing.clear();
    this.ids = [];
    for (const win of windows) this.close(win);
  }

  private enter(id: string, target: Rect): void {
    const start = entryBounds(target);
    const win = this.factory.show({ kind: 'toast', id }, { placement: { x: start.x, y: start.y } });
    const showing: Showing = { win, target, ready: false };
    this.showing.set(id, showing);
    win.once('ready-to-show', () => {
      if (win.isDestroyed() || this.showing.get(id) !== showing) return;
      showing.ready = true;
      win.showInactive();
      this.slide(win, showing.target);
    });
    win.once('closed', () => {
      this.stop(win);
      // Closed from elsewhere (the OS, the page): let the ones above move down.
      if (this.showing.get(id) === showing) {
        this.showing.delete(id);
        this.ids = this.ids.filter((other) => other !== id);
        this.layout();
      }
    });
  }

  private leave(showing: Showing): void {
    if (!showing.ready || showing.win.isDestroyed()) {
      this.close(showing.win);
      return;
    }
    this.slide(showing.win, entryBounds(showing.target), () => this.close(showing.win));
  }

  private slide(win: BrowserWindow, to: Rect, done?: () => void): void {
    this.stop(win);
    if (win.isDestroyed()) return;
    const frames = slideFrames(win.getBounds(), to, SLIDE_STEPS);
    let next = 0;
    const timer = setInterval(() => {
      const frame = frames[next++];
      if (win.isDestroyed() || !frame) {
        this.stop(win);
        done?.();
        return;
      }
      win.setBounds(frame);
      if (next === frames.length) {
        this.stop(win);
        done?.();
      }
    }, FRAME_MS);
    this.timers.set(win, timer);
  }

  private stop(win: BrowserWindow): void {
    const timer = this.timers.get(win);
    if (timer !== undefined) clearInterval(timer);
    this.timers.delete(win);
  }

  private close(win: BrowserWindow): void {
    this.stop(win);
    if (!win.isDestroyed()) win.destroy();
  }
}
