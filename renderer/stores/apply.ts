// How main's snapshot and events land in the stores. Pure of the bridge (renderer/events.ts wires it), so
// unit tests drive it without a window.
import type { AppSnapshot, MessengerEvent } from '../../app/contract';
import { applyContactChanges, contactsFromAccount, useContacts, type ContactChange } from './contacts';
import {
  applyConversation,
  applyConversationSnapshot,
  applyInvitation,
  applyLines,
  clearConversations,
  endConversations,
} from './conversations';
import { sessionFromAccount, useSession } from './session';
import { useInspector } from './inspector';
import { useUi, windowsAfterSignOut } from './ui';

/** Replaces everything with a snapshot (a window's start, or a late window catching up). */
export function applySnapshot(snapshot: AppSnapshot): void {
  useSession.setState({
    loaded: true,
    session: snapshot.session,
    settings: snapshot.settings,
    environment: snapshot.environment,
    signOutAfterMinutes: snapshot.signOutAfterMinutes ?? 0,
    version: snapshot.version,
    ...sessionFromAccount(snapshot.account),
    pages: snapshot.pages,
  });
  useContacts.setState(contactsFromAccount(snapshot.account));
  useUi.setState({ toasts: snapshot.toasts });
  applyConversationSnapshot(snapshot.conversations, snapshot.invitations);
}

/** Several contact events in one store update (a sign-in delivers thousands). */
export function applyContactBatch(changes: readonly ContactChange[]): void {
  if (changes.length === 0) return;
  useContacts.setState((s) => applyContactChanges(s, changes));
}

/** Events that change state. 'sound' and 'notice' are one-shot effects, handled by renderer/events.ts. */
export type StateEvent = Exclude<MessengerEvent, { type: 'sound' } | { type: 'notice' } | { type: 'window' }>;

export function isStateEvent(event: MessengerEvent): event is StateEvent {
  return event.type !== 'sound' && event.type !== 'notice' && event.type !== 'window';
}

export function applyEvent(event: StateEvent): void {
  switch (event.type) {
    case 'session':
      useSession.setState({ session: event.session });
      return;
    case 'account':
      useSession.setState(sessionFromAccount(event.account));
      useContacts.setState(contactsFromAccount(event.account));
      // Signed out: a question about a contact would only fail now (browser mode). Conversations go too
      // when the person chose to sign out; when the session ended on its own they stay readable, so the
      // messages it cut off show as not delivered.
      if (!event.account) {
        const chosen = useSession.getState().session.error === '';
        useUi.setState((s) => ({ windows: windowsAfterSignOut(s.windows, chosen) }));
        if (chosen) clearConversations();
        else endConversations();
      }
      return;
    case 'contact':
      applyContactBatch([{ contact: event.contact, removed: event.removed }]);
      return;
    case 'self':
      useSession.setState({ self: event.self });
      return;
    case 'privacy':
      useContacts.setState({ privacy: event.privacy });
      return;
    case 'pendingAdds':
      useContacts.setState({ pendingAdds: event.pendingAdds });
      return;
    case 'mail':
      useSession.setState({ mail: event.mail });
      return;
    case 'alerts':
      useSession.setState({ alerts: event.alerts });
      return;
    case 'pages':
      useSession.setState({ pages: event.pages });
      return;
    case 'settings':
      useSession.setState({ settings: event.settings });
      return;
    case 'toasts':
      useUi.setState({ toasts: event.toasts });
      return;
    case 'conversation':
      applyConversation(event.conversation);
      return;
    case 'line':
      applyLines(event.conversationId, [event.line]);
      return;
    case 'invitation':
      applyInvitation(event.invitation);
      return;
    case 'inspector':
      useInspector.setState({ lastId: event.lastId, total: event.total });
      return;
  }
}
