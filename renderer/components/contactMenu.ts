// The right-click menu of a contact: what you can do with this person right now.
import type { Contact } from '../../app/types';
import { block, openConversation, openDialog, unblock } from '../actions';
import { offerFile, sendEmail } from '../conversationActions';
import { useSession } from '../stores/session';
import { askToDelete } from '../stores/ui';
import { displayName, isBlocked, isOnline } from '../status';
import type { MenuEntry } from './Menu';

/**
 * Send a File from the list: the desktop opens the conversation and main's open dialog; the page asks
 * for the file first (a file chooser must open within the click), then opens the conversation and sends.
 */
export function sendFileTo(email: string): void {
  if (useSession.getState().environment === 'desktop') {
    void openConversation([email]).then((id) => (id ? offerFile(id) : undefined));
    return;
  }
  const input = document.createElement('input');
  input.type = 'file';
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) void openConversation([email]).then((id) => (id ? offerFile(id, file) : undefined));
  });
  input.click();
}

export function contactMenuEntries(contact: Contact): MenuEntry[] {
  const { email } = contact;
  const online = isOnline(contact.status);
  const name = displayName(contact);
  const notOnline = `${name} is not online; you can send e-mail instead.`;
  const entries: MenuEntry[] = [
    {
      type: 'item',
      label: 'Send an Instant Message',
      disabled: !online,
      title: online ? undefined : notOnline,
      onSelect: () => void openConversation([email]),
    },
    {
      type: 'item',
      label: 'Send a File…',
      disabled: !online,
      title: online ? undefined : `You can send a file only while ${name} is online.`,
      onSelect: () => sendFileTo(email),
    },
    { type: 'item', label: 'Send E-mail', onSelect: () => sendEmail(email) },
  ];
  if (contact.phones.MOB === 'Y')
    entries.push({ type: 'item', label: 'Page…', onSelect: () => openDialog('page', email) });
  entries.push(
    { type: 'item', label: 'Properties', onSelect: () => openDialog('properties', email) },
    { type: 'separator' },
    isBlocked(contact)
      ? { type: 'item', label: 'Unblock', onSelect: () => unblock(email) }
      : { type: 'item', label: 'Block', onSelect: () => block(email) },
    { type: 'item', label: 'Delete Contact', onSelect: () => askToDelete(email) },
  );
  return entries;
}
