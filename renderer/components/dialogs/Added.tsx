// "X has added you to his/her contact list. Do you want to:" allow or block them, and maybe add them back.
import { useId, useState, type FormEvent } from 'react';
import { answerAdded } from '../../actions';
import { displayName } from '../../status';
import { keyOf, useContacts } from '../../stores/contacts';
import { useCloseWindow } from '../windowContext';
import { ViewReverseListButton } from './ReverseList';

export function Added({ email }: { email: string }) {
  const close = useCloseWindow();
  const id = useId();
  const pending = useContacts((s) => s.pendingAdds.find((p) => keyOf(p.email) === keyOf(email)));
  const [allow, setAllow] = useState(true);
  const [addToList, setAddToList] = useState(true);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const name = displayName({ email, nickname: pending?.nickname ?? '' });
  const who = name !== email ? `${name} (${email})` : email;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const failed = await answerAdded({ email, allow, addToList });
    setBusy(false);
    if (failed) setError(failed);
    else close();
  };

  return (
    <form className="dialog added" onSubmit={(e) => void submit(e)}>
      <p id={`${id}-question`}>
        <b>{who}</b> has added you to his/her contact list. Do you want to:
      </p>
      <div role="radiogroup" aria-labelledby={`${id}-question`} className="choices">
        <label className="check">
          <input
            type="radio"
            name={`${id}-answer`}
            checked={allow}
            onChange={() => setAllow(true)}
            autoFocus
          />
          Allow this person to see when you are online and contact you
        </label>
        <label className="check">
          <input type="radio" name={`${id}-answer`} checked={!allow} onChange={() => setAllow(false)} />
          Block this person from seeing when you are online and contacting you
        </label>
      </div>
      <label className="check">
        <input type="checkbox" checked={addToList} onChange={(e) => setAddToList(e.target.checked)} />
        Add this person to my contact list.
      </label>
      <p className="hint">
        You can appear offline to everyone at any time: choose Appear Offline from My Status.
      </p>
      {!pending && <p className="hint">This person is no longer waiting for an answer.</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="buttons">
        {/* As 3.0's View: everyone who has you on their list, not only this person. */}
        <span className="buttons-left">
          <ViewReverseListButton />
        </span>
        <button type="submit" className="default" disabled={busy}>
          OK
        </button>
        <button type="button" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}
