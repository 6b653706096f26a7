// msnp sendfile and msnp receive: file transfers (MSNFTP) from a terminal.
// sendfile offers one file and succeeds only when every byte arrived; receive stays signed in, reports
// every conversation, saves offered files when given --accept-files and politely declines the rest.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError, type CommandOptions } from './args';
import { who, type Reporter } from './output';
import { withSession } from './session';
import type { Conversation, ConversationOptions } from '../msnp/conversation';
import type { ConversationManager } from '../msnp/conversations';
import { DEFAULT_MAX_FILE_SIZE, formatBytes } from '../../app/conversation';
import { errorMessage, sentence } from '../msnp/errors';
import { DEFAULT_INVITE_TIMEOUT_MS } from '../msnp/invitations';

/** A transfer that did not complete; the message is one sentence for stderr. */
export class TransferError extends Error {
  override name = 'TransferError';
}

/** Both commands hash what goes through, so either end can print the SHA-256 to compare. */
const transferOptions = (inviteTimeoutMs?: number): ConversationOptions => ({ invitations: { inviteTimeoutMs, msnftp: { hash: true } } });

/** Progress is printed at every tenth of the file, or after a second without a line. */
const PROGRESS_STEPS = 10;
const PROGRESS_QUIET_MS = 1_000;

// ---- msnp sendfile ------------------------------------------------------------------------------------------

export async function runSendFile(opts: CommandOptions, out: Reporter, signal: AbortSignal): Promise<void> {
  const file = await readableFile(opts.file!);
  const to = opts.to!;
  const inviteTimeoutMs = opts.waitSeconds > 0 ? opts.waitSeconds * 1000 : DEFAULT_INVITE_TIMEOUT_MS;
  await withSession(
    opts,
    out,
    signal,
    async ({ conversations }) => {
      // Offers made to us meanwhile are declined, not left hanging.
      watchAll(conversations, out, undefined, 0);
      if (signal.aborted) throw new TransferError('Cancelled before the file was offered.');
      const c = conversations.open([to]);
      await reach(c, to, signal);
      await offer(c, file, to, inviteTimeoutMs, out, signal);
    },
    0,
    transferOptions(inviteTimeoutMs),
  );
}

/** Opens the conversation and waits until the other person is in it. */
async function reach(c: Conversation, to: string, signal: AbortSignal): Promise<void> {
  let callFailed: string | undefined;
  const offCall = c.on('callFailed', (e) => {
    callFailed ??= e.message;
  });
  let offAbort = (): void => {};
  const joined = c.invite(to);
  // If Ctrl+C wins the race, the call still ends later (the conversation is closed); nobody waits for it.
  joined.catch(() => {});
  const aborted = new Promise<never>((_, reject) => {
    const onAbort = (): void => reject(new TransferError('Cancelled before the file was offered.'));
    signal.addEventListener('abort', onAbort, { once: true });
    offAbort = () => signal.removeEventListener('abort', onAbort);
  });
  aborted.catch(() => {});
  try {
    await Promise.race([joined, aborted]);
  } catch (err) {
    if (err instanceof TransferError) throw err;
    // The engine words a refused call for text messages; this command sends a file.
    const why = callFailed?.replace('so your message could not be delivered', 'so the file could not be sent') ?? `The file could not be sent: ${errorMessage(err)}`;
    throw new TransferError(sentence(why));
  } finally {
    offCall();
    offAbort();
  }
}

type Terminal =
  | { kind: 'done' }
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled'; by: 'peer' | 'self'; code: string; message: string };

