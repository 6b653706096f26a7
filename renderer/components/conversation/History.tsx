// The history pane: "Name says:" and the text in the sender's style, system lines, invitations, and the
// undelivered message with Retry. It keeps its DOM small however long the conversation grows: only the
// newest lines are drawn, and scrolling to the top draws (or fetches from main) the ones before.
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ConversationLine, MessageLine } from '../../../app/conversation';
import { loadLines, sendMessage } from '../../conversationActions';
import { selectLines, useConversations } from '../../stores/conversations';
import { useSession } from '../../stores/session';
import { displayName } from '../../status';
import { clockTime, shortDate, textStyle } from './conversationText';
import { InvitationView } from './InvitationView';
import { MessageText } from './MessageText';

/** Lines a window draws when it opens: a few screens' worth, so it paints at once. */
const FIRST_DRAWN = 40;
/** Lines drawn once the person is at the bottom; older ones come back on scrolling up. */
const KEEP_DRAWN = 300;
/** Drawn lines beyond which the oldest are let go (while at the bottom). */
const MAX_DRAWN = 600;
/** Lines added above per step of scrolling up. */
const STEP = 200;
/** Within this many pixels of an edge counts as at it. */
const EDGE_PX = 24;

function firstIndexAtOrAfter(lines: readonly ConversationLine[], seq: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const Message = memo(function Message({
  line,
  conversationId,
  size,
  emoticons,
}: {
  line: MessageLine;
  conversationId: string;
  size: number;
  emoticons: boolean;
}) {
  const when = `${line.direction === 'in' ? 'Received' : 'Sent'} at ${clockTime(line.at)} on ${shortDate(line.at)}`;
  // A conversation whose session ended cannot send again; its window only shows what happened.
  const ended = useConversations((s) => s.ended[conversationId] === true);
  const text = (
    <div className="text" style={textStyle(line.style, size)}>
      <MessageText text={line.text} emoticons={emoticons} />
    </div>
  );
  if (line.delivery === 'failed') {
    return (
      <div className="line message failed" title={when}>
        <div className="failed-head">The following message could not be delivered to all recipients:</div>
        {text}
        <div className="failed-reason">{line.error}</div>
        {!ended && (
          <button
            type="button"
            className="link"
            onClick={() => sendMessage(conversationId, line.text, line.style)}
          >
            Retry
          </button>
        )}
      </div>
    );
  }
  return (
    <div
      className={`line message ${line.direction}${line.delivery === 'sending' ? ' sending' : ''}`}
      title={line.delivery === 'sending' ? `${when}; not yet delivered` : when}
    >
      <div className="says">{displayName({ email: line.from, nickname: line.nickname })} says:</div>
      {text}
    </div>
  );
});

const Line = memo(function Line({
  line,
  conversationId,
  size,
  emoticons,
}: {
  line: ConversationLine;
  conversationId: string;
  size: number;
  emoticons: boolean;
}) {
  switch (line.kind) {
    case 'message':
      return <Message line={line} conversationId={conversationId} size={size} emoticons={emoticons} />;
    case 'system':
      return (
        <div className={`line system ${line.tone}`} title={clockTime(line.at)}>
          {line.text}
        </div>
      );
    case 'invitation':
      return <InvitationView id={line.invitationId} />;
  }
});

export function History({ id }: { id: string }) {
  const lines = useConversations(selectLines(id));
  const olderThan = useConversations((s) => s.olderThan[id]);
  const size = useSession((s) => s.settings.font.size);
  const emoticons = useSession((s) => s.settings.emoticons);
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  /** Distance from the bottom to keep when lines are added above (paging back). */
  const keepFromBottom = useRef<number | null>(null);
  const loading = useRef(false);
  // A window opening on a long conversation draws only its newest lines, from the first frame.
  const [fromSeq, setFromSeq] = useState(() => lines[Math.max(0, lines.length - FIRST_DRAWN)]?.seq ?? 0);

  useEffect(() => {
    void loadLines(id, null);
  }, [id]);

  // Main holds lines this window never heard of (events lost while the page's connection was down):
  // fetch the newest page again; it merges with what is here.
  const mainLast = useConversations((s) => s.byId[id]?.lastSeq ?? 0);
  const haveLast = lines.at(-1)?.seq ?? 0;
  useEffect(() => {
    if (mainLast > haveLast && haveLast > 0) void loadLines(id, null);
  }, [id, mainLast, haveLast]);

  const from = firstIndexAtOrAfter(lines, fromSeq);
  const drawn = lines.slice(from);

  // While at the bottom, let the oldest drawn lines go so the page stays light.
  useEffect(() => {
    if (atBottom.current && lines.length - from > MAX_DRAWN)
      setFromSeq(lines[lines.length - KEEP_DRAWN]!.seq);
  }, [lines, from]);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    if (keepFromBottom.current !== null) {
      el.scrollTop = el.scrollHeight - keepFromBottom.current;
      keepFromBottom.current = null;
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [drawn.length, lines]);

  const showEarlier = useCallback(async () => {
    const el = box.current;
    if (!el || loading.current) return;
    if (from > 0) {
      keepFromBottom.current = el.scrollHeight - el.scrollTop;
      setFromSeq(lines[Math.max(0, from - STEP)]!.seq);
      return;
    }
    if (!olderThan) return;
    loading.current = true;
    keepFromBottom.current = el.scrollHeight - el.scrollTop;
    await loadLines(id, olderThan);
    loading.current = false;
    setFromSeq(0);
  }, [from, lines, olderThan, id]);

  // A tall window that the first lines do not fill has no scroll bar to scroll up with: draw more now.
  useEffect(() => {
    const el = box.current;
    if (el && el.scrollHeight <= el.clientHeight && (from > 0 || olderThan)) void showEarlier();
  }, [from, olderThan, showEarlier, drawn.length]);

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < EDGE_PX;
    if (el.scrollTop < EDGE_PX && (from > 0 || olderThan)) void showEarlier();
  };

  return (
    <div
      ref={box}
      className="history"
      role="log"
      aria-label="Conversation history"
      aria-live="polite"
      tabIndex={0}
      onScroll={onScroll}
    >
      {(from > 0 || !!olderThan) && (
        <button type="button" className="link earlier" onClick={() => void showEarlier()}>
          Show earlier messages
        </button>
      )}
      {drawn.map((line) => (
        <Line key={line.seq} line={line} conversationId={id} size={size} emoticons={emoticons} />
      ))}
    </div>
  );
}
