// The one place a window listens to main: it subscribes once, loads the snapshot, and feeds both into the
// stores. Events that arrive before the snapshot are replayed after it, so a late window loses nothing.
import type { MessengerEvent, WindowRoute } from '../app/contract';
import { api, environment, OPEN_WINDOW_EVENT } from './bridge';
import { playSound } from './sounds';
import { applyContactBatch, applyEvent, applySnapshot, isStateEvent, type StateEvent } from './stores/apply';
import type { ContactChange } from './stores/contacts';
import { rememberConversation } from './stores/conversations';
import { useSession } from './stores/session';
import { pushNotice, showInlineWindow } from './stores/ui';

/** Contact events of one burst (a sign-in's presence list) land in the store together. */
const CONTACT_BATCH_MS = 16;
const SNAPSHOT_RETRY_MS = 2000;

let started = false;
let pendingContacts: ContactChange[] = [];
let flushTimer: ReturnType<typeof setTimeout> | null = null;

function flushContacts(): void {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = null;
  const batch = pendingContacts;
  pendingContacts = [];
  applyContactBatch(batch);
}

function handle(event: StateEvent): void {
  if (event.type === 'contact') {
    pendingContacts.push({ contact: event.contact, removed: event.removed });
    flushTimer ??= setTimeout(flushContacts, CONTACT_BATCH_MS);
    return;
  }
  // Keep the order: queued contact changes first, then whatever replaces or follows them.
  flushContacts();
  applyEvent(event);
}

export interface StartOptions {
  /** Only the contact-list window plays sounds, so several open windows do not chime together. */
  playsSounds: boolean;
}

export function startEvents({ playsSounds }: StartOptions): void {
  if (started) return;
  started = true;
  useSession.setState({ environment });

  let buffered: StateEvent[] | null = [];
  api.subscribe((event: MessengerEvent) => {
    if (!isStateEvent(event)) {
      if (event.type === 'sound') {
        if (playsSounds && useSession.getState().settings.sounds) playSound(event.sound);
      } else if (event.type === 'window') {
        if (environment === 'browser' && event.route.kind !== 'contactList') {
          if (event.route.kind === 'conversation' && event.members)
            rememberConversation(event.route.id, event.members);
          // The service opened it (an incoming conversation): in front, but focus stays where it is.
          showInlineWindow(event.route, false);
        }
      } else {
        pushNotice(event.message);
      }
      return;
    }
    if (buffered) buffered.push(event);
    else handle(event);
  });

  if (environment === 'browser') {
    window.addEventListener(OPEN_WINDOW_EVENT, (e) => {
      const route = (e as CustomEvent<WindowRoute>).detail;
      if (route && route.kind !== 'contactList') showInlineWindow(route);
    });
  }

  let warned = false;
  const load = (): void => {
    api
      .getSnapshot()
      .then((snapshot) => {
        applySnapshot(snapshot);
        const replay = buffered ?? [];
        buffered = null;
        for (const event of replay) handle(event);
      })
      .catch(() => {
        if (!warned) pushNotice('Butterfly cannot reach its service right now. It keeps trying.');
        warned = true;
        setTimeout(load, SNAPSHOT_RETRY_MS);
      });
  };
  load();
}
