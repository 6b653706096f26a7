// How a window comes forward, decided from its state. Pure, so each case is unit-tested: a window the
// person asked for takes focus; one nobody asked for (a message arrived) appears without taking it, and
// flashes its taskbar button instead, as Messenger's conversation windows did.

/** What the factory reads from a window before showing it. */
export interface WindowState {
  /** Its page has drawn once ('ready-to-show'); before that, showing it would show an empty frame. */
  ready: boolean;
  visible: boolean;
  minimized: boolean;
  focused: boolean;
}

/** One call on the window, in order: restore(), show(), showInactive(), focus() or flashFrame(true). */
export type ShowStep = 'restore' | 'show' | 'showInactive' | 'focus' | 'flash';

/**
 * The steps that show a window. `focus` is false for a window nobody asked for: it never takes focus,
 * a minimized one stays minimized, and it flashes unless it already has focus. Before its page has drawn,
 * such a window waits for 'ready-to-show' (the factory asks again then); one the person asked for again
 * is shown at once, as it always was, so a page that never draws cannot hide it for good.
 */
export function showSteps(state: WindowState, focus: boolean): ShowStep[] {
  if (!state.ready) return focus ? ['show', 'focus'] : [];
  if (focus) return state.minimized ? ['restore', 'show', 'focus'] : ['show', 'focus'];
  // Checked before visibility: some platforms call a minimized window invisible, and showInactive() restores it.
  if (state.minimized) return ['flash'];
  if (!state.visible) return ['showInactive', 'flash'];
  return shouldFlash(state) ? ['flash'] : [];
}

/** Whether a window should flash for something new in it: it is showing (or minimized) and not focused. */
export function shouldFlash(state: WindowState): boolean {
  return state.ready && !state.focused;
}
