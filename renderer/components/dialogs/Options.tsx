// Tools ▸ Options: Preferences (sounds, toasts), Messages (emoticons, message toasts, files, the log),
// Privacy and Phone, as tabs. Changes take effect at once, except the phone numbers, which wait for Apply or OK
// (the Phone tab stays mounted, so switching tabs keeps what was typed).
import { useRef, useState, type KeyboardEvent } from 'react';
import { MessagesTab } from './MessagesTab';
import { SettingCheck } from './SettingCheck';
import { useCloseWindow } from '../windowContext';
import { PrivacyTab } from './PrivacyTab';
import { PhoneTab, type PendingPhones } from './PhoneTab';

const TABS = ['Preferences', 'Messages', 'Privacy', 'Phone'] as const;
type Tab = (typeof TABS)[number];

export function Options({ initialTab = 'Preferences' }: { initialTab?: Tab }) {
  const close = useCloseWindow();
  const [tab, setTab] = useState<Tab>(initialTab);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const pendingPhones: PendingPhones = useRef(null);
  const ok = async () => {
    const save = pendingPhones.current;
    // Numbers typed but not applied are saved first; a refusal keeps the dialog open on the Phone tab.
    if (save && !(await save())) return setTab('Phone');
    close();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const next = (TABS.indexOf(tab) + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length;
    setTab(TABS[next]!);
    tabs.current[next]?.focus();
    e.preventDefault();
  };

  return (
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
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'Preferences' ? (
          <PreferencesTab />
        ) : tab === 'Messages' ? (
          <MessagesTab />
        ) : tab === 'Privacy' ? (
          <PrivacyTab />
        ) : null}
        <div hidden={tab !== 'Phone'}>
          <PhoneTab pending={pendingPhones} />
        </div>
      </div>
      <div className="buttons">
        <button type="button" className="default" onClick={() => void ok()}>
          OK
        </button>
      </div>
    </div>
  );
}

function PreferencesTab() {
  return (
    <>
      <fieldset className="group">
        <legend>Sounds</legend>
        <SettingCheck flag="sounds">Play sounds</SettingCheck>
        <p className="hint">When a contact signs in, a message or e-mail arrives, or an alert comes.</p>
      </fieldset>
      <fieldset className="group">
        <legend>Alerts</legend>
        <SettingCheck flag="toasts">Show toasts</SettingCheck>
        <p className="hint">
          The small windows that say a contact has just signed in or that new e-mail has arrived.
        </p>
      </fieldset>
    </>
  );
}
