// What every msnp command shares: sign in with the options, report events, run the command's body,
// wait --wait seconds, sign out, and print the final state.
import type { CommonOptions } from './args';
import { FileListCache } from '../msnp/listCache';
import { NotificationSession } from '../msnp/notificationSession';
import { ConversationManager } from '../msnp/conversations';
import type { Conversation, ConversationOptions } from '../msnp/conversation';
import { report, who, type Reporter } from './output';

export interface CliSession {
  ns: NotificationSession;
  conversations: ConversationManager;
  /** Resolves when the session ends on its own (signed out elsewhere, connection lost). */
  ended: Promise<void>;
}

export async function withSession(
  opts: CommonOptions,
  out: Reporter,
  signal: AbortSignal,
  body: (s: CliSession) => Promise<void>,
  waitSeconds = opts.waitSeconds,
  conversationOptions: ConversationOptions = {},
): Promise<void> {
  const ns = new NotificationSession({
    protocols: opts.protocols,
    requestTimeoutMs: opts.timeoutSeconds * 1000,
    connectTimeoutMs: opts.timeoutSeconds * 1000,
    cache: opts.cacheDir ? new FileListCache(opts.cacheDir) : undefined,
  });
  report(ns, out, opts.verbose);
  const conversations = new ConversationManager(ns, { requestTimeoutMs: opts.timeoutSeconds * 1000, ...conversationOptions });
  conversations.on('conversation', ({ conversation, incoming }) => reportConversation(conversation, incoming, out, opts.verbose));
  conversations.on('ringFailed', (e) => out.event('ringFailed', { ...e }, e.message));
  let endedError: Error | undefined;
  const ended = new Promise<void>((resolve) =>
    ns.on('closed', (e) => {
      endedError = e.error;
      resolve();
    }),
  );
  await ns.signIn({
    host: opts.host,
    port: opts.port,
    email: opts.user,
    password: opts.password,
    status: opts.status,
    allowPlainPassword: opts.allowPlainPassword,
  });
  // A failing body still leaves its conversations and signs out before the error is reported.
  let failure: { error: unknown } | null = null;
  try {
    await body({ ns, conversations, ended });
  } catch (error) {
    failure = { error };
  }
  if (!failure && waitSeconds > 0 && !signal.aborted) {
    await Promise.race([
      new Promise<void>((resolve) => {
        const t = Number.isFinite(waitSeconds) ? setTimeout(resolve, waitSeconds * 1000) : undefined;
        signal.addEventListener('abort', () => {
          clearTimeout(t);
          resolve();
        });
      }),
      ended,
    ]);
  }
  // The state is taken while still signed in, so it shows who was online.
  const snapshot = ns.snapshot();
  await leaveAll(conversations);
  if (ns.status === 'online') await ns.signOut();
  out.state(snapshot);
  if (failure) throw failure.error;
  if (endedError) throw endedError;
}

/** Ends open invitations (the peers hear OUTBANDCANCEL, partial files go), then leaves every switchboard. */
async function leaveAll(conversations: ConversationManager): Promise<void> {
  const all = conversations.all;
  await Promise.allSettled(all.map((c) => c.invitations.close()));
  const gone = all
    .filter((c) => c.connected)
    .map(
      (c) =>
        new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 1_000);
          c.once('disconnected', () => {
            clearTimeout(t);
            resolve();
          });
        }),
    );
  conversations.closeAll();
  await Promise.all(gone);
}

function reportConversation(c: Conversation, incoming: boolean, out: Reporter, verbose: boolean): void {
  if (incoming) {
    const people = c.memberList.map(who).join(', ');
    out.event('conversation', { id: c.id, incoming, members: c.memberList.map((m) => m.email) }, `${people || 'Someone'} started a conversation with you`);
  }
  if (verbose) c.on('raw', (r) => out.event('raw', { conversation: c.id, ...r }, `${r.direction === 'in' ? 'S:' : 'C:'} ${r.line}`));
  c.on('joined', (e) => out.event('joined', { conversation: c.id, ...e }, `${e.nickname} <${e.email}> has joined the conversation`));
  c.on('left', (e) => out.event('left', { conversation: c.id, ...e }, `${e.nickname} <${e.email}> has left the conversation`));
  c.on('message', (m) => {
    if (m.direction === 'in') out.event('message', { conversation: c.id, ...m }, `${m.nickname} says: ${m.text}`);
  });
  c.on('typing', (t) => out.event('typing', { conversation: c.id, ...t }, t.active ? `${t.nickname} is typing a message` : null));
  c.on('callFailed', (e) => out.event('callFailed', { conversation: c.id, ...e }, e.message));
  c.on('warning', (w) => out.event('warning', { conversation: c.id, ...w }, `warning: ${w.message}`));
}

/** Waits for the fate of the given message ids. */
export function deliveries(c: Conversation, ids: string[]): Promise<{ id: string; status: 'delivered' | 'failed'; error?: string }[]> {
  const left = new Set(ids);
  const results: { id: string; status: 'delivered' | 'failed'; error?: string }[] = [];
  return new Promise((resolve) => {
    if (left.size === 0) return resolve(results);
    const off = c.on('delivery', (d) => {
      if (!left.delete(d.id)) return;
      results.push(d);
      if (left.size === 0) {
        off();
        resolve(results);
      }
    });
  });
}
