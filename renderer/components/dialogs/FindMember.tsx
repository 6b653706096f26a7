// Find a Member: search the directory by name and place, choose a result, and have the server e-mail that
// person an invitation (the directory never gives out addresses, so there is nobody to add). Also Invite a
// Friend, the same invitation to an address you know.
import { useId, useRef, useState, type FormEvent } from 'react';
import type { MemberQuery, MemberResult, MemberSearch } from '../../../app/services';
import { findMembers } from '../../directoryActions';
import { useCloseWindow } from '../windowContext';
import { EMPTY_DRAFT, InvitationFields, SentScreen, useSendInvitation, type Draft } from './InvitationFields';
import { COUNTRIES, ResultsScreen, nameOf, placeOf } from './MemberResults';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMPTY_QUERY = { firstName: '', lastName: '', city: '', state: '', country: 'US' };

type Step =
  | { kind: 'form' }
  | { kind: 'results'; search: MemberSearch }
  | { kind: 'invite'; search: MemberSearch; chosen: MemberResult };

export function FindMember() {
  const close = useCloseWindow();
  const [query, setQuery] = useState(EMPTY_QUERY);
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const [selected, setSelected] = useState<number | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const invitation = useSendInvitation();

  const searchAgain = () => {
    invitation.reset();
    setDraft(EMPTY_DRAFT);
    setStep({ kind: 'form' });
  };

  if (invitation.sent)
    return (
      <SentScreen sentence={invitation.sent} again="Search Again" onAgain={searchAgain} onClose={close} />
    );

  switch (step.kind) {
    case 'form':
      return (
        <SearchForm
          query={query}
          onChange={setQuery}
          onCancel={close}
          onFound={(search) => {
            setSelected(search.results[0]?.index ?? null);
            setStep({ kind: 'results', search });
          }}
        />
      );
    case 'results': {
      const invite = (index: number | null) => {
        const chosen = step.search.results.find((r) => r.index === index);
        if (!chosen) return;
        invitation.reset();
        setStep({ kind: 'invite', search: step.search, chosen });
      };
      return (
        <ResultsScreen
          search={step.search}
          selected={selected}
          onSelect={setSelected}
          onInvite={invite}
          onBack={() => setStep({ kind: 'form' })}
          onClose={close}
        />
      );
    }
    case 'invite': {
      const { chosen } = step;
      const name = nameOf(chosen);
      const place = placeOf(chosen);
      const submit = (e: FormEvent) => {
        e.preventDefault();
        void invitation.send(chosen.index, draft);
      };
      return (
        <form className="dialog invitation" onSubmit={submit} noValidate>
          <p>
            Send an invitation to <b>{name}</b>
            {place && ` (${place})`}
          </p>
          <p className="hint">
            The directory does not give out e-mail addresses: the server e-mails this person the invitation,
            with instructions for getting Messenger.
          </p>
          <InvitationFields draft={draft} onChange={setDraft} readOnly={invitation.busy} autoFocus />
          <Outcome busy={invitation.busy} busyText="Sending the invitation…" error={invitation.error} />
          <div className="buttons">
            <button
              type="button"
              onClick={() => {
                invitation.reset();
                setStep({ kind: 'results', search: step.search });
              }}
              disabled={invitation.busy}
            >
              &lt; Back
            </button>
            <button type="submit" className="default" aria-disabled={invitation.busy || undefined}>
              Send
            </button>
            <button type="button" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      );
    }
  }
}

/** While waiting, what is happening; after a failure, its sentence. */
function Outcome({ busy, busyText, error }: { busy: boolean; busyText: string; error: string }) {
  if (busy)
    return (
      <p role="status" className="find-progress">
        {busyText}
      </p>
    );
  return error ? (
    <p role="alert" className="error">
      {error}
    </p>
  ) : null;
}

type QueryFields = typeof EMPTY_QUERY;

