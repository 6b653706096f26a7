// A contact's Properties: name, address, status, the lists they are on (in words), the phone numbers
// they share (BPR) and whether they accept pages. Read from the store, so a BPR or a status change while
// it is open shows at once.
import type { Contact } from '../../../app/types';
import { acceptsPages, sharedPhones } from '../../phones';
import { displayName, isOnline, statusWords } from '../../status';
import { keyOf, useContacts } from '../../stores/contacts';
import { useCloseWindow } from '../windowContext';

/** The lists a person is on, as sentences about them; the allow and block lists as one line. */
export function listWords(contact: Pick<Contact, 'lists'>): string[] {
  const on = (list: Contact['lists'][number]) => contact.lists.includes(list);
  const words: string[] = [];
  if (on('FL')) words.push('On your contact list');
  if (on('BL')) words.push('Blocked');
  else if (on('AL')) words.push('Can see you and contact you');
  if (on('RL')) words.push('Has you on their list');
  return words;
}

export function Properties({ email }: { email: string }) {
  const close = useCloseWindow();
  const contact = useContacts((s) => s.byEmail[keyOf(email)]);
  const name = displayName({ email, nickname: contact?.nickname ?? '' });
  const phones = contact ? sharedPhones(contact.phones) : [];
  const lists = contact ? listWords(contact) : [];

  return (
    <div className="dialog properties">
      <dl className="property-list">
        <div>
          <dt>Name</dt>
          <dd>{name}</dd>
        </div>
        <div>
          <dt>E-mail address</dt>
          <dd>{contact?.email ?? email}</dd>
        </div>
        {contact && (
          <div>
            <dt>Status</dt>
            <dd>{isOnline(contact.status) ? statusWords(contact.status) : 'Not online'}</dd>
          </div>
        )}
        <div>
          <dt>Lists</dt>
          <dd>
            {lists.length > 0 ? (
              <ul className="plain-list">
                {lists.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : (
              'Not on any of your lists'
            )}
          </dd>
        </div>
      </dl>
      <fieldset className="group">
        <legend>Phone numbers</legend>
        {phones.length > 0 ? (
          <dl className="phone-list" aria-label={`Phone numbers ${name} shares`}>
            {phones.map((p) => (
              <div key={p.key}>
                <dt>{p.label}</dt>
                <dd>{p.number}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="hint">{name} has not shared any phone numbers.</p>
        )}
        <p className="hint pages-line">
          {contact && acceptsPages(contact.phones)
            ? `${name} accepts pages on a mobile device.`
            : `${name} does not accept pages.`}
        </p>
      </fieldset>
      {!contact && <p className="hint">{email} is no longer on any of your lists.</p>}
      <div className="buttons">
        <button type="button" className="default" onClick={close} autoFocus>
          OK
        </button>
      </div>
    </div>
  );
}
