// The main window: the sign-in form while signed out, the contact list while online (greyed, under
// "Reconnecting…" and Cancel, while main signs in again after the connection dropped), with the menu bar
// and the notices in all.
import { useEffect, useState } from 'react';
import type { SessionPhase } from '../../app/contract';
import type { Contact } from '../../app/types';
import { cancelSignIn, openConversation, openDialog, openWindow, signOut } from '../actions';
import { useShallow } from 'zustand/react/shallow';
import { keyOf, selectSections, useContacts } from '../stores/contacts';
import { reconnectLine, selectPhase, selectSelf, useSession } from '../stores/session';
import { askToDelete, useUi } from '../stores/ui';
import { displayName, statusBarText } from '../status';
import { ButterflyMark } from './ButterflyMark';
import { ConfirmDelete } from './ConfirmDelete';
import { ContactList } from './ContactList';
import { HotmailLine } from './HotmailLine';
import { AlertsLine } from './AlertsLine';
import type { MenuEntry } from './Menu';
import { MenuBar, type MenuBarMenu } from './MenuBar';
import { Notices } from './Notices';
import { usePrompts } from './prompts';
import { useInspectorShortcut } from './inspector/shortcut';
import { SelfHeader, statusMenuEntries } from './SelfHeader';
import { SignIn } from './SignIn';
import { mailMenuEntries, toolsMenuEntries } from './toolsMenu';

/** How many people the File menu's "Send an Instant Message" lists at most. */
const IM_MENU_MAX = 20;

interface FileMenuState {
  phase: SessionPhase;
  status: string;
  browser: boolean;
  /** The online people, in list order. */
  onlineContacts: readonly Pick<Contact, 'email' | 'nickname'>[];
  /** The selected contact's address, if any. */
  selected: string | null;
  /** People on your list who accept pages, for Tools ▸ Send a Page. */
  pageable: readonly Pick<Contact, 'email' | 'nickname'>[];
}

/** Puts focus in the sign-in form's first field. */
function focusSignIn(): void {
  document.querySelector<HTMLElement>('.signin-form :is(input, select, button):enabled')?.focus();
}

function fileMenuEntries(state: FileMenuState): MenuEntry[] {
  const close: MenuEntry = state.browser
    ? { type: 'item', label: 'Close', disabled: true, title: 'Close the browser tab to leave Butterfly.' }
    : { type: 'item', label: 'Close', onSelect: () => window.close() };
  // Signing out stops the tries, as Cancel does, and closes the conversations as any sign-out.
  if (state.phase === 'reconnecting')
    return [{ type: 'item', label: 'Sign Out', onSelect: signOut }, { type: 'separator' }, close];
  if (state.phase !== 'online') {
    return [
      {
        type: 'item',
        label: 'Sign In',
        disabled: state.phase !== 'signedOut',
        title:
          state.phase === 'signedOut'
            ? undefined
            : state.phase === 'signingOut'
              ? 'Butterfly is signing out.'
              : 'Butterfly is signing in.',
        onSelect: focusSignIn,
      },
      { type: 'separator' },
      close,
    ];
  }
  const people = state.onlineContacts.slice(0, IM_MENU_MAX);
  const im: MenuEntry =
    people.length > 0
      ? {
          type: 'item',
          label: 'Send an Instant Message',
          submenu: people.map((c) => ({
            type: 'item',
            key: keyOf(c.email),
            label: displayName(c),
            title: c.email,
            onSelect: () => void openConversation([c.email]),
          })),
        }
      : {
          type: 'item',
          label: 'Send an Instant Message',
          disabled: true,
          title: 'No one on your list is online.',
        };
  const selected = state.selected;
  return [
    im,
    { type: 'separator' },
    ...mailMenuEntries(true),
    { type: 'item', label: 'Sign Out', onSelect: signOut },
    { type: 'item', label: 'My Status', submenu: statusMenuEntries(state.status) },
    { type: 'separator' },
    { type: 'item', label: 'Add a Contact…', onSelect: () => openDialog('addContact') },
    selected
      ? { type: 'item', label: 'Delete Contact', onSelect: () => askToDelete(selected) }
      : {
          type: 'item',
          label: 'Delete Contact',
          disabled: true,
          title: 'Select a contact in the list first.',
        },
    { type: 'separator' },
    close,
  ];
}

