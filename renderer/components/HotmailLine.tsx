// "3 new e-mail messages": the unread Hotmail count sent at sign-in; a click opens the inbox.
import { uiImageUrl } from '../assets';
import { openInbox } from '../actions';
import { selectInboxUnread, useSession } from '../stores/session';

function mailLine(unread: number): string {
  return `${unread} new e-mail message${unread === 1 ? '' : 's'}`;
}

export function HotmailLine() {
  const unread = useSession(selectInboxUnread);
  const hasMail = useSession((s) => s.mail !== null);
  if (!hasMail) return null;
  const icon = uiImageUrl('hotmail');
  return (
    <div className="hotmail">
      {icon ? (
        <img src={icon} width={16} height={16} alt="" />
      ) : (
        <span className="hotmail-fallback" aria-hidden="true" />
      )}
      <button type="button" className="link" title="Open your Hotmail inbox" onClick={openInbox}>
        {mailLine(unread)}
      </button>
    </div>
  );
}
