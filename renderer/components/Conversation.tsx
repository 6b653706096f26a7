// The Instant Message window, as 3.0 laid it out: menus, a toolbar, the "To:" line, the history, the
// compose box with Send, and the status line (who is typing, when the last message came, or the password
// warning). Files go out from the menus, the toolbar or by dropping them on the window.
import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ConversationInfo } from '../../app/conversation';
import { block, openDialog, unblock } from '../actions';
import {
  cancelInvitation,
  declineInvitation,
  invite,
  offerFile,
  saveConversation,
  setEmoticons,
  startAccepting,
} from '../conversationActions';
import { keyOf, useContacts } from '../stores/contacts';
import { useConversations } from '../stores/conversations';
import { useSession } from '../stores/session';
import { pushNotice } from '../stores/ui';
import { displayName, fullName, isBlocked, isOnline } from '../status';
import { Compose } from './conversation/Compose';
import { statusLine } from './conversation/conversationText';
import { FontDialog } from './conversation/FontDialog';
import { History } from './conversation/History';
import { newestInvitation } from './conversation/InvitationView';
import type { MenuEntry } from './Menu';
import { MenuBar } from './MenuBar';
import { Notices } from './Notices';
import { useCloseWindow } from './windowContext';

const NO_NAMES: string[] = [];

/** "Alice, Bob" for a conversation's members (their current names), or '' when this window does not know them. */
export function useMemberNames(id: string): string {
  const members = useConversations((s) => (id ? s.byId[id]?.members : undefined));
  const names = useContacts(
    useShallow((s) =>
      members
        ? members.map((m) =>
            displayName({ email: m.email, nickname: s.byEmail[keyOf(m.email)]?.nickname || m.nickname }),
          )
        : NO_NAMES,
    ),
  );
  return names.join(', ');
}

/** Why a file cannot be offered now, or ''. */
function fileBlockedReason(
  info: ConversationInfo | undefined,
  online: (email: string) => boolean,
  name: (email: string) => string,
): string {
  if (!info) return 'This conversation has ended.';
  if (info.fileBlocked) return info.fileBlocked;
  const other = info.members[0];
  if (other && !online(other.email)) return `${name(other.email)} is not online, so a file cannot be sent.`;
  return '';
}

