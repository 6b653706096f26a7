// Options holds every tab's edits until Apply or OK. A tab that holds unapplied edits puts the function that
// applies them in its PendingApply (and null once there are none); the dialog calls it on Apply and OK.
import { useEffect, useMemo, useState, type RefObject } from 'react';

/** Resolves to whether the edits were saved; a refusal is shown on the tab itself, in one sentence. */
export type ApplyEdits = () => Promise<boolean>;

/** What a tab sets while it holds edits not yet applied. */
export type PendingApply = RefObject<ApplyEdits | null>;

/**
 * A PendingApply for the dialog, and whether its tab holds edits now: setting it re-renders the dialog, so
 * Apply is enabled exactly while something changed.
 */
export function usePendingApply(): [PendingApply, boolean] {
  const [held, setHeld] = useState(false);
  const pending = useMemo(() => {
    let current: ApplyEdits | null = null;
    return {
      get current() {
        return current;
      },
      set current(apply: ApplyEdits | null) {
        current = apply;
        setHeld(apply !== null);
      },
    };
  }, []);
  return [pending, held];
}

/** For a tab: offers `apply` to the dialog while it is not null, and withdraws it when the tab goes. */
export function useOfferEdits(pending: PendingApply | undefined, apply: ApplyEdits | null): void {
  // Set after every render (apply closes over the latest edits), cleared only when the tab goes: clearing
  // and setting again on each render would make the dialog render twice for nothing.
  useEffect(() => {
    if (pending) pending.current = apply;
  });
  useEffect(
    () => () => {
      if (pending) pending.current = null;
    },
    [pending],
  );
}