/** Offers the file and waits for the one outcome of the invitation; throws a TransferError unless it was sent. */
async function offer(c: Conversation, file: string, to: string, inviteTimeoutMs: number, out: Reporter, signal: AbortSignal): Promise<void> {
  const inv = c.invitations;
  // Outcomes are recorded from before the offer goes out, so a fast answer cannot slip past.
  const outcomes = new Map<string, Terminal>();
  const started = new Set<string>();
  let wake = (): void => {};
  const offs = [
    inv.on('transferStarted', (e) => started.add(e.cookie)),
    inv.on('transferDone', (e) => record(e.cookie, { kind: 'done' })),
    inv.on('transferFailed', (e) => record(e.cookie, { kind: 'failed', message: e.message })),
    inv.on('cancelled', (e) => record(e.cookie, { kind: 'cancelled', by: e.by, code: e.code, message: e.message })),
  ];
  function record(cookie: string, t: Terminal): void {
    if (!outcomes.has(cookie)) outcomes.set(cookie, t);
    wake();
  }
  const name = c.memberList[0]?.nickname || to;
  let aborted = false;
  let peerLeft = false;
  let stop = (): void => {};
  const onAbort = (): void => {
    aborted = true;
    stop();
  };
  const offLeft = c.on('left', (e) => {
    if (e.email.toLowerCase() !== to.toLowerCase()) return;
    peerLeft = true;
    stop();
  });
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    let transfer;
    try {
      transfer = await c.sendFile({ path: file });
    } catch (err) {
      throw new TransferError(sentence(errorMessage(err)));
    }
    const { cookie } = transfer;
    out.event(
      'offered',
      { conversation: c.id, cookie, to, fileName: transfer.fileName, size: transfer.size },
      `Offered ${transfer.fileName} (${transfer.size} bytes) to ${name}; waiting up to ${Math.round(inviteTimeoutMs / 1000)} seconds for an answer`,
    );
    stop = () => {
      // Once bytes flow the switchboard no longer matters: only Ctrl+C stops a running transfer.
      if (started.has(cookie) && !aborted) return;
      // A cancel sent into an empty conversation would ring the peer again; closing ends the offer quietly.
      if (started.has(cookie) || c.connected) void transfer.cancel().catch(() => {});
      else c.close();
    };
    if (aborted || peerLeft) stop();
    const end = await new Promise<Terminal>((resolve) => {
      wake = () => {
        const t = outcomes.get(cookie);
        if (t) resolve(t);
      };
      wake();
    });
    if (end.kind === 'done') return;
    if (aborted) throw new TransferError('You cancelled the transfer, so the file was not sent.');
    if (end.kind === 'cancelled' && end.by === 'peer' && end.code === 'REJECT') throw new TransferError(`${name} declined the file.`);
    if (end.kind === 'cancelled' && end.by === 'self' && peerLeft) throw new TransferError(`${name} left the conversation without answering, so the file was not sent.`);
    throw new TransferError(sentence(end.message));
  } finally {
    signal.removeEventListener('abort', onAbort);
    offLeft();
    for (const off of offs) off();
  }
}

async function readableFile(file: string): Promise<string> {
  const resolved = path.resolve(file);
  const info = await stat(resolved).catch(() => null);
  if (!info) throw new UsageError(`--file must name a file that exists, and "${file}" does not`);
  if (!info.isFile()) throw new UsageError(`--file must name a file, and "${file}" is not one`);
  await access(resolved, constants.R_OK).catch(() => {
    throw new UsageError(`--file must name a file you can read, and "${file}" cannot be read`);
  });
  return resolved;
}

// ---- msnp receive -------------------------------------------------------------------------------------------

export async function runReceive(opts: CommandOptions, out: Reporter, signal: AbortSignal): Promise<void> {
  const acceptDir = opts.acceptDir === undefined ? undefined : await writableFolder(opts.acceptDir);
  const maxSize = opts.maxSize ?? DEFAULT_MAX_FILE_SIZE;
  // --wait 0 (the default) means until Ctrl+C.
  const waitSeconds = opts.waitSeconds > 0 ? opts.waitSeconds : Infinity;
  await withSession(
    opts,
    out,
    signal,
    async ({ ns, conversations }) => {
      watchAll(conversations, out, acceptDir, maxSize);
      const self = ns.state.selfInfo();
      const files = acceptDir ? `saving offered files in ${acceptDir}` : 'declining offered files (use --accept-files DIR to save them)';
      const until = Number.isFinite(waitSeconds) ? `for ${waitSeconds} seconds` : 'until Ctrl+C';
      out.event(
        'signedIn',
        { email: self.email, status: self.status, acceptFiles: acceptDir ?? null, maxSize, waitSeconds: Number.isFinite(waitSeconds) ? waitSeconds : null },
        `Signed in as ${who(self)}; listening ${until}, ${files}`,
      );
    },
    waitSeconds,
    transferOptions(),
  );
}

async function writableFolder(folder: string): Promise<string> {
  const resolved = path.resolve(folder);
  const info = await stat(resolved).catch(() => null);
  if (!info?.isDirectory()) throw new UsageError(`--accept-files must name an existing folder, and "${folder}" is not one`);
  await access(resolved, constants.W_OK).catch(() => {
    throw new UsageError(`--accept-files must name a folder you can write to, and "${folder}" is not writable`);
  });
  return resolved;
}

// ---- what both commands do in every conversation --------------------------------------------------------------

/**
 * Handles invitations in every conversation, now and later: files up to maxSize bytes saved into acceptDir,
 * the rest declined (all of them without acceptDir), and other invitations declined.
 */
function watchAll(conversations: ConversationManager, out: Reporter, acceptDir: string | undefined, maxSize: number): void {
  const watched = new WeakSet<Conversation>();
  const watch = (c: Conversation): void => {
    if (watched.has(c)) return;
    watched.add(c);
    watchInvitations(c, out, acceptDir, maxSize);
  };
  for (const c of conversations.all) watch(c);
  conversations.on('conversation', ({ conversation }) => watch(conversation));
}

