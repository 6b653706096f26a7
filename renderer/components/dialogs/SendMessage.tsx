// Tools ▸ Send an Instant Message…: whom to write to, as 3.0 asked: one of the contacts online, or an
// address typed in. Only someone online can be sent an instant message; the dialog says so itself.
import { useId, useState, type FormEvent } from 'react';
import { openConversation } from '../../actions';
import { isOnline } from '../../status';
import { keyOf, useContacts } from '../../stores/contacts';
import { useContactItems } from '../contactItems';
import { PickList } from '../PickList';
import { useCloseWindow } from '../windowContext';
import { EMAIL } from './AddContact';

export function SendMessage() {
  const id = useId();
  const close = useCloseWindow();
  const items = useContactItems((_, online) => online);
  const [selected, setSelected] = useState<string | null>(null);
  const [address, setAddress] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const typed = address.trim();
  const contactOf = useContacts((s) => (typed ? s.byEmail[keyOf(typed)] : undefined));

  const start = async (email: string) => {
    setBusy(true);
    const conversation = await openConversation([email]);
    setBusy(false);
    if (conversation) close();
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    // A typed address wins over the list, as it is the last thing the person did.
    if (typed) {
      if (!EMAIL.test(typed)) return setError(`"${typed}" is not an e-mail address. Check it and try again.`);
      if (!contactOf || !isOnline(contactOf.status))
        return setError(`${typed} is not online, so you cannot send an instant message now.`);
      return void start(contactOf.email);
    }
    const chosen = items.find((i) => i.key === selected);
    if (!chosen?.title) return setError('Choose a contact who is online, or type an e-mail address.');
    void start(chosen.title);
  };

  return (
    <form className="dialog send-message" onSubmit={submit} noValidate>
      <p>Choose a contact who is online:</p>
      {items.length > 0 ? (
        <PickList
          label="Contacts currently online"
          items={items}
          selected={selected}
          onSelect={(key) => {
            setSelected(key);
            setAddress('');
            setError('');
          }}
          onActivate={(key) => {
            const email = items.find((i) => i.key === key)?.title;
            if (email) void start(email);
          }}
        />
      ) : (
        <p className="hint">No one on your list is online.</p>
      )}
      <label htmlFor={`${id}-address`}>Or type an e-mail address</label>
      <input
        id={`${id}-address`}
        type="email"
        value={address}
        readOnly={busy}
        aria-invalid={error && typed ? true : undefined}
        onChange={(e) => {
          setAddress(e.target.value);
          setError('');
        }}
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="buttons">
        <button type="submit" className="default" aria-disabled={busy || undefined}>
          OK
        </button>
        <button type="button" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}
