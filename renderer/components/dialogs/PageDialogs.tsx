// Paging a contact's mobile device, and the pages received this session. A page has no positive answer
// from the server: it counts as sent when no refusal comes within a few seconds, and the dialog says so.
import { useId, useState, type FormEvent } from 'react';
import { PAGE_MAX_CHARS, type CallbackPhone, type PageNotice } from '../../../app/services';
import { displayText } from '../../../app/displayText';
import { sendPage } from '../../actions';
import { displayName } from '../../status';
import { keyOf, useContacts } from '../../stores/contacts';
import { useContactItems } from '../contactItems';
import { PickList } from '../PickList';
import { useSession } from '../../stores/session';
import { clockTime } from '../conversation/conversationText';
import { useCloseWindow } from '../windowContext';

const CALLBACKS: readonly { key: CallbackPhone; label: string }[] = [
  { key: 'PHH', label: 'Home' },
  { key: 'PHW', label: 'Work' },
  { key: 'PHM', label: 'Mobile' },
];

const TOO_LONG = `A page holds at most ${PAGE_MAX_CHARS} characters; shorten your message.`;

/** Characters as the engine counts them (code points, so an emoji is one). */
function pageLength(text: string): number {
  return [...text].length;
}

/** A person's name as shown: the contact's name when they are on the list, else what was given. */
function useNameOf(email: string): string {
  const contact = useContacts((s) => s.byEmail[keyOf(email)]);
  return contact ? displayName(contact) : displayText(email).trim() || 'someone';
}

/** Tools ▸ Send a Page… names nobody: the dialog asks whom first, among the people who accept pages. */
export function SendPage({ email }: { email?: string }) {
  const [to, setTo] = useState(email);
  return to === undefined ? <ChoosePaged onChoose={setTo} /> : <PageForm email={to} />;
}

function ChoosePaged({ onChoose }: { onChoose: (email: string) => void }) {
  const close = useCloseWindow();
  const items = useContactItems((c) => c.phones.MOB === 'Y');
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState('');
  const choose = (key: string | null) => {
    const email = items.find((i) => i.key === key)?.title;
    if (email) onChoose(email);
    else setError('Choose the person to page.');
  };
  return (
    <form
      className="dialog send-page"
      onSubmit={(e) => {
        e.preventDefault();
        choose(selected);
      }}
      noValidate
    >
      <p>Choose whom to page (only people who accept pages are listed):</p>
      {items.length > 0 ? (
        <PickList
          label="Contacts who accept pages"
          items={items}
          selected={selected}
          onSelect={(key) => {
            setSelected(key);
            setError('');
          }}
          onActivate={choose}
        />
      ) : (
        <p className="hint">No one on your list accepts pages.</p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="buttons">
        <button type="submit" className="default">
          Next
        </button>
        <button type="button" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function PageForm({ email }: { email: string }) {
  const id = useId();
  const close = useCloseWindow();
  const name = useNameOf(email);
  const online = useSession((s) => s.session.phase === 'online');
  const phones = useSession((s) => s.self?.phones);
  const [text, setText] = useState('');
  const [callback, setCallback] = useState<CallbackPhone | ''>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [sent, setSent] = useState(false);

  // Only your own numbers that are set can be offered; a choice whose number went away falls back to none.
  const offered = CALLBACKS.filter((c) => (phones?.[c.key] ?? '').trim() !== '');
  const chosen = offered.some((c) => c.key === callback) ? callback : '';
  const length = pageLength(text);
  const over = length > PAGE_MAX_CHARS;
  const empty = text.trim() === '';

  if (sent)
    return (
      <div className="dialog page-sent">
        <p role="status">Your page was sent to {name}.</p>
        <CloseRow onClose={close} />
      </div>
    );

  if (!online)
    return (
      <div className="dialog send-page">
        <p className="tab-note">Sign in to send a page.</p>
        <CloseRow onClose={close} />
      </div>
    );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || empty) return;
    if (over) {
      setError(TOO_LONG);
      return;
    }
    setBusy(true);
    setError('');
    const failure = await sendPage({ email, text, callback: chosen === '' ? null : chosen });
    setBusy(false);
    if (failure) setError(failure);
    else setSent(true);
  };

  return (
    <form className="dialog send-page" onSubmit={(e) => void submit(e)} noValidate>
      <p className="page-to">
        Send a page to <b>{name}</b>&apos;s mobile device
      </p>
      <label htmlFor={`${id}-text`}>Message</label>
      <textarea
        id={`${id}-text`}
        className="page-text-field"
        rows={4}
        value={text}
        autoFocus
        readOnly={busy}
        aria-describedby={`${id}-count`}
        aria-invalid={over || undefined}
        onChange={(e) => {
          setText(e.target.value);
          if (error === TOO_LONG && pageLength(e.target.value) <= PAGE_MAX_CHARS) setError('');
        }}
      />
      <p id={`${id}-count`} className={over ? 'page-count error' : 'page-count hint'}>
        {length} / {PAGE_MAX_CHARS}
      </p>
      <label htmlFor={`${id}-callback`}>Call-back number</label>
      <select
        id={`${id}-callback`}
        value={chosen}
        disabled={busy}
        onChange={(e) => setCallback(e.target.value as CallbackPhone | '')}
      >
        <option value="">Don&apos;t include a call-back number</option>
        {offered.map((c) => (
          <option key={c.key} value={c.key}>
            {c.label}: {displayText(phones?.[c.key] ?? '')}
          </option>
        ))}
      </select>
      {offered.length === 0 && (
        <p className="hint page-hint">To offer a call-back number, give one in Tools ▸ Options ▸ Phone.</p>
      )}
      {busy ? (
        <p role="status" className="page-progress">
          Sending the page… The server never confirms a page, so it counts as sent when no refusal comes
          within a few seconds.
        </p>
      ) : (
        (error || over) && (
          <p role="alert" className="error">
            {error || TOO_LONG}
          </p>
        )
      )}
      <div className="buttons">
        <button type="submit" className="default" disabled={busy || empty || over}>
          Send
        </button>
        <button type="button" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function Pages() {
  const close = useCloseWindow();
  const pages = useSession((s) => s.pages);
  const newestFirst = [...pages].reverse();
  return (
    <div className="dialog pages">
      <p>Pages received since you signed in:</p>
      {newestFirst.length === 0 ? (
        <p className="page-list empty">No pages have arrived since you signed in.</p>
      ) : (
        <ul className="page-list" aria-label="Pages received">
          {newestFirst.map((p) => (
            <PageRow key={p.id} page={p} />
          ))}
        </ul>
      )}
      <CloseRow onClose={close} />
    </div>
  );
}

function PageRow({ page }: { page: PageNotice }) {
  const from = useNameOf(page.from);
  const time = clockTime(page.receivedAt);
  if (page.failed)
    return (
      <li className="page-row failed">
        <span className="page-time">{time}</span>
        <span className="page-line">
          {page.from.trim() === ''
            ? 'A page you sent could not be delivered.'
            : `A page you sent to ${from} could not be delivered.`}
        </span>
      </li>
    );
  return (
    <li className="page-row">
      <span className="page-time">{time}</span>
      <span className="page-from">{from}</span>
      <span className="page-line">{displayText(page.text)}</span>
    </li>
  );
}

/** The one button of a dialog that has nothing left to ask. */
function CloseRow({ onClose }: { onClose: () => void }) {
  return (
    <div className="buttons">
      <button type="button" className="default" onClick={onClose} autoFocus>
        Close
      </button>
    </div>
  );
}
