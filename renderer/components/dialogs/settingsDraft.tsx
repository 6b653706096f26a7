// The settings Options edits, held in the dialog until Apply or OK: the controls of the Personal, Preferences
// and Messages tabs show the edit (else what main holds) and change only the draft; applying sends the whole
// draft in one updateSettings call.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Settings, SettingsPatch } from '../../../app/contract';
import { requestSettings } from '../../actions';
import { useSession } from '../../stores/session';

type Key = keyof SettingsPatch;

export interface SettingsDraft {
  /** What a control shows: the edit, else main's value. */
  value<K extends Key>(key: K): Settings[K];
  set(change: SettingsPatch): void;
  /** The keys edited, in the order they were first edited. */
  keys(): Key[];
  /** Sends the draft; resolves to the refusal's sentence, or '' once main has it (the draft is then empty). */
  apply(): Promise<string>;
}

const DraftContext = createContext<SettingsDraft | null>(null);

/** The dialog's draft: held here, given to the tabs by SettingsDraftProvider. */
export function useSettingsDraftState(): SettingsDraft {
  const settings = useSession((s) => s.settings);
  const [patch, setPatch] = useState<SettingsPatch>({});
  return useMemo(() => {
    const value = <K extends Key>(key: K): Settings[K] =>
      (Object.hasOwn(patch, key) ? patch[key] : settings[key]) as Settings[K];
    return {
      value,
      set(change) {
        setPatch((old) => {
          const next: SettingsPatch = { ...old };
          for (const key of Object.keys(change) as Key[]) {
            // An edit put back to what main holds is no edit: Apply goes back to disabled.
            if (Object.is(change[key], settings[key])) delete next[key];
            else (next as Record<Key, unknown>)[key] = change[key];
          }
          return next;
        });
      },
      keys: () => Object.keys(patch) as Key[],
      async apply() {
        if (Object.keys(patch).length === 0) return '';
        try {
          await requestSettings(patch);
        } catch (err) {
          return err instanceof Error && err.message
            ? err.message
            : 'Butterfly could not save your options. Try again.';
        }
        setPatch({});
        return '';
      },
    };
  }, [patch, settings]);
}

export function SettingsDraftProvider({ draft, children }: { draft: SettingsDraft; children: ReactNode }) {
  return <DraftContext.Provider value={draft}>{children}</DraftContext.Provider>;
}

export function useSettingsDraft(): SettingsDraft {
  const draft = useContext(DraftContext);
  if (!draft) throw new Error('useSettingsDraft outside Options');
  return draft;
}

type Flag = {
  [K in Key]-?: Settings[K] extends boolean ? K : never;
}[Key];

/** A checkbox for one on/off setting of the draft. */
export function DraftCheck({
  flag,
  children,
  disabled,
  title,
}: {
  flag: Flag;
  children: ReactNode;
  disabled?: boolean;
  title?: string;
}) {
  const draft = useSettingsDraft();
  return (
    <label className={disabled ? 'check disabled' : 'check'} title={title}>
      <input
        type="checkbox"
        checked={draft.value(flag)}
        disabled={disabled}
        onChange={(e) => draft.set({ [flag]: e.target.checked })}
      />
      {children}
    </label>
  );
}