function watchInvitations(c: Conversation, out: Reporter, acceptDir: string | undefined, maxSize: number): void {
  const inv = c.invitations;
  const names = new Map<string, string>();
  const progress = new Map<string, { step: number; at: number }>();
  /** Cookies we declined ourselves: their `cancelled` needs no second line. */
  const declined = new Set<string>();
  const person = (email: string): string => {
    const m = c.memberList.find((x) => x.email.toLowerCase() === email.toLowerCase());
    return who(m ?? { email, nickname: email });
  };
  const base = (cookie: string): Record<string, unknown> => ({ conversation: c.id, fileName: names.get(cookie) });
  const label = (cookie: string): string => names.get(cookie) ?? 'The invitation';

  inv.on('fileOffer', (o) => {
    names.set(o.cookie, o.fileName);
    out.event('fileOffer', { conversation: c.id, ...o }, `${person(o.from)} offers ${o.fileName} (${o.size} bytes)`);
    if (acceptDir === undefined) {
      declined.add(o.cookie);
      inv.declineFile(o.cookie).then(
        () => out.event('fileDeclined', { ...base(o.cookie), cookie: o.cookie, from: o.from }, `Declined ${o.fileName} (files are saved only with --accept-files DIR)`),
        () => {},
      );
      return;
    }
    if (o.size > maxSize) {
      declined.add(o.cookie);
      const message = `Declined ${o.fileName}: it is ${formatBytes(o.size)}, larger than the limit of ${formatBytes(maxSize)}; use --max-size to receive larger files.`;
      inv.declineFile(o.cookie).then(
        () => out.event('fileDeclined', { ...base(o.cookie), cookie: o.cookie, from: o.from, reason: 'too-large', size: o.size, maxSize, message }, message),
        () => {},
      );
      return;
    }
    inv.acceptFile(o.cookie, acceptDir).then(
      () => out.event('fileAccepted', { ...base(o.cookie), cookie: o.cookie, folder: acceptDir }, `Accepted ${o.fileName}; it will be saved in ${acceptDir}`),
      (err: unknown) => {
        out.event('warning', { conversation: c.id, code: 'accept-failed', message: errorMessage(err) }, `warning: ${errorMessage(err)}`);
        // Still open when the folder was the problem; already ended when the answer could not be sent.
        void inv.declineFile(o.cookie).catch(() => {});
      },
    );
  });

  inv.on('otherInvitation', (o) => {
    declined.add(o.cookie);
    const what = o.kind === 'voice' ? 'voice conversation' : `invitation to ${printable(o.applicationName) || 'an unknown program'}`;
    out.event('invitationDeclined', { conversation: c.id, ...o, code: 'REJECT_NOT_INSTALLED' }, `Declined ${person(o.from)}'s ${what} (msnp does not support it)`);
    void inv.declineOther(o.cookie, 'REJECT_NOT_INSTALLED').catch(() => {});
  });

  inv.on('transferStarted', (e) => {
    names.set(e.cookie, e.fileName);
    progress.set(e.cookie, { step: 0, at: Date.now() });
    const text = e.direction === 'receive' ? `Receiving ${e.fileName} (${e.size} bytes) from ${person(e.peer)}` : `${person(e.peer)} accepted; sending ${e.fileName} (${e.size} bytes)`;
    out.event('transferStarted', { conversation: c.id, ...e }, text);
  });

  inv.on('progress', (p) => {
    // The end is reported by transferDone; in between, one line per tenth or per quiet second.
    if (p.total <= 0 || p.transferred >= p.total) return;
    const now = Date.now();
    const step = Math.floor((p.transferred * PROGRESS_STEPS) / p.total);
    const last = progress.get(p.cookie) ?? { step: 0, at: now };
    if (step <= last.step && now - last.at < PROGRESS_QUIET_MS) return;
    progress.set(p.cookie, { step: Math.max(step, last.step), at: now });
    const percent = Math.floor((p.transferred * 100) / p.total);
    out.event('progress', { ...base(p.cookie), ...p, percent }, `${label(p.cookie)}: ${percent}% (${p.transferred} of ${p.total} bytes)`);
  });

  inv.on('transferDone', (e) => {
    const hash = e.sha256 ? `, sha256 ${e.sha256}` : '';
    const text = e.direction === 'receive' ? `Saved ${label(e.cookie)} as ${e.path} (${e.bytes} bytes${hash})` : `Sent ${label(e.cookie)} (${e.bytes} bytes${hash})`;
    out.event('transferDone', { ...base(e.cookie), ...e }, text);
    forget(e.cookie);
  });

  inv.on('transferFailed', (e) => {
    out.event('transferFailed', { ...base(e.cookie), ...e }, `${label(e.cookie)}: ${e.message}`);
    forget(e.cookie);
  });

  inv.on('cancelled', (e) => {
    const ours = e.by === 'self' && declined.has(e.cookie);
    out.event('cancelled', { ...base(e.cookie), ...e }, ours ? null : `${label(e.cookie)}: ${e.message}`);
    forget(e.cookie);
  });

  inv.on('warning', (w) => out.event('warning', { conversation: c.id, ...w }, `warning: ${w.message}`));

  function forget(cookie: string): void {
    names.delete(cookie);
    progress.delete(cookie);
    declined.delete(cookie);
  }
}

/** Peer-chosen text for a terminal line: no control characters, not endless. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').slice(0, 80);
}
