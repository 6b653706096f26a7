// What the windows know of each file invitation: its state, the bytes so far, the rate over the last few
// seconds and the time left, the saved path and checksum, and the sentence for how it ended. Pure
// bookkeeping with an injectable clock; conversationTransfers.ts feeds it the engine's invitation events.
import {
  invitationEnded,
  isExecutableName,
  type InvitationInfo,
  type InvitationState,
} from '../../app/conversation';

/** The rate is measured over this much recent time, so a stall shows within seconds. */
const RATE_WINDOW_MS = 3_000;
/** Progress reaches the windows at most this often per transfer (the final one always). */
export const PROGRESS_EVERY_MS = 250;

interface Tracked {
  info: InvitationInfo;
  /** Cookie as the engine knows it; never sent to a window. */
  cookie: string;
  samples: { at: number; bytes: number }[];
  lastEmitted: number;
  /** Progress was held back and the windows have not heard it yet. */
  owed: boolean;
}

/**
 * Counted for the whole process, not per session: the windows of a session that ended on its own may still
 * show its invitations, and must never take a new session's for them.
 */
let invitationCount = 0;

export class TransferTracker {
  private readonly byId = new Map<string, Tracked>();

  constructor(private readonly now: () => number = Date.now) {}

  create(
    init: Omit<
      InvitationInfo,
      'id' | 'transferred' | 'rate' | 'secondsLeft' | 'executable' | 'savedPath' | 'sha256' | 'message'
    >,
    cookie: string,
  ): InvitationInfo {
    const id = `i${++invitationCount}`;
    const info: InvitationInfo = {
      ...init,
      id,
      transferred: 0,
      rate: 0,
      secondsLeft: null,
      executable: isExecutableName(init.fileName),
      savedPath: '',
      sha256: '',
      message: '',
    };
    // Never emitted: the first progress shows at once, whatever the clock reads.
    this.byId.set(id, { info, cookie, samples: [], lastEmitted: -Infinity, owed: false });
    return { ...info };
  }

  get(id: string): InvitationInfo | undefined {
    const t = this.byId.get(id);
    return t ? { ...t.info } : undefined;
  }

  cookieOf(id: string): string | undefined {
    return this.byId.get(id)?.cookie;
  }

  /**
   * The invitation of this conversation with this cookie, if any: the newest, since a cookie may come again
   * once its invitation has ended (a later switchboard, a peer that counts its cookies from 1).
   */
  find(conversationId: string, cookie: string): InvitationInfo | undefined {
    let found: Tracked | undefined;
    for (const t of this.byId.values())
      if (t.cookie === cookie && t.info.conversationId === conversationId) found = t;
    return found ? { ...found.info } : undefined;
  }

  all(): InvitationInfo[] {
    return [...this.byId.values()].map((t) => ({ ...t.info }));
  }

  ofConversation(conversationId: string): InvitationInfo[] {
    return this.all().filter((i) => i.conversationId === conversationId);
  }

  /** Moves to a state (with optional fields); an ended invitation never moves again. Null when nothing changed. */
  set(
    id: string,
    state: InvitationState,
    fields: Partial<
      Pick<
        InvitationInfo,
        'peer' | 'peerName' | 'fileName' | 'savedPath' | 'sha256' | 'message' | 'transferred'
      >
    > = {},
  ): InvitationInfo | null {
    const t = this.byId.get(id);
    if (!t || invitationEnded(t.info.state)) return null;
    t.info = { ...t.info, ...fields, state };
    if (state === 'transferring' && t.samples.length === 0)
      t.samples.push({ at: this.now(), bytes: t.info.transferred });
    if (invitationEnded(state)) {
      t.info.rate = 0;
      t.info.secondsLeft = state === 'done' ? 0 : null;
      if (state === 'done') t.info.transferred = t.info.size;
    }
    return { ...t.info };
  }

  /**
   * Records progress; returns the info when the windows should hear of it (at most every PROGRESS_EVERY_MS,
   * and always for the last byte), else null.
   */
  progress(id: string, transferred: number): InvitationInfo | null {
    const t = this.byId.get(id);
    if (!t || invitationEnded(t.info.state)) return null;
    const now = this.now();
    if (t.info.state !== 'transferring') t.info = { ...t.info, state: 'transferring' };
    t.samples.push({ at: now, bytes: transferred });
    while (t.samples.length > 2 && now - t.samples[0]!.at > RATE_WINDOW_MS) t.samples.shift();
    const first = t.samples[0]!;
    const seconds = (now - first.at) / 1000;
    const rate = seconds > 0 ? (transferred - first.bytes) / seconds : 0;
    t.info = {
      ...t.info,
      transferred,
      rate: Math.max(0, Math.round(rate)),
      secondsLeft: rate > 0 ? Math.max(0, (t.info.size - transferred) / rate) : null,
    };
    const last = transferred >= t.info.size;
    if (!last && now - t.lastEmitted < PROGRESS_EVERY_MS) {
      t.owed = true;
      return null;
    }
    t.lastEmitted = now;
    t.owed = false;
    return { ...t.info };
  }

  /**
   * The progress progress() held back, for the caller to send once PROGRESS_EVERY_MS has passed; null when
   * nothing is owed. Without it a transfer that stalls right after a held-back update would show old figures.
   */
  flush(id: string): InvitationInfo | null {
    const t = this.byId.get(id);
    if (!t || !t.owed || invitationEnded(t.info.state)) return null;
    t.owed = false;
    t.lastEmitted = this.now();
    return { ...t.info };
  }
}
