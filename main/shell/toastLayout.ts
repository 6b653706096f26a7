// Where toasts go: pure geometry of the work area and the toasts showing, unit-tested without Electron.
// Toasts stack upwards from the bottom-right corner, the oldest at the bottom; when one closes the ones
// above it move down into its place; those that do not fit wait in a queue until space frees.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface ToastLayout {
  /** The toasts that fit, in stacking order (bottom first), with where each belongs. */
  placed: { id: string; bounds: Rect }[];
  /** The toasts that do not fit yet, oldest first. */
  queued: string[];
}

export interface StackOptions {
  /** Space between the stack and the work area's edges. */
  margin: number;
  /** Space between two toasts. */
  gap: number;
}

const DEFAULT_STACK: StackOptions = { margin: 8, gap: 4 };

/**
 * @param workArea the display's work area (without taskbar or dock), in screen coordinates
 * @param ids the toasts to show, oldest first
 */
export function layoutToasts(
  workArea: Rect,
  size: Size,
  ids: readonly string[],
  { margin, gap }: StackOptions = DEFAULT_STACK,
): ToastLayout {
  const x = Math.round(workArea.x + workArea.width - margin - size.width);
  const bottom = workArea.y + workArea.height - margin;
  const top = workArea.y + margin;
  const fitsAcross = x >= workArea.x + margin;
  const placed: ToastLayout['placed'] = [];
  const queued: string[] = [];
  for (const id of ids) {
    const y = Math.round(bottom - (placed.length + 1) * size.height - placed.length * gap);
    // Once one waits, every later one waits too, so toasts appear in the order they came.
    if (!fitsAcross || y < top || queued.length > 0) queued.push(id);
    else placed.push({ id, bounds: { x, y, width: size.width, height: size.height } });
  }
  return { placed, queued };
}

/** Where a toast slides in from and out to: just below its place, by its height and the margin. */
export function entryBounds(target: Rect, { margin }: StackOptions = DEFAULT_STACK): Rect {
  return { ...target, y: target.y + target.height + margin };
}

/** Fast at first, settling gently: the slide's progress at time t in [0, 1]. */
export function easeOutCubic(t: number): number {
  const clamped = Math.min(1, Math.max(0, t));
  return 1 - (1 - clamped) ** 3;
}

/** The bounds of each animation step from one rectangle to another; the last step is exactly `to`. */
export function slideFrames(from: Rect, to: Rect, steps: number): Rect[] {
  const count = Math.max(1, Math.floor(steps));
  const frames: Rect[] = [];
  for (let i = 1; i <= count; i++) {
    const p = easeOutCubic(i / count);
    frames.push({
      x: Math.round(from.x + (to.x - from.x) * p),
      y: Math.round(from.y + (to.y - from.y) * p),
      width: Math.round(from.width + (to.width - from.width) * p),
      height: Math.round(from.height + (to.height - from.height) * p),
    });
  }
  return frames;
}

export function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}
