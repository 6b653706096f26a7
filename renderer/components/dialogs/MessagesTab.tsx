// Options ▸ Messages: how messages and files reach you. Emoticons as pictures, a toast instead of a
// window for a message to a closed conversation, where received files go, and the optional message log.
import { chooseDownloadFolder } from '../../actions';
import { useSession } from '../../stores/session';
import { SettingCheck } from './SettingCheck';

export function MessagesTab() {
  const folder = useSession((s) => s.settings.downloadsFolder);
  const desktop = useSession((s) => s.environment === 'desktop');
  return (
    <>
      <fieldset className="group">
        <legend>Messages</legend>
        <SettingCheck flag="emoticons">Show emoticons as pictures</SettingCheck>
        <SettingCheck flag="messageToasts">
          When a message arrives and its window is closed, show a toast instead of opening the window
        </SettingCheck>
        <SettingCheck flag="messageLog">Keep a log of my messages on this computer</SettingCheck>
      </fieldset>
      <fieldset className="group">
        <legend>Received files</legend>
        <p className="folder-line">
          Save received files in:{' '}
          <span className="path" title={folder}>
            {folder}
          </span>
        </p>
        {desktop ? (
          <>
            <button type="button" onClick={chooseDownloadFolder}>
              Change…
            </button>
            <SettingCheck flag="askWhereToSave">Ask me where to save each file</SettingCheck>
          </>
        ) : (
          <p className="hint">
            In browser mode the Butterfly service keeps them; download each from its conversation.
          </p>
        )}
      </fieldset>
    </>
  );
}
