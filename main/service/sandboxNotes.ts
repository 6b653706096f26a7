// The built-in sandbox's contacts carry what they do (Contact.note) beside a plain name; the note comes from
// the cast's own table, never from the wire, and only for a session signed in to the built-in sandbox.
import type { MessengerEvent } from '../../app/contract';
import type { AccountSnapshot, Contact } from '../../app/types';
import { BUILT_IN_NOTES } from '../sandbox/builtIn';

function noteContact(contact: Contact): Contact {
  const note = BUILT_IN_NOTES.get(contact.email.toLowerCase());
  return note === undefined ? contact : { ...contact, note };
}

export function noteAccount(account: AccountSnapshot): AccountSnapshot {
  return { ...account, contacts: account.contacts.map(noteContact) };
}

export function noteEvent(event: MessengerEvent): MessengerEvent {
  return event.type === 'contact' ? { ...event, contact: noteContact(event.contact) } : event;
}