function menusFor(state: FileMenuState): MenuBarMenu[] {
  return [
    { label: 'File', entries: fileMenuEntries(state) },
    { label: 'Tools', entries: toolsMenuEntries(state.phase === 'online', state.pageable) },
    {
      label: 'Help',
      entries: [
        { type: 'item', label: 'Protocol Inspector', title: 'Ctrl+Shift+I', onSelect: () => openWindow({ kind: 'inspector' }) },
        { type: 'separator' },
        { type: 'item', label: 'About', onSelect: () => openDialog('about') },
      ],
    },
  ];
}

const NO_PEOPLE: string[] = [];

/** [email, nickname, email, nickname…] (a shallow-comparable selection) as people. */
function pairs(flat: readonly string[]): Pick<Contact, 'email' | 'nickname'>[] {
  const people: Pick<Contact, 'email' | 'nickname'>[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) people.push({ email: flat[i]!, nickname: flat[i + 1]! });
  return people;
}

/** Why the connection dropped, when the next try comes (counting down), and Cancel. */
function Reconnecting() {
  const session = useSession((s) => s.session);
  const retryAt = session.reconnect?.retryAt ?? null;
  // Redrawn a few times a second while a try is awaited, so the seconds count down.
  const [, setTick] = useState(0);
  useEffect(() => {
    if (retryAt === null) return;
    const timer = setInterval(() => setTick((n) => n + 1), 250);
    return () => clearInterval(timer);
  }, [retryAt]);
  return (
    <div className="reconnect" role="group" aria-label="Reconnecting">
      <div className="reconnect-text">
        {session.error && <p role="status">{session.error}</p>}
        <p className="reconnect-when">{reconnectLine(session, Date.now())}</p>
      </div>
      <button type="button" onClick={cancelSignIn}>
        Cancel
      </button>
    </div>
  );
}

export function MainWindow() {
  const loaded = useSession((s) => s.loaded);
  const phase = useSession(selectPhase);
  const self = useSession(selectSelf);
  const browser = useSession((s) => s.environment === 'browser');
  const protocol = useSession((s) => s.protocol);
  usePrompts();
  useInspectorShortcut();

  const online = phase === 'online' && self !== null;
  const reconnecting = phase === 'reconnecting';
  // Only what the File menu shows (address and name of the first online people), so a status change of
  // someone else re-renders their row, not this window.
  const flat = useContacts(
    useShallow((s) =>
      online
        ? selectSections(s)
            .online.slice(0, IM_MENU_MAX)
            .flatMap((k) => {
              const c = s.byEmail[k];
              return c ? [c.email, c.nickname] : [];
            })
        : NO_PEOPLE,
    ),
  );
  const pageableFlat = useContacts(
    useShallow((s) =>
      online
        ? s.ids
            .filter((k) => s.byEmail[k]?.phones.MOB === 'Y' && s.byEmail[k]?.lists.includes('FL'))
            .slice(0, IM_MENU_MAX)
            .flatMap((k) => [s.byEmail[k]!.email, s.byEmail[k]!.nickname])
        : NO_PEOPLE,
    ),
  );
  const onlineContacts = pairs(flat);
  const pageable = pairs(pageableFlat);
  const selected = useUi((s) => s.selectedContact);
  const selectedKnown = useContacts((s) => selected !== null && selected in s.byEmail);
  const menus = menusFor({
    phase: phase === 'online' && !online ? 'signingIn' : phase,
    status: self?.status ?? 'FLN',
    browser,
    onlineContacts,
    selected: online && selected && selectedKnown ? selected : null,
    pageable,
  });
  return (
    <div className="main-window">
      <MenuBar menus={menus} />
      <div className="main-body">
        {!loaded ? (
          <p className="loading" role="status">
            Starting Butterfly…
          </p>
        ) : online || (reconnecting && self !== null) ? (
          <>
            {reconnecting && <Reconnecting />}
            <div className={`contact-pane${reconnecting ? ' stale' : ''}`}>
              <header className="banner small">
                <ButterflyMark size={24} />
                <h1>Butterfly</h1>
              </header>
              <SelfHeader />
              <HotmailLine />
              <AlertsLine />
              <ContactList stale={reconnecting} />
            </div>
            {!reconnecting && <ConfirmDelete />}
          </>
        ) : reconnecting ? (
          <Reconnecting />
        ) : (
          <SignIn />
        )}
        <Notices />
      </div>
      <footer className="status-bar">
        <span className="panel">{statusBarText(online, self?.status ?? 'FLN', protocol, phase)}</span>
      </footer>
    </div>
  );
}
