// The one place a window listens to main: it subscribes once, loads the snapshot, and feeds both into the
// stores. Events that arrive before the snapshot are replayed after it, so a late window loses nothing.
import type { MessengerEvent, WindowRoute } from '../app/contract';
import { api, environment, OPEN_WINDOW_EVENT } from './bridge';
import { startIdleReports, type SharedStore } from './idleReport';
import { playSound } from './sounds';
import { applyContactBatch, applyEvent, applySnapshot, isStateEvent, type StateEvent } from './stores/apply';
import type { ContactChange } from './stores/contacts';
import { useSession } from './stores/session';
import { pushNotice, requestAttention, showInlineWindow } from './stores/ui';
import type { ConversationLine } from '../app/conversation';

function isArrival(line: ConversationLine): boolean {
  return (line.kind === 'message' && line.direction === 'in') || line.kind === 'invitation';
}

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
          // The service opened it (a message arrived): in front, but focus stays where it is; it flashes.
          showInlineWindow(event.route, false);
          if (event.route.kind === 'conversation') requestAttention(event.route);
        }
      } else {
        pushNotice(event.message);
      }
      return;
    }
    if (buffered) buffered.push(event);
    else handle(event);
    // Something from someone else in a conversation window that is open but not looked at: it flashes.
    if (environment === 'browser' && event.type === 'line' && isArrival(event.line))
      requestAttention({ kind: 'conversation', id: event.conversationId });
  });

  if (environment === 'browser') {
    startIdleReports(window, (idleMs) => api.reportActivity(idleMs), pageStorage());
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
        // Browser mode after a reload: the conversations whose windows were open show again.
        if (environment === 'browser')
          for (const c of snapshot.conversations)
            if (c.windowOpen) showInlineWindow({ kind: 'conversation', id: c.id }, false);
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

/** The page's localStorage, which its tabs share, or null where the browser refuses it. */
function pageStorage(): SharedStore | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
