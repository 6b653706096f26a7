// "Are you sure you want to delete X from your contact list?" over the contact list, as 3.0 asked before
// Delete Contact (from the File menu or a contact's menu). Only Yes removes; No, Escape and Close keep.
import { useEffect } from 'react';
import { removeContact } from '../actions';
import { keyOf, useContacts } from '../stores/contacts';
import { askToDelete, useUi } from '../stores/ui';
import { displayName } from '../status';
import { MessageBox } from './MessageBox';

const contactListElement = () =>
  document.querySelector<HTMLElement>('.main-window [role="listbox"][aria-label="Contacts"]');

export function ConfirmDelete() {
  const email = useUi((s) => s.deleting);
  const contact = useContacts((s) => (email ? s.byEmail[keyOf(email)] : undefined));
  const listed = !!contact?.lists.includes('FL');

  // Signing out (or losing the connection) takes the question away with the list it was about.
  useEffect(() => () => askToDelete(null), []);

  // Someone who left the list meanwhile (removed from another place) needs no question any more.
  useEffect(() => {
    if (email && !listed) askToDelete(null);
  }, [email, listed]);

  if (!email || !contact || !listed) return null;
  const name = displayName(contact);
  const no = () => askToDelete(null);
  const yes = () => {
    askToDelete(null);
    removeContact(contact.email);
  };
  return (
    <MessageBox
      title="Delete Contact"
      role="alertdialog"
      onCancel={no}
      returnFocus={contactListElement}
      buttons={
        <>
          <button type="button" onClick={yes}>
            Yes
          </button>
          <button type="button" className="default" onClick={no} data-autofocus>
            No
          </button>
        </>
      }
    >
      <div className="msgbox-question">
        <span className="msgbox-icon" aria-hidden="true">
          ?
        </span>
        <p>
          Are you sure you want to delete <b>{name}</b> from your contact list?
        </p>
      </div>
    </MessageBox>
  );
}
