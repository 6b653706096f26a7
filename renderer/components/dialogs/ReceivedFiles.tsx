// File ▸ Open Received Files in browser mode, where a page cannot open a folder: the files received since
// you signed in, each with its Download link as its conversation shows it, and where they are kept.
import { useEffect, useState } from 'react';
import { formatBytes, type InvitationInfo } from '../../../app/conversation';
import { isReceivedFile, openReceivedFolder, receivedFiles } from '../../actions';
import { downloadUrl } from '../../conversationActions';
import { displayName } from '../../status';
import { useConversations } from '../../stores/conversations';
import { useSession } from '../../stores/session';
import { useCloseWindow } from '../windowContext';

/** Main's list (it keeps files whose conversation window closed) with any that arrived since, newest first. */
function useReceived(): InvitationInfo[] {
  const [kept, setKept] = useState<InvitationInfo[]>([]);
  useEffect(() => {
    let live = true;
    void receivedFiles().then((files) => {
      if (live) setKept(files);
    });
    return () => {
      live = false;
    };
  }, []);
  const shown = useConversations((s) => s.invitations);
  const byId = new Map(kept.map((inv) => [inv.id, inv]));
  for (const inv of Object.values(shown)) if (isReceivedFile(inv)) byId.set(inv.id, inv);
  return [...byId.values()].sort((a, b) => Number(b.id.slice(1)) - Number(a.id.slice(1)));
}

export function ReceivedFiles() {
  const close = useCloseWindow();
  const files = useReceived();
  const folder = useSession((s) => s.settings.downloadsFolder);
  const browser = useSession((s) => s.environment === 'browser');
  return (
    <div className="dialog received-files">
      {files.length === 0 ? (
        <p>No files have been received since you signed in.</p>
      ) : (
        <ul className="received-list" aria-label="Files received">
          {files.map((inv) => (
            <li key={inv.id}>
              <span className="received-name">{inv.fileName}</span>{' '}
              <span className="hint">
                ({formatBytes(inv.size)}) from {displayName({ email: inv.peer, nickname: inv.peerName })}
              </span>{' '}
              {browser && (
                <a className="link" href={downloadUrl(inv.id)} download={inv.fileName}>
                  Download
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="hint">
        {browser
          ? `Received files are saved in ${folder} on the computer that runs Butterfly.`
          : `Received files are saved in ${folder}.`}
      </p>
      <div className="buttons">
        {!browser && (
          <button type="button" onClick={openReceivedFolder}>
            Open Folder
          </button>
        )}
        <button type="button" className="default" onClick={close} autoFocus>
          Close
        </button>
      </div>
    </div>
  );
}
