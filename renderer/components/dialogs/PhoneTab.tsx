// Options ▸ Phone: your home, work and mobile numbers and whether people may page your mobile device. The
// numbers wait for the dialog's Apply or OK, which sends only what changed; the fields show what the server
// holds wherever nothing was typed.
import { useId, useState, type FormEvent } from 'react';
import type { PhonesPatch } from '../../../app/services';
import { displayText } from '../../../app/displayText';
import { encodeField, MAX_PHONE_BYTES } from '../../../app/fieldEncoding';
import { setPhones } from '../../actions';
import { useSession } from '../../stores/session';
import { useOfferEdits, type PendingApply } from './pendingApply';

type NumberKey = 'PHH' | 'PHW' | 'PHM';

const FIELDS: readonly { key: NumberKey; label: string }[] = [
  { key: 'PHH', label: 'Home' },
  { key: 'PHW', label: 'Work' },
  { key: 'PHM', label: 'Mobile' },
];

/** The server's limit on a number as PRP carries it (URL-encoded); a longer one gets the client cut off. */
const MAX_ENCODED = MAX_PHONE_BYTES;

/** The number's size on the wire, encoded exactly as the engine encodes it. */
function encodedLength(value: string): number {
  return encodeField(value).length;
}

export function PhoneTab({ pending }: { pending?: PendingApply }) {
  const id = useId();
  const online = useSession((s) => s.session.phase === 'online');
  const phones = useSession((s) => s.self?.phones);
  const [edits, setEdits] = useState<Partial<Record<NumberKey, string>>>({});
  const [mobEdit, setMobEdit] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);

  const held = (key: NumberKey) => displayText(phones?.[key] ?? '');
  const shown = (key: NumberKey) => edits[key] ?? held(key);
  const allowed = phones?.MOB === 'Y';
  const mobShown = mobEdit ?? allowed;

  const patch: PhonesPatch = {};
  for (const { key } of FIELDS) {
    const typed = edits[key];
    if (typed !== undefined && typed.trim() !== (phones?.[key] ?? '')) patch[key] = typed.trim();
  }
  if (mobEdit !== null && mobEdit !== allowed) patch.MOB = mobEdit;
  const changed = Object.keys(patch).length > 0;

  const save = async (): Promise<boolean> => {
    if (busy || !changed) return !busy;
    const tooLong = FIELDS.find(({ key }) => encodedLength(patch[key] ?? '') > MAX_ENCODED);
    if (tooLong) {
      setError(`That ${tooLong.label.toLowerCase()} number is too long; shorten it and try again.`);
      setSaved(false);
      return false;
    }
    setBusy(true);
    setError('');
    setSaved(false);
    const failure = await setPhones(patch);
    setBusy(false);
    if (failure) {
      setError(failure);
      return false;
    }
    // The server's values are in the store by now (PRP's reply comes before the call resolves).
    setEdits({});
    setMobEdit(null);
    setSaved(true);
    return true;
  };
  const apply = (e: FormEvent) => {
    e.preventDefault();
    void save();
  };

  // Typed numbers are not lost to OK: the dialog asks this tab to save them first.
  useOfferEdits(pending, online && changed ? save : null);

  if (!online) return <p className="tab-note">Sign in to see and change your phone numbers.</p>;

  return (
    <form className="phone-tab" onSubmit={apply} noValidate>
      <p>Give the numbers where people can call you.</p>
      <fieldset className="group">
        <legend>My phone numbers</legend>
        <div className="phone-grid">
          {FIELDS.map(({ key, label }) => (
            <div key={key} className="phone-field">
              <label htmlFor={`${id}-${key}`}>{label}</label>
              <input
                id={`${id}-${key}`}
                type="text"
                inputMode="tel"
                autoComplete="off"
                value={shown(key)}
                readOnly={busy}
                aria-invalid={encodedLength(shown(key).trim()) > MAX_ENCODED || undefined}
                onChange={(e) => {
                  setEdits({ ...edits, [key]: e.target.value });
                  setSaved(false);
                }}
              />
            </div>
          ))}
        </div>
      </fieldset>
      <fieldset className="group">
        <legend>Mobile device</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={mobShown}
            disabled={busy}
            onChange={(e) => {
              setMobEdit(e.target.checked);
              setSaved(false);
            }}
          />
          Allow people to page my mobile device
        </label>
      </fieldset>
      <p className="hint">Anyone who has you on their contact list can see these numbers.</p>
      {busy ? (
        <p role="status" className="phone-outcome">
          Saving your phone numbers…
        </p>
      ) : error ? (
        <p role="alert" className="error phone-outcome">
          {error}
        </p>
      ) : (
        saved && (
          <p role="status" className="phone-outcome">
            Your phone numbers were saved.
          </p>
        )
      )}
    </form>
  );
}
