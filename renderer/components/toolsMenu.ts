// The Tools menu while signed in, as 3.0 had it: the member services (search the directory, invite a
// friend, page a mobile device, the pages received) and the server's web pages, then Options.
import type { Contact } from '../../app/types';
import { openDialog, openService } from '../actions';
import { displayName } from '../status';
import { keyOf } from '../stores/contacts';
import type { MenuEntry } from './Menu';

const OPTIONS: MenuEntry = { type: 'item', label: 'Options…', onSelect: () => openDialog('options') };

/** `pageable`: the people on your list who accept pages (BPR MOB Y), in list order. */
export function toolsMenuEntries(
  online: boolean,
  pageable: readonly Pick<Contact, 'email' | 'nickname'>[],
): MenuEntry[] {
  if (!online) return [OPTIONS];
  const page: MenuEntry =
    pageable.length > 0
      ? {
          type: 'item',
          label: 'Send a Page',
          submenu: pageable.map((c) => ({
            type: 'item',
            key: keyOf(c.email),
            label: displayName(c),
            title: c.email,
            onSelect: () => openDialog('page', c.email),
          })),
        }
      : { type: 'item', label: 'Send a Page', disabled: true, title: 'No one on your list accepts pages.' };
  return [
    { type: 'item', label: 'Search for a Contact…', onSelect: () => openDialog('findMember') },
    { type: 'item', label: 'Invite a Friend by E-mail…', onSelect: () => openDialog('invite') },
    page,
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
    { type: 'separator' },
  ];
}
