// A checkbox bound to one of main's settings. It shows the change at once (pending until main has saved
// it, put back with a sentence if main refuses), so a click is never seen to do nothing.
import type { ReactNode } from 'react';
import type { SettingsPatch } from '../../../app/contract';
import { requestSettings } from '../../actions';
import { usePendingChoice } from '../../hooks/usePendingChoice';
import { useSession } from '../../stores/session';

type Flag =
  'sounds' | 'toasts' | 'messageToasts' | 'emoticons' | 'askWhereToSave' | 'messageLog' | 'strictMode';

const senders = new Map<Flag, (on: boolean) => Promise<void>>();
function sender(flag: Flag): (on: boolean) => Promise<void> {
  let send = senders.get(flag);
  if (!send) {
    send = (on: boolean) => requestSettings({ [flag]: on } as SettingsPatch);
    senders.set(flag, send);
  }
  return send;
}

export function SettingCheck({ flag, children }: { flag: Flag; children: ReactNode }) {
  const value = useSession((s) => s.settings[flag]);
  const choice = usePendingChoice(value, sender(flag));
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={choice.shown}
        aria-busy={choice.pending}
        onChange={(e) => choice.choose(e.target.checked)}
      />
      {children}
    </label>
  );
}
