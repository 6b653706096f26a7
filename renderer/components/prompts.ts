// The main window opens the dialogs that main's state asks for: one "has added you" per pending add (while
// you asked to be alerted) and the verify dialog when the server wants a verified account.
import { useEffect, useRef } from 'react';
import { openDialog } from '../actions';
import { keyOf, useContacts } from '../stores/contacts';
import { useSession } from '../stores/session';

/** Pending adds already shown in this session: Cancel leaves them pending without asking again. */
const asked = new Set<string>();

export function usePrompts(): void {
  const pending = useContacts((s) => s.pendingAdds);
  const alert = useContacts((s) => s.privacy.gtc === 'A');
  const needsVerification = useSession((s) => s.session.needsVerification);
  const phase = useSession((s) => s.session.phase);
  const verifyShown = useRef(false);

  useEffect(() => {
    if (phase !== 'online' || !alert) return;
    for (const p of pending) {
      const key = keyOf(p.email);
      if (asked.has(key)) continue;
      asked.add(key);
      openDialog('added', p.email);
    }
  }, [pending, alert, phase]);

  useEffect(() => {
    if (phase === 'signedOut' && !needsVerification) asked.clear();
  }, [phase, needsVerification]);

  useEffect(() => {
    if (needsVerification && !verifyShown.current) openDialog('verify');
    verifyShown.current = needsVerification;
  }, [needsVerification]);
}
