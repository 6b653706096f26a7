// Where an inline child window may go: dragging keeps it inside the desktop area of the page.

export interface Point {
  left: number;
  top: number;
}

export interface Size {
  width: number;
  height: number;
}

/**
 * Clamps a window's top-left corner so the whole window stays inside the desktop. A window larger than the
 * desktop keeps its top-left corner (and so its title bar and close button) in view.
 */
export function clampToDesktop(pos: Point, win: Size, desktop: Size): Point {
  const clamp = (v: number, max: number) => Math.max(0, Math.min(v, Math.max(0, max)));
  return {
    left: clamp(pos.left, desktop.width - win.width),
    top: clamp(pos.top, desktop.height - win.height),
  };
}
