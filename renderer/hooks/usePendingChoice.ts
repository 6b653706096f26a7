// A control that shows the person's choice at once while main asks the server: the choice stays
// "pending" until the call settles, and goes back to what the server holds (with the sentence as a
// notice) when it is refused. Without it a radio button only moves once the server has answered, which
// looks broken on a slow server and makes a click seem lost.
import { useCallback, useRef, useState } from 'react';
import { pushNotice } from '../stores/ui';

export interface PendingChoice<T> {
  /** What the control shows: the pending choice, else the confirmed value. */
  shown: T;
  pending: boolean;
  choose(value: T): void;
}

export function usePendingChoice<T>(confirmed: T, send: (value: T) => Promise<void>): PendingChoice<T> {
  const [pending, setPending] = useState<{ value: T } | null>(null);
  // Only the latest choice settles the control: an earlier call finishing late must not undo a later one.
  const latest = useRef(0);
  const choose = useCallback(
    (value: T) => {
      const ticket = ++latest.current;
      setPending({ value });
      send(value).then(
        () => {
          // The server's answer has reached the store by now (its event comes before the call's reply).
          if (ticket === latest.current) setPending(null);
        },
        (err: unknown) => {
          if (ticket !== latest.current) return;
          setPending(null);
          pushNotice(
            err instanceof Error && err.message ? err.message : 'Butterfly could not change that. Try again.',
          );
        },
      );
    },
    [send],
  );
  return { shown: pending ? pending.value : confirmed, pending: pending !== null, choose };
}
