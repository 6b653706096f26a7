// Options ▸ Messages: how messages and files reach you. Emoticons as pictures, where received files go and
// how large a file may be before accepting it asks twice, and the optional message log. (The toast for a
// message to a closed conversation is with the other toasts, under Preferences.) Edits wait for Apply or OK,
// the folder picked with Change… too.
import { DEFAULT_MAX_FILE_SIZE, formatBytes } from '../../../app/conversation';
import { chooseDownloadFolder } from '../../actions';
import { useSession } from '../../stores/session';
import { DraftCheck, useSettingsDraft } from './settingsDraft';

const GB = 1024 ** 3;
const LIMITS: readonly number[] = [
  100 * 1024 ** 2,
  500 * 1024 ** 2,
  GB,
  2 * GB,
  4 * GB,
  8 * GB,
  16 * GB,
  64 * GB,
];

/** Files larger than the chosen size need a second yes; a size set elsewhere stays listed. */
function FileSizeLimit() {
  const draft = useSettingsDraft();
  const shown = draft.value('maxFileSize') ?? DEFAULT_MAX_FILE_SIZE;
  const sizes = LIMITS.includes(shown) ? LIMITS : [...LIMITS, shown].sort((a, b) => a - b);
  return (
    <label className="size-limit">
      Ask again before accepting files larger than{' '}
      <select value={shown} onChange={(e) => draft.set({ maxFileSize: Number(e.target.value) })}>
        {sizes.map((size) => (
          <option key={size} value={size}>
            {formatBytes(size)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function MessagesTab() {
  const draft = useSettingsDraft();
  const folder = draft.value('downloadsFolder');
  const desktop = useSession((s) => s.environment === 'desktop');
  const change = async () => {
    const picked = await chooseDownloadFolder();
    if (picked) draft.set({ downloadsFolder: picked });
  };
  return (
    <>
      <fieldset className="group">
        <legend>Messages</legend>
        <DraftCheck flag="emoticons">Show emoticons as pictures</DraftCheck>
        <DraftCheck flag="messageLog">Keep a log of my messages on this computer</DraftCheck>
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
            <button type="button" onClick={() => void change()}>
              Change…
            </button>
            <DraftCheck flag="askWhereToSave">Ask me where to save each file</DraftCheck>
          </>
        ) : (
          <p className="hint">
            In browser mode the Butterfly service keeps them; download each from its conversation.
          </p>
        )}
        <FileSizeLimit />
      </fieldset>
    </>
  );
}
