// "View…": the people who have you on their contact list (your reverse list), as 3.0's View button showed
// them from the added-you question and Options ▸ Privacy. A box over the dialog it was opened from.
import { useMemo, useState } from 'react';
import { displayName, fullName } from '../../status';
import { reverseList, useContacts } from '../../stores/contacts';
import { MessageBox } from '../MessageBox';

export const REVERSE_LIST_TITLE = 'Who Has Added You';

export function ViewReverseListButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        View…
      </button>
      {open && <ReverseListBox onClose={() => setOpen(false)} />}
    </>
  );
}

function ReverseListBox({ onClose }: { onClose: () => void }) {
  const byEmail = useContacts((s) => s.byEmail);
  const ids = useContacts((s) => s.ids);
  const people = useMemo(() => reverseList(byEmail, ids), [byEmail, ids]);
  return (
    <MessageBox
      title={REVERSE_LIST_TITLE}
      onCancel={onClose}
      buttons={
        <button type="button" className="default" onClick={onClose} data-autofocus>
          OK
        </button>
      }
    >
      <p>The following people have added you to their contact lists:</p>
      {people.length > 0 ? (
        <ul className="reverse-list" aria-label="People who have you on their list">
          {people.map((c) => {
            const name = displayName(c);
            return (
              <li key={c.email} title={fullName(c)}>
                {name === c.email ? c.email : `${name} (${c.email})`}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="hint">No one has added you to their contact list yet.</p>
      )}
    </MessageBox>
  );
}
