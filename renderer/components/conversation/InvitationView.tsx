// A file invitation in the history: the offer with Accept (Alt+C) / Decline (Alt+D), our own offer with
// Cancel (Alt+Q), the transfer's progress (bytes, percentage, rate, time left) and how it ended. An offer
// larger than the person's limit asks a second time before it is accepted.
import { memo } from 'react';
import {
  DEFAULT_MAX_FILE_SIZE,
  formatBytes,
  formatTimeLeft,
  largeFileQuestion,
  type InvitationInfo,
} from '../../../app/conversation';
import {
  acceptInvitation,
  cancelInvitation,
  declineInvitation,
  downloadUrl,
  showReceivedFile,
  startAccepting,
} from '../../conversationActions';
import { useConversations } from '../../stores/conversations';
import { useSession } from '../../stores/session';
import { displayName } from '../../status';

function percent(inv: InvitationInfo): number {
  return inv.size > 0 ? Math.min(100, Math.floor((inv.transferred / inv.size) * 100)) : 100;
}

function Progress({ inv }: { inv: InvitationInfo }) {
  const pct = percent(inv);
  const left = formatTimeLeft(inv.secondsLeft);
  return (
    <>
      <div
        className="transfer-bar"
        role="progressbar"
        aria-label={`Transfer of ${inv.fileName}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
      >
        <div className="transfer-fill" style={{ width: `${pct}%` }} />
      </div>
      <div className="transfer-figures">
        {formatBytes(inv.transferred)} of {formatBytes(inv.size)} ({pct}%)
        {inv.rate > 0 && <> at {formatBytes(inv.rate)}/s</>}
        {left && <>, {left} left</>}
      </div>
    </>
  );
}

export const InvitationView = memo(function InvitationView({ id }: { id: string }) {
  const inv = useConversations((s) => s.invitations[id]);
  const browser = useSession((s) => s.environment === 'browser');
  const limit = useSession((s) => s.settings.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  // Accept (or Alt+C) on an offer over the limit turns into the question; only its Accept anyway accepts.
  const confirming = useConversations((s) => s.confirming[id] === true);
  if (!inv) return <div className="line system">A file invitation.</div>;
  const file = `"${inv.fileName}" (${formatBytes(inv.size)})`;
  const who = displayName({ email: inv.peer, nickname: inv.peerName }) || 'The other person';
  const c = inv.conversationId;
  const cancel = (
    <button type="button" className="link" onClick={() => cancelInvitation(c, id)}>
      Cancel (Alt+Q)
    </button>
  );

  let body;
  switch (inv.state) {
    case 'offered':
      body = (
        <>
          <p>
            {who} would like to send you the file {file}.
          </p>
          {inv.executable && (
            <p className="warning" role="note">
              Files that end in this way can run programs, and a program can harm your computer or your files.
              Accept it only if you expected it and trust {who}.
            </p>
          )}
          {confirming ? (
            <>
              <p className="warning" role="alert">
                {largeFileQuestion(inv.size, limit)}
              </p>
              <p className="actions">
                <button type="button" className="link" onClick={() => acceptInvitation(c, id, true)}>
                  Accept anyway
                </button>
                <button type="button" className="link" onClick={() => declineInvitation(c, id)}>
                  Decline
                </button>
              </p>
            </>
          ) : (
            <p className="actions">
              <button type="button" className="link" onClick={() => startAccepting(c, inv)}>
                Accept (Alt+C)
              </button>
              <button type="button" className="link" onClick={() => declineInvitation(c, id)}>
                Decline (Alt+D)
              </button>
            </p>
          )}
        </>
      );
      break;
    case 'waiting':
      body = (
        <>
          <p>
            Waiting for {who} to accept the file {file}.
          </p>
          <p className="actions">{cancel}</p>
        </>
      );
      break;
    case 'connecting':
      body = (
        <>
          <p>
            {inv.direction === 'send'
              ? `${who} accepted ${file}. Connecting…`
              : `Connecting to ${who} for ${file}…`}
          </p>
          <p className="actions">{cancel}</p>
        </>
      );
      break;
    case 'transferring':
      body = (
        <>
          <p>
            {inv.direction === 'send' ? 'Sending' : 'Receiving'} {file}
          </p>
          <Progress inv={inv} />
          <p className="actions">{cancel}</p>
        </>
      );
      break;
    case 'done':
      body =
        inv.direction === 'receive' ? (
          <>
            <p>
              You have received {file} from {who}. It was saved as{' '}
              <span className="path">{inv.savedPath}</span>.
            </p>
            {inv.sha256 && <p className="checksum">SHA-256 {inv.sha256}</p>}
            <p className="actions">
              {browser ? (
                <a className="link" href={downloadUrl(id)} download={inv.fileName}>
                  Download
                </a>
              ) : (
                <button type="button" className="link" onClick={() => showReceivedFile(c, id)}>
                  Open Folder
                </button>
              )}
            </p>
          </>
        ) : (
          <p>
            {who} has received {file}.
          </p>
        );
      break;
    default:
      body = (
        <p className="ended">
          {inv.fileName}: {inv.message || 'The transfer did not finish.'}
        </p>
      );
  }
  return (
    <div className={`line invitation ${inv.state}`} data-invitation={id}>
      {body}
    </div>
  );
});

/** The newest invitation of a conversation in one of these states: the one Alt+C/D/Q act on. */
export function newestInvitation(
  invitations: Record<string, InvitationInfo>,
  conversationId: string,
  states: readonly InvitationInfo['state'][],
): InvitationInfo | undefined {
  let best: InvitationInfo | undefined;
  for (const inv of Object.values(invitations)) {
    if (inv.conversationId !== conversationId || !states.includes(inv.state)) continue;
    if (!best || Number(inv.id.slice(1)) > Number(best.id.slice(1))) best = inv;
  }
  return best;
}