export function Conversation({ id }: { id: string }) {
  const info = useConversations((s) => s.byId[id]);
  const ended = useConversations((s) => s.ended[id] === true);
  const signedIn = useSession((s) => s.session.phase === 'online');
  const browser = useSession((s) => s.environment === 'browser');
  const emoticons = useSession((s) => s.settings.emoticons);
  const byEmail = useContacts((s) => s.byEmail);
  const close = useCloseWindow();
  const [fontDialog, setFontDialog] = useState(false);
  const [upload, setUpload] = useState<{ name: string; sent: number; total: number } | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const nameOf = (email: string) => {
    const c = byEmail[keyOf(email)];
    return c
      ? displayName(c)
      : displayName({
          email,
          nickname: info?.members.find((m) => m.email.toLowerCase() === email.toLowerCase())?.nickname ?? '',
        });
  };
  const isUp = (email: string) => {
    const c = byEmail[keyOf(email)];
    return c ? isOnline(c.status) : false;
  };
  const composeBlocked = ended
    ? 'This conversation ended when you were signed out. Start a new one from your contact list.'
    : !signedIn
      ? 'You are signed out; sign in again to send messages.'
      : !info
        ? 'This conversation has ended.'
        : '';
  const fileBlocked = composeBlocked || fileBlockedReason(info, isUp, nameOf);
  const members = info?.members ?? [];
  const one = members.length === 1 ? members[0] : undefined;
  const oneContact = one ? byEmail[keyOf(one.email)] : undefined;

  const sendFile = (file?: File) => {
    if (fileBlocked) {
      pushNotice(fileBlocked, { scope: id });
      return;
    }
    if (browser && !file) {
      fileInput.current?.click();
      return;
    }
    if (browser && file) setUpload({ name: file.name, sent: 0, total: file.size });
    void offerFile(id, file, (sent, total) => setUpload({ name: file?.name ?? '', sent, total })).finally(
      () => setUpload(null),
    );
  };

  const inviteEntries: MenuEntry[] = Object.values(byEmail)
    .filter(
      (c) =>
        c.lists.includes('FL') &&
        isOnline(c.status) &&
        !members.some((m) => m.present && m.email.toLowerCase() === c.email.toLowerCase()),
    )
    .sort((a, b) => displayName(a).localeCompare(displayName(b)))
    .slice(0, 30)
    .map((c) => ({
      type: 'item',
      key: keyOf(c.email),
      label: displayName(c),
      title: fullName(c),
      onSelect: () => invite(id, c.email),
    }));
  const inviteItem: MenuEntry =
    inviteEntries.length > 0 && signedIn
      ? { type: 'item', label: 'To Join This Conversation', submenu: inviteEntries }
      : {
          type: 'item',
          label: 'To Join This Conversation',
          disabled: true,
          title: 'No one else on your list is online.',
        };
  const sendFileItem = (label: string): MenuEntry =>
    fileBlocked
      ? { type: 'item', label, disabled: true, title: fileBlocked }
      : { type: 'item', label, onSelect: () => sendFile() };

  // A page goes to the one other person's mobile device, offered only when they accept pages (BPR MOB Y).
  const pageItems: MenuEntry[] =
    signedIn && oneContact?.phones.MOB === 'Y'
      ? [{ type: 'item', label: 'Send a Page…', onSelect: () => openDialog('page', oneContact.email) }]
      : [];

  const menus = [
    {
      label: 'File',
      entries: [
        sendFileItem('Send a File…'),
        ...pageItems,
        { type: 'item', label: 'Save As…', onSelect: () => void saveConversation(id) },
        { type: 'separator' },
        { type: 'item', label: 'Close', onSelect: close },
      ] as MenuEntry[],
    },
    {
      label: 'Edit',
      entries: [
        { type: 'item', label: 'Select All', onSelect: () => selectHistory(id) },
        { type: 'item', label: 'Copy', onSelect: () => document.execCommand('copy') },
        { type: 'separator' },
        { type: 'item', label: 'Font…', onSelect: () => setFontDialog(true) },
      ] as MenuEntry[],
    },
    {
      label: 'View',
      entries: [
        {
          type: 'item',
          label: 'Emoticons',
          checked: emoticons,
          toggle: true,
          onSelect: () => setEmoticons(!emoticons),
        },
      ] as MenuEntry[],
    },
    { label: 'Invite', entries: [inviteItem, sendFileItem('To Receive a File…')] },
  ];

  // Alt+C accepts and Alt+D declines the newest offer, Alt+Q cancels the newest transfer, as in 3.0.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape' && !e.defaultPrevented && !fontDialog) {
      e.preventDefault();
      close();
      return;
    }
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    const key = e.key.toLowerCase();
    const all = useConversations.getState().invitations;
    if (key === 'c' || key === 'd') {
      const offer = newestInvitation(all, id, ['offered']);
      if (!offer) return;
      e.preventDefault();
      // The same path as the Accept button: an offer over the limit asks a second time.
      if (key === 'c') startAccepting(id, offer);
      else declineInvitation(id, offer.id);
    } else if (key === 'q') {
      const open = newestInvitation(all, id, ['waiting', 'connecting', 'transferring']);
      if (!open) return;
      e.preventDefault();
      cancelInvitation(id, open.id);
    }
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (!file) return;
    e.preventDefault();
    sendFile(file);
  };

  const status = upload
    ? `Preparing ${upload.name} for sending… ${upload.total > 0 ? Math.floor((upload.sent / upload.total) * 100) : 0}%`
    : statusLine(info, nameOf);

  return (
    <div
      className={`conversation${dragging ? ' dragging' : ''}`}
      data-conversation={id}
      onKeyDown={onKeyDown}
      onDragOver={(e) => {
        if (![...e.dataTransfer.types].includes('Files')) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = fileBlocked ? 'none' : 'copy';
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <MenuBar menus={menus} />
      <div className="conversation-toolbar" role="toolbar" aria-label="Conversation tools">
        <button
          type="button"
          className="tool"
          onClick={() => sendFile()}
          disabled={!!fileBlocked}
          title={fileBlocked || 'Send a file to this person'}
        >
          Send a File
        </button>
        {oneContact && (
          <button
            type="button"
            className="tool"
            onClick={() => (isBlocked(oneContact) ? unblock(oneContact.email) : block(oneContact.email))}
            title={
              isBlocked(oneContact)
                ? `Let ${displayName(oneContact)} see you and contact you again`
                : `Stop ${displayName(oneContact)} from seeing you and contacting you`
            }
          >
            {isBlocked(oneContact) ? 'Unblock' : 'Block'}
          </button>
        )}
      </div>
      {/* Long names are cut with an ellipsis: the tooltip names everyone in full. */}
      <div className="to-line" title={members.map((m) => `${nameOf(m.email)} <${m.email}>`).join('\n')}>
        <span className="to-label">To:</span>{' '}
        <span className="to-names">
          {members.length === 0
            ? 'Nobody yet'
            : members.map((m, i) => (
                <span key={m.email} className={m.present ? 'present' : 'absent'}>
                  {i > 0 && ', '}
                  {nameOf(m.email)} &lt;{m.email}&gt;
                </span>
              ))}
        </span>
      </div>
      <History id={id} />
      <Notices scope={id} />
      <Compose id={id} disabled={composeBlocked} autoFocus={!browser} />
      <div className="conversation-status status-bar">
        <span className="panel" role="status" aria-label="Conversation status">
          {status}
        </span>
      </div>
      {browser && (
        <input
          ref={fileInput}
          type="file"
          hidden
          aria-hidden="true"
          tabIndex={-1}
          data-testid={`send-file-${id}`}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) sendFile(file);
          }}
        />
      )}
      {fontDialog && <FontDialog onClose={() => setFontDialog(false)} />}
      {dragging && <div className="drop-hint">{fileBlocked || 'Drop the file to send it.'}</div>}
    </div>
  );
}

function selectHistory(id: string): void {
  const el = document.querySelector(`[data-conversation="${CSS.escape(id)}"] .history`);
  if (!el) return;
  const range = document.createRange();
  range.selectNodeContents(el);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}
