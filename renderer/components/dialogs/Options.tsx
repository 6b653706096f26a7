// Tools ▸ Options, as 3.0's property sheet: Personal, Phone, Preferences, Privacy, Messages and Connection,
// with OK, Cancel and Apply. Every edit is held in the dialog until Apply or OK (Cancel forgets them); every
// tab stays mounted, so switching tabs keeps what was typed. The settings are one draft (settingsDraft.tsx);
// the name, the phone numbers, the privacy lists and the connection each apply through their tab's
// PendingApply. A refusal keeps the dialog open on the tab that failed, which shows its sentence.
import { useRef, useState, type KeyboardEvent } from 'react';
import type { SettingsPatch } from '../../../app/contract';
import { useCloseWindow } from '../windowContext';
import { ConnectionTab } from './ConnectionTab';
import { MessagesTab } from './MessagesTab';
import { PersonalTab } from './PersonalTab';
import { PhoneTab } from './PhoneTab';
import { PreferencesTab } from './PreferencesTab';
import { PrivacyTab } from './PrivacyTab';
import { usePendingApply, type PendingApply } from './pendingApply';
import { SettingsDraftProvider, useSettingsDraftState } from './settingsDraft';

const TABS = ['Personal', 'Phone', 'Preferences', 'Privacy', 'Messages', 'Connection'] as const;
type Tab = (typeof TABS)[number];

/** The tab that shows each setting of the draft, for a refusal to be shown where it was made. */
function tabOf(key: keyof SettingsPatch): Tab {
  if (key === 'idleAway' || key === 'idleMinutes') return 'Personal';
  if (key === 'emoticons' || key === 'messageLog' || key === 'askWhereToSave' || key === 'maxFileSize')
    return 'Messages';
  return 'Preferences';
}

export function Options({ initialTab = 'Personal' }: { initialTab?: Tab }) {
  const close = useCloseWindow();
  const [tab, setTab] = useState<Tab>(initialTab);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const draft = useSettingsDraftState();
  const [settingsError, setSettingsError] = useState<{ tab: Tab; message: string } | null>(null);
  const [personal, personalHeld] = usePendingApply();
  const [phone, phoneHeld] = usePendingApply();
  const [privacy, privacyHeld] = usePendingApply();
  const [connection, connectionHeld] = usePendingApply();
  const [busy, setBusy] = useState(false);
  const changed = draft.keys().length > 0 || personalHeld || phoneHeld || privacyHeld || connectionHeld;

  /** Applies every tab's edits in turn; stops at the first refusal, on its tab. */
  const apply = async (): Promise<boolean> => {
    const keys = draft.keys();
    const failure = await draft.apply();
    if (failure) {
      const where = tabOf(keys[0]!);
      setSettingsError({ tab: where, message: failure });
      setTab(where);
      return false;
    }
    setSettingsError(null);
    const held: [Tab, PendingApply][] = [
      ['Personal', personal],
      ['Phone', phone],
      ['Privacy', privacy],
      ['Connection', connection],
    ];
    for (const [where, pending] of held) {
      const save = pending.current;
      if (save && !(await save())) {
        setTab(where);
        return false;
      }
    }
    return true;
  };
  const run = async (then: () => void) => {
    setBusy(true);
    try {
      if (await apply()) then();
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const next = (TABS.indexOf(tab) + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length;
    setTab(TABS[next]!);
    tabs.current[next]?.focus();
    e.preventDefault();
  };

  const panel = (t: Tab) => {
    switch (t) {
      case 'Personal':
        return <PersonalTab pending={personal} />;
      case 'Phone':
        return <PhoneTab pending={phone} />;
      case 'Preferences':
        return <PreferencesTab />;
      case 'Privacy':
        return <PrivacyTab pending={privacy} />;
      case 'Messages':
        return <MessagesTab />;
      case 'Connection':
        return <ConnectionTab pending={connection} />;
    }
  };

  return (
    <SettingsDraftProvider draft={draft}>
      <div className="dialog options">
        <div role="tablist" aria-label="Options" className="tabs" onKeyDown={onKeyDown}>
          {TABS.map((t, i) => (
            <button
              key={t}
              ref={(el) => {
                tabs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`tab-${t}`}
              aria-selected={tab === t}
              aria-controls={`panel-${t}`}
              tabIndex={tab === t ? 0 : -1}
              className={tab === t ? 'tab active' : 'tab'}
              onClick={() => setTab(t)}
            >
              {t}
            </button>
          ))}
        </div>
        <div className="tab-panels">
          {TABS.map((t) => (
            <div
              key={t}
              role="tabpanel"
              id={`panel-${t}`}
              aria-labelledby={`tab-${t}`}
              className="tab-panel"
              hidden={tab !== t}
            >
              {panel(t)}
              {settingsError?.tab === t && (
                <p role="alert" className="error">
                  {settingsError.message}
                </p>
              )}
            </div>
          ))}
        </div>
        <div className="buttons">
          <button type="button" className="default" disabled={busy} onClick={() => void run(close)}>
            OK
          </button>
          <button type="button" disabled={busy} onClick={close}>
            Cancel
          </button>
          <button type="button" disabled={busy || !changed} onClick={() => void run(() => {})}>
            Apply
          </button>
        </div>
      </div>
    </SettingsDraftProvider>
  );
}
