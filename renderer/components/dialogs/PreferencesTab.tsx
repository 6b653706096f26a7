// Options ▸ Preferences, as 3.0 had it: starting with the computer and running in the background (desktop
// only), sounds, and which toasts show. Edits wait in the dialog's draft for Apply or OK.
import { useSession } from '../../stores/session';
import { DraftCheck, useSettingsDraft } from './settingsDraft';

export function PreferencesTab() {
  const desktop = useSession((s) => s.environment === 'desktop');
  const canStart = useSession((s) => s.settings.runAtStartupSupported);
  const toastsOn = useSettingsDraft().value('toasts');
  const startTitle = !desktop
    ? 'Browser mode runs as a service; start it yourself.'
    : canStart
      ? undefined
      : 'This system does not let Butterfly start with it.';
  return (
    <>
      <fieldset className="group">
        <legend>General</legend>
        <DraftCheck flag="runAtStartup" disabled={!desktop || !canStart} title={startTitle}>
          Run this program when Windows starts
        </DraftCheck>
        <DraftCheck
          flag="runInBackground"
          disabled={!desktop}
          title={desktop ? undefined : 'In browser mode the service keeps running until you stop it.'}
        >
          Allow this program to run in the background
        </DraftCheck>
        <p className="hint">
          In the background, closing the contact list keeps Butterfly in the notification area.
        </p>
      </fieldset>
      <fieldset className="group">
        <legend>Sounds</legend>
        <DraftCheck flag="sounds">Play sounds</DraftCheck>
        <p className="hint">When a contact signs in, a message or e-mail arrives, or an alert comes.</p>
      </fieldset>
      <fieldset className="group">
        <legend>Alerts</legend>
        <DraftCheck flag="toasts">Show toasts</DraftCheck>
        <div className="sub-checks">
          <DraftCheck flag="signInToasts" disabled={!toastsOn}>
            When contacts sign in
          </DraftCheck>
          <DraftCheck flag="messageToasts" disabled={!toastsOn}>
            When a message arrives and its window is closed (instead of opening it)
          </DraftCheck>
          <DraftCheck flag="mailToasts" disabled={!toastsOn}>
            When e-mail arrives
          </DraftCheck>
          <DraftCheck flag="alertToasts" disabled={!toastsOn}>
            Show alerts from MSN
          </DraftCheck>
        </div>
      </fieldset>
    </>
  );
}
