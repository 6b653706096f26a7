// The main window's menus, shaped as 3.0's: File (signing in and out, your status, reaching people, the
// received files, the list, Close and Exit), Tools (renderer/components/toolsMenu.ts) and Help. Entries
// that need you signed in stay in place, greyed, with the reason as their tooltip.
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SessionPhase } from '../../app/contract';
import type { Contact } from '../../app/types';
import { openConversation, openDialog, openReceivedFolder, openWindow, quit, signOut } from '../actions';
import { sendEmail } from '../conversationActions';
import { displayName, fullName } from '../status';
import { keyOf, selectSections, useContacts } from '../stores/contacts';
import { askToDelete, useUi } from '../stores/ui';
import { sendFileTo } from './contactMenu';
import type { MenuEntry } from './Menu';
import type { MenuBarMenu } from './MenuBar';
import { statusMenuEntries } from './SelfHeader';
import { mailMenuEntries, toolsMenuEntries } from './toolsMenu';

/** How many people a File submenu (Send an Instant Message, Send a File to, Send Mail) lists at most. */
const PEOPLE_MENU_MAX = 20;

export const SIGN_IN_FIRST = 'Sign in first.';

type Person = Pick<Contact, 'email' | 'nickname'>;

export interface MainMenuState {
  phase: SessionPhase;
  status: string;
  browser: boolean;
  /** The online people, in list order. */
  onlineContacts: readonly Person[];
  /** Everyone on your list, online first: e-mail reaches people who are not online too. */
  listContacts: readonly Person[];
  /** The selected contact's address, if any. */
  selected: string | null;
  /** Whether anyone on your list accepts pages (Tools ▸ Send a Page…). */
  anyonePageable: boolean;
}

/** Puts focus in the sign-in form's first field. */
function focusSignIn(): void {
  document.querySelector<HTMLElement>('.signin-form :is(input, select, button):enabled')?.focus();
}

const greyed = (label: string, title = SIGN_IN_FIRST): MenuEntry => ({
  type: 'item',
  label,
  disabled: true,
  title,
});

/** A submenu of people, or the item greyed with `nobody` as its reason when there is no one. */
function peopleMenu(
  label: string,
  people: readonly Person[],
  nobody: string,
  act: (email: string) => void,
): MenuEntry {
  if (people.length === 0) return greyed(label, nobody);
  return {
    type: 'item',
    label,
    submenu: people.slice(0, PEOPLE_MENU_MAX).map((c) => ({
      type: 'item',
      key: keyOf(c.email),
      label: displayName(c),
      title: fullName(c),
      onSelect: () => act(c.email),
    })),
  };
}

function signInEntry(phase: SessionPhase): MenuEntry {
  if (phase === 'signedOut') return { type: 'item', label: 'Sign In', onSelect: focusSignIn };
  return greyed('Sign In', phase === 'signingOut' ? 'Butterfly is signing out.' : 'Butterfly is signing in.');
}

