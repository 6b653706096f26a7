// The right-click menu of a contact: what you can do with this person right now.
import type { Contact } from '../../app/types';
import { block, openConversation, openDialog, removeContact, unblock } from '../actions';
import { displayName, isBlocked, isOnline } from '../status';
import type { MenuEntry } from './Menu';

export function contactMenuEntries(contact: Contact): MenuEntry[] {
  const { email } = contact;
  const online = isOnline(contact.status);
  const name = displayName(contact);
  const entries: MenuEntry[] = [
    { type: 'item', label: 'Send an Instant Message', onSelect: () => void openConversation([email]) },
    {
      type: 'item',
      label: 'Send a File…',
      disabled: !online,
      title: online ? undefined : `You can send a file only while ${name} is online.`,
      // The transfer itself arrives with the conversation window; for now it opens the conversation.
      onSelect: () => void openConversation([email]),
    },
  ];
  if (contact.phones.MOB === 'Y')
    entries.push({ type: 'item', label: 'Page…', onSelect: () => openDialog('page', email) });
  entries.push(
    { type: 'item', label: 'View Phone Numbers', onSelect: () => openDialog('phones', email) },
    { type: 'separator' },
    isBlocked(contact)
      ? { type: 'item', label: 'Unblock', onSelect: () => unblock(email) }
      : { type: 'item', label: 'Block', onSelect: () => block(email) },
    { type: 'item', label: 'Delete Contact', onSelect: () => removeContact(email) },
  );
  return entries;
}
