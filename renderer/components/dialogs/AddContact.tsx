// Add a Contact: by e-mail address or sign-in name; or, as in 3.0, a search of the member directory instead.
// Someone who is not a member yet can be invited by e-mail.
import { useId, useRef, useState, type FormEvent } from 'react';
import { addContact, openDialog } from '../../actions';
import { useCloseWindow } from '../windowContext';

/** Enough of an address to try: something@somewhere, without spaces. */
export const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function AddContact() {
  const close = useCloseWindow();
  const id = useId();
  const [email, setEmail] = useState('');
  const [error, setError] = useState('');
  const [added, setAdded] = useState('');
  /** The address of the last add tried, for inviting it when it is not a member. */
  const [tried, setTried] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  /** Back to the address, selected, so it can be corrected or typed over. */
  const retype = () => {
    input.current?.focus();
    input.current?.select();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const address = email.trim();
    if (!EMAIL.test(address)) {
      setError(
        address
          ? `"${address}" is not an e-mail address. Check it and try again.`
          : 'Type the e-mail address of the person to add.',
      );
      retype();
      return;
    }
    if (busy) return;
    setBusy(true);
    setTried(address);
    const failed = await addContact(address);
    setBusy(false);
    setError(failed);
    if (failed) retype();
    else {
      setAdded(address);
      setEmail('');
    }
  };

  if (added) {
    return (
      <div className="dialog">
        <p role="status">
          <b>{added}</b> is now on your contact list. You will see when this person is online.
        </p>
        <div className="buttons">
          <button type="button" onClick={() => setAdded('')}>
            Add Another
          </button>
          <button type="button" className="default" onClick={close} autoFocus>
            Finish
          </button>
        </div>
      </div>
    );
  }

  return (
    <form className="dialog" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset className="group">
        <legend>By e-mail address or sign-in name</legend>
        <p>Type the e-mail address of the person you want to add, for example bob@example.com.</p>
        <label htmlFor={`${id}-email`}>E-mail address</label>
        {/* readOnly, not disabled, while adding: a disabled field would drop focus to the page. */}
        <input
          ref={input}
          id={`${id}-email`}
          type="email"
          value={email}
          autoFocus
          onChange={(e) => setEmail(e.target.value)}
          readOnly={busy}
          aria-busy={busy || undefined}
          aria-invalid={error ? true : undefined}
        />
      </fieldset>
      <p className="search-instead">
        Do not know the address?{' '}
        <button type="button" className="link" onClick={() => openDialog('findMember')}>
          Search for a contact instead…
        </button>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {error.includes('is not a member') && (
        <p className="invite-offer">
          <button type="button" onClick={() => openDialog('invite', tried)}>
            Invite them by e-mail…
          </button>
        </p>
      )}
      <div className="buttons">
        <button type="submit" className="default" aria-disabled={busy || undefined}>
          Add
        </button>
        <button type="button" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}
