// What every msnp command shares: the password from stdin or a prompt when it was not given, sign in with
// the options, report events, run the command's body, wait --wait seconds, sign out, and print the final state.
import { StringDecoder } from 'node:string_decoder';
import { UsageError, type CommonOptions } from './args';
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

/** Longer than any password a server takes; a longer line on stdin is something else piped in by mistake. */
const MAX_PASSWORD_BYTES = 1024;

/** A terminal to prompt on: a stream whose echo raw mode turns off. */
export interface TerminalInput extends NodeJS.ReadableStream {
  setRawMode(mode: boolean): unknown;
}

/** Fills in opts.password when it comes from stdin or a prompt; --password and MSNP_PASSWORD are in already. */
export async function readPassword(
  opts: CommonOptions,
  stdin: NodeJS.ReadableStream = process.stdin,
  prompt: { write(text: string): unknown } = process.stderr,
): Promise<void> {
  if (opts.passwordFrom === 'stdin') opts.password = await readPasswordLine(stdin);
  else if (opts.passwordFrom === 'prompt') opts.password = await promptPassword(stdin as TerminalInput, prompt);
}

/** The first line of a stream (--password-stdin), without its line ending; the rest is left unread. */
export function readPasswordLine(input: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      input.pause();
    };
    const finish = (): void => {
      stop();
      const line = Buffer.concat(chunks).toString('utf8').replace(/\r$/, '');
      if (size > MAX_PASSWORD_BYTES) reject(new UsageError('--password-stdin read a line too long to be a password'));
      else if (line === '') reject(new UsageError('--password-stdin found no password on stdin'));
      else resolve(line);
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const newline = bytes.indexOf(0x0a);
      const part = newline === -1 ? bytes : bytes.subarray(0, newline);
      chunks.push(part);
      size += part.length;
      if (newline !== -1 || size > MAX_PASSWORD_BYTES) finish();
    };
    const onEnd = (): void => finish();
    const onError = (err: Error): void => {
      stop();
      reject(new Error(`The password could not be read from stdin: ${err.message}.`));
    };
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onError);
    input.resume();
  });
}

/** Asks for the password on a terminal with echo off (raw mode); Enter ends it, Ctrl+C gives up. */
export function promptPassword(input: TerminalInput, output: { write(text: string): unknown }): Promise<string> {
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let typed: string[] = [];
    const stop = (): void => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
    };
    const onData = (chunk: Buffer | string): void => {
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      for (const ch of text) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stop();
          const password = typed.join('');
          if (password === '') reject(new UsageError('no password was typed'));
          else resolve(password);
          return;
        }
        if (ch === '\u0003') {
          stop();
          reject(new Error('You cancelled at the password prompt.'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        // An arrow or function key sends an escape sequence, all in one chunk: none of it is the password.
        else if (ch === '\u001b') break;
        else if (ch >= ' ') typed.push(ch);
      }
    };
    output.write('Password: ');
    input.setRawMode(true);
    input.on('data', onData);
    input.resume();
  });
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
    // --timeout is every wait: connecting, each reply, a contact list that stops coming, a call nobody answers.
    requestTimeoutMs: opts.timeoutSeconds * 1000,
    connectTimeoutMs: opts.timeoutSeconds * 1000,
    syncTimeoutMs: opts.timeoutSeconds * 1000,
    cache: opts.cacheDir ? new FileListCache(opts.cacheDir) : undefined,
    strict: opts.strict,
    proxy: opts.proxy,
  });
  report(ns, out, opts.verbose);
  const conversations = new ConversationManager(ns, {
    requestTimeoutMs: opts.timeoutSeconds * 1000,
    callTimeoutMs: opts.timeoutSeconds * 1000,
    ...conversationOptions,
  });
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
