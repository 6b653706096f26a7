// Options ▸ Messages: how messages and files reach you. Emoticons as pictures, a toast instead of a
// window for a message to a closed conversation, where received files go and how large a file may be
// before accepting it asks twice, and the optional message log.
import { DEFAULT_MAX_FILE_SIZE, formatBytes } from '../../../app/conversation';
import { chooseDownloadFolder, requestSettings } from '../../actions';
import { usePendingChoice } from '../../hooks/usePendingChoice';
import { useSession } from '../../stores/session';
import { SettingCheck } from './SettingCheck';

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
const sendLimit = (maxFileSize: number) => requestSettings({ maxFileSize });

/** Files larger than the chosen size need a second yes; a size set elsewhere stays listed. */
function FileSizeLimit() {
  const limit = useSession((s) => s.settings.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  const choice = usePendingChoice(limit, sendLimit);
  const sizes = LIMITS.includes(choice.shown) ? LIMITS : [...LIMITS, choice.shown].sort((a, b) => a - b);
  return (
    <label className="size-limit">
      Ask again before accepting files larger than{' '}
      <select
        value={choice.shown}
        aria-busy={choice.pending}
        onChange={(e) => choice.choose(Number(e.target.value))}
      >
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
        <FileSizeLimit />
      </fieldset>
    </>
  );
}
