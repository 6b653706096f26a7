// The sign-in form's Advanced settings beside the protocol versions, for people testing servers: strict mode
// and how often to ping the server. Each applies to the next sign-in and is kept.
import { useId, useState } from 'react';
import { KEEP_ALIVE_RANGE } from '../../app/contract';
import { updateSettings } from '../actions';
import { useSession } from '../stores/session';
import { SettingCheck } from './dialogs/SettingCheck';

export function ServerTesting() {
  const id = useId();
  const keepAlive = useSession((s) => s.settings.keepAliveSeconds);
  const [typed, setTyped] = useState<string | null>(null);
  const [problem, setProblem] = useState('');

  const commit = () => {
    if (typed === null) return;
    const seconds = Number(typed.trim());
    const valid =
      typed.trim() !== '' &&
      Number.isInteger(seconds) &&
      (seconds === 0 || (seconds >= KEEP_ALIVE_RANGE.min && seconds <= KEEP_ALIVE_RANGE.max));
    if (!valid) {
      setProblem(`Type 0 (never) or ${KEEP_ALIVE_RANGE.min} to ${KEEP_ALIVE_RANGE.max} seconds.`);
      return;
    }
    setProblem('');
    // What was typed stays shown; main's copy catches up with it.
    if (seconds !== keepAlive) updateSettings({ keepAliveSeconds: seconds });
  };

  return (
    <fieldset className="group">
      <legend>Testing a server</legend>
      <SettingCheck flag="strictMode">
        Strict mode: sign out at the first deviation from the protocol
      </SettingCheck>
      <div className="keep-alive">
        <label htmlFor={`${id}-ka`}>Ping the server every</label>
        <input
          id={`${id}-ka`}
          type="text"
          inputMode="numeric"
          size={4}
          value={typed ?? String(keepAlive)}
          aria-invalid={problem !== '' || undefined}
          aria-describedby={problem ? `${id}-kap` : undefined}
          onChange={(e) => setTyped(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit();
            }
          }}
        />
        <span>seconds (0: never)</span>
      </div>
      {problem && (
        <p id={`${id}-kap`} role="alert" className="error">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