export function fileMenuEntries(state: MainMenuState): MenuEntry[] {
  const online = state.phase === 'online';
  const ending: MenuEntry[] = [
    { type: 'separator' },
    state.browser
      ? { type: 'item', label: 'Close', disabled: true, title: 'Close the browser tab to leave Butterfly.' }
      : { type: 'item', label: 'Close', onSelect: () => window.close() },
    // The page cannot close its own tab: Exit there signs out and says the tab can go.
    {
      type: 'item',
      label: 'Exit',
      title: state.browser ? 'Sign out; then you can close the tab.' : undefined,
      onSelect: () => void quit(),
    },
  ];
  // Desktop: the folder itself; the page cannot open a folder, so it lists this session's files.
  const received: MenuEntry = {
    type: 'item',
    label: 'Open Received Files',
    onSelect: state.browser ? () => openDialog('receivedFiles') : openReceivedFolder,
  };
  // Signing out stops the tries, as Cancel does, and closes the conversations as any sign-out.
  if (state.phase === 'reconnecting')
    return [
      { type: 'item', label: 'Sign Out', onSelect: signOut },
      { type: 'separator' },
      received,
      ...ending,
    ];
  if (!online) {
    return [
      signInEntry(state.phase),
      greyed('My Status'),
      { type: 'separator' },
      greyed('Send an Instant Message'),
      greyed('Send a File to'),
      greyed('Send Mail'),
      received,
      { type: 'separator' },
      greyed('Add a Contact…'),
      greyed('Delete Contact'),
      ...ending,
    ];
  }
  const selected = state.selected;
  const nobodyOnline = 'No one on your list is online.';
  return [
    { type: 'item', label: 'Sign Out', onSelect: signOut },
    { type: 'item', label: 'My Status', submenu: statusMenuEntries(state.status) },
    { type: 'separator' },
    peopleMenu(
      'Send an Instant Message',
      state.onlineContacts,
      nobodyOnline,
      (e) => void openConversation([e]),
    ),
    peopleMenu('Send a File to', state.onlineContacts, nobodyOnline, sendFileTo),
    peopleMenu('Send Mail', state.listContacts, 'No one is on your list yet.', (e) => sendEmail(e)),
    ...mailMenuEntries(true),
    received,
    { type: 'separator' },
    { type: 'item', label: 'Add a Contact…', onSelect: () => openDialog('addContact') },
    selected
      ? { type: 'item', label: 'Delete Contact', onSelect: () => askToDelete(selected) }
      : greyed('Delete Contact', 'Select a contact in the list first.'),
    ...ending,
  ];
}

export function helpMenuEntries(): MenuEntry[] {
  return [
    { type: 'item', label: 'Help Topics', title: 'F1', onSelect: () => openDialog('help') },
    { type: 'separator' },
    {
      type: 'item',
      label: 'Protocol Inspector',
      title: 'Ctrl+Shift+I',
      onSelect: () => openWindow({ kind: 'inspector' }),
    },
    { type: 'separator' },
    { type: 'item', label: 'About', onSelect: () => openDialog('about') },
  ];
}

export function menusFor(state: MainMenuState): MenuBarMenu[] {
  return [
    { label: 'File', entries: fileMenuEntries(state) },
    { label: 'Tools', entries: toolsMenuEntries(state.phase === 'online', state.anyonePageable) },
    { label: 'Help', entries: helpMenuEntries() },
  ];
}

const NO_PEOPLE: string[] = [];

/** [email, nickname, email, nickname…] (a shallow-comparable selection) as people. */
function pairs(flat: readonly string[]): Person[] {
  const people: Person[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) people.push({ email: flat[i]!, nickname: flat[i + 1]! });
  return people;
}

/**
 * The people the File menu lists, as a flat shallow-compared selection, so a status change of someone else
 * re-renders their row, not the main window.
 */
export function useMenuPeople(
  online: boolean,
): Pick<MainMenuState, 'onlineContacts' | 'listContacts' | 'selected' | 'anyonePageable'> {
  const onlineFlat = useContacts(
    useShallow((s) =>
      online
        ? selectSections(s)
            .online.slice(0, PEOPLE_MENU_MAX)
            .flatMap((k) => {
              const c = s.byEmail[k];
              return c ? [c.email, c.nickname] : [];
            })
        : NO_PEOPLE,
    ),
  );
  const listFlat = useContacts(
    useShallow((s) => {
      if (!online) return NO_PEOPLE;
      const { online: on, offline } = selectSections(s);
      return [...on, ...offline].slice(0, PEOPLE_MENU_MAX).flatMap((k) => {
        const c = s.byEmail[k];
        return c ? [c.email, c.nickname] : [];
      });
    }),
  );
  const anyonePageable = useContacts(
    (s) =>
      online && s.ids.some((k) => s.byEmail[k]?.phones.MOB === 'Y' && s.byEmail[k]?.lists.includes('FL')),
  );
  const selected = useUi((s) => s.selectedContact);
  const selectedKnown = useContacts((s) => selected !== null && selected in s.byEmail);
  return {
    onlineContacts: pairs(onlineFlat),
    listContacts: pairs(listFlat),
    selected: online && selected && selectedKnown ? selected : null,
    anyonePageable,
  };
}

/** F1 in the main window opens Help Topics, as Help ▸ Help Topics does. */
export function useHelpShortcut(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F1' || e.ctrlKey || e.shiftKey || e.altKey || e.metaKey) return;
      e.preventDefault();
      openDialog('help');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
