// Options ▸ Personal, as 3.0 had it: your name as others see it, and Automatic Idle ("Show me as Away when I'm
// inactive for N minutes"; the status it shows is Idle). The name waits for Apply or OK like every edit here,
// with the same limits as renaming in the list; the idle choice is part of the dialog's settings draft.
import { useId, useState } from 'react';
import { IDLE_MINUTES_RANGE } from '../../../app/contract';
import { rename } from '../../actions';
import { selectSelf, useSession } from '../../stores/session';
import { displayName, renameProblem } from '../../status';
import { useOfferEdits, type PendingApply } from './pendingApply';
import { DraftCheck, useSettingsDraft } from './settingsDraft';

export function PersonalTab({ pending }: { pending: PendingApply }) {
  const id = useId();
  const self = useSession(selectSelf);
  const online = useSession((s) => s.session.phase === 'online');
  const draft = useSettingsDraft();
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [minutesText, setMinutesText] = useState<string | null>(null);

  const held = self ? displayName(self) : '';
  const changed = online && name !== null && name.trim() !== held;
  const save = async (): Promise<boolean> => {
    if (name === null) return true;
    const trimmed = name.trim();
    const problem = renameProblem(trimmed);
    const failure = problem || (await rename(trimmed));
    if (failure) {
      setError(failure);
      return false;
    }
    setName(null);
    setError('');
    return true;
  };
  useOfferEdits(pending, changed ? save : null);

  const idleOn = draft.value('idleAway');
  const minutes = minutesText ?? String(draft.value('idleMinutes'));
  const setMinutes = (text: string) => {
    setMinutesText(text);
    // Anything but a whole number goes to main as it is, to be refused there with the range in words.
    draft.set({ idleMinutes: /^\d{1,3}$/.test(text.trim()) ? Number(text) : Number.NaN });
  };

  return (
    <>
      <fieldset className="group">
        <legend>My name</legend>
        {online ? (
          <>
            <label htmlFor={`${id}-name`}>Type your name as you want others to see it:</label>
            <input
              id={`${id}-name`}
              type="text"
              maxLength={129}
              value={name ?? held}
              aria-invalid={error ? true : undefined}
              onChange={(e) => {
                setName(e.target.value);
                setError('');
              }}
            />
            {error && (
              <p role="alert" className="error">
                {error}
              </p>
            )}
          </>
        ) : (
          <p className="hint">Sign in to change the name others see.</p>
        )}
      </fieldset>
      <fieldset className="group">
        <legend>My status</legend>
        <div className="idle-line">
          <DraftCheck flag="idleAway">Show me as &quot;Away&quot; when I&apos;m inactive for</DraftCheck>
          <input
            type="number"
            className="idle-minutes"
            aria-label="Minutes of inactivity"
            min={IDLE_MINUTES_RANGE.min}
            max={IDLE_MINUTES_RANGE.max}
            value={minutes}
            disabled={!idleOn}
            onChange={(e) => setMinutes(e.target.value)}
          />
          <span>minutes</span>
        </div>
        <p className="hint">
          Without keyboard or mouse input for that long, Online becomes Idle, and comes back when you do. A
          status you chose (Busy, Away…) stays as it is.
        </p>
      </fieldset>
    </>
  );
}