function SearchForm({
  query,
  onChange,
  onCancel,
  onFound,
}: {
  query: QueryFields;
  onChange: (q: QueryFields) => void;
  onCancel: () => void;
  onFound: (search: MemberSearch) => void;
}) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const first = useRef<HTMLInputElement>(null);
  const set = (patch: Partial<QueryFields>) => onChange({ ...query, ...patch });
  const named = query.firstName.trim() !== '' && query.lastName.trim() !== '';
  // As in 3.0: the directory is searched by city and state only in the United States.
  const us = query.country === 'US';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !named) return;
    const state = us ? query.state.trim() : '';
    if (state !== '' && !/^[A-Za-z]{2}$/.test(state)) {
      setError('A state is two letters, such as WA or NY.');
      return;
    }
    const sent: MemberQuery = {
      firstName: query.firstName.trim(),
      lastName: query.lastName.trim(),
      country: query.country,
      ...(us ? { city: query.city.trim(), state: state.toUpperCase() } : {}),
    };
    setBusy(true);
    setError('');
    const outcome = await findMembers(sent);
    setBusy(false);
    if (outcome.ok) onFound(outcome.value);
    else {
      setError(outcome.error);
      first.current?.focus();
    }
  };

  return (
    <form className="dialog find-member" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset className="group">
        <legend>Search for a contact</legend>
        <p>Type the name of the person you are looking for, and where they live if you know it.</p>
        <div className="find-grid">
          <div>
            <label htmlFor={`${id}-first`}>First name</label>
            <input
              ref={first}
              id={`${id}-first`}
              type="text"
              value={query.firstName}
              maxLength={100}
              autoFocus
              readOnly={busy}
              onChange={(e) => set({ firstName: e.target.value })}
            />
          </div>
          <div>
            <label htmlFor={`${id}-last`}>Last name</label>
            <input
              id={`${id}-last`}
              type="text"
              value={query.lastName}
              maxLength={100}
              readOnly={busy}
              onChange={(e) => set({ lastName: e.target.value })}
            />
          </div>
          <div>
            <label htmlFor={`${id}-city`}>City</label>
            <input
              id={`${id}-city`}
              type="text"
              value={us ? query.city : ''}
              maxLength={100}
              disabled={!us}
              readOnly={busy}
              aria-describedby={`${id}-us`}
              onChange={(e) => set({ city: e.target.value })}
            />
          </div>
          <div className="state-field">
            <label htmlFor={`${id}-state`}>State</label>
            <input
              id={`${id}-state`}
              type="text"
              className="state"
              value={us ? query.state : ''}
              maxLength={2}
              disabled={!us}
              readOnly={busy}
              aria-describedby={`${id}-us`}
              onChange={(e) => set({ state: e.target.value.toUpperCase() })}
            />
          </div>
          <div className="country-field">
            <label htmlFor={`${id}-country`}>Country</label>
            <select
              id={`${id}-country`}
              value={query.country}
              disabled={busy}
              onChange={(e) => set({ country: e.target.value })}
            >
              {COUNTRIES.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p id={`${id}-us`} className="hint">
          City and state can be searched only in the United States.
        </p>
      </fieldset>
      <Outcome busy={busy} busyText="Searching the member directory…" error={error} />
      {!named && !busy && (
        <p id={`${id}-needs`} className="hint">
          Type a first name and a last name to search.
        </p>
      )}
      <div className="buttons">
        <button
          type="submit"
          className="default"
          disabled={!named}
          aria-disabled={busy || undefined}
          aria-describedby={named ? undefined : `${id}-needs`}
        >
          Search
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Invite a Friend by e-mail: an address (given by the route, or typed), the note and the language. */
export function Invite({ email }: { email?: string }) {
  const close = useCloseWindow();
  const id = useId();
  const [address, setAddress] = useState(email ?? '');
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const invitation = useSendInvitation();
  const input = useRef<HTMLInputElement>(null);

  if (invitation.sent)
    return (
      <SentScreen
        sentence={invitation.sent}
        again="Invite Another"
        onAgain={() => {
          invitation.reset();
          setAddress('');
          setDraft(EMPTY_DRAFT);
        }}
        onClose={close}
      />
    );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const to = address.trim();
    if (!EMAIL.test(to)) {
      invitation.setError(
        to
          ? `"${to}" is not an e-mail address. Check it and try again.`
          : 'Type the e-mail address of the person to invite.',
      );
      input.current?.focus();
      return;
    }
    void invitation.send(to, draft);
  };

  return (
    <form className="dialog invitation" onSubmit={submit} noValidate>
      <p>
        Invite a friend to use Messenger. The server sends them an e-mail with instructions for getting it.
      </p>
      <label htmlFor={`${id}-email`}>E-mail address</label>
      <input
        ref={input}
        id={`${id}-email`}
        type="email"
        value={address}
        autoFocus={!email}
        readOnly={invitation.busy}
        aria-invalid={invitation.error && !EMAIL.test(address.trim()) ? true : undefined}
        onChange={(e) => {
          setAddress(e.target.value);
          // A sentence about the address it was is no longer true of the one being typed.
          invitation.setError('');
        }}
      />
      <InvitationFields draft={draft} onChange={setDraft} readOnly={invitation.busy} autoFocus={!!email} />
      <Outcome busy={invitation.busy} busyText="Sending the invitation…" error={invitation.error} />
      <div className="buttons">
        <button type="submit" className="default" aria-disabled={invitation.busy || undefined}>
          Send
        </button>
        <button type="button" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}
