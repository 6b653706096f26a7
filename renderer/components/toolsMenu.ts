// The Tools menu, as 3.0 had it: reaching someone (an instant message or a page, each asking whom), the
// member services (search the directory, invite a friend, the pages received) and the server's web pages,
// then Options. Signed out, all but Options stay in place, greyed.
import { openDialog, openService } from '../actions';
import type { MenuEntry } from './Menu';

const OPTIONS: MenuEntry = { type: 'item', label: 'Options…', onSelect: () => openDialog('options') };

const greyed = (label: string): MenuEntry => ({
  type: 'item',
  label,
  disabled: true,
  title: 'Sign in first.',
});

/** `anyonePageable`: someone on your list accepts pages (BPR MOB Y). */
export function toolsMenuEntries(online: boolean, anyonePageable: boolean): MenuEntry[] {
  if (!online) {
    return [
      greyed('Send an Instant Message…'),
      greyed('Send a Page…'),
      greyed('Search for a Contact…'),
      greyed('Invite a Friend by E-mail…'),
      greyed('Pages Received…'),
      { type: 'separator' },
      greyed('MSN Web Services'),
      { type: 'separator' },
      OPTIONS,
    ];
  }
  const page: MenuEntry = anyonePageable
    ? { type: 'item', label: 'Send a Page…', onSelect: () => openDialog('page') }
    : { type: 'item', label: 'Send a Page…', disabled: true, title: 'No one on your list accepts pages.' };
  return [
    { type: 'item', label: 'Send an Instant Message…', onSelect: () => openDialog('sendMessage') },
    page,
    { type: 'item', label: 'Search for a Contact…', onSelect: () => openDialog('findMember') },
    { type: 'item', label: 'Invite a Friend by E-mail…', onSelect: () => openDialog('invite') },
    { type: 'item', label: 'Pages Received…', onSelect: () => openDialog('pages') },
    { type: 'separator' },
    {
      type: 'item',
      label: 'MSN Web Services',
      submenu: [
        { type: 'item', label: 'Change My Password…', onSelect: () => openService('PASSWORD') },
        { type: 'item', label: 'My Account Details…', onSelect: () => openService('PERSON') },
        { type: 'item', label: 'My Member Directory Profile…', onSelect: () => openService('PROFILE') },
        { type: 'separator' },
        { type: 'item', label: 'Set Up MSN Mobile…', onSelect: () => openService('MOBILE') },
        { type: 'item', label: 'MSN Mobile Settings…', onSelect: () => openService('CHGMOB') },
      ],
    },
    { type: 'separator' },
    OPTIONS,
  ];
}

/** The Hotmail entries of the File menu (3.0 put the inbox there). */
export function mailMenuEntries(online: boolean): MenuEntry[] {
  if (!online) return [];
  return [
    { type: 'item', label: 'Open Hotmail Inbox', onSelect: () => openService('INBOX') },
    { type: 'item', label: 'Open Hotmail Folders', onSelect: () => openService('FOLDERS') },
  ];
}
