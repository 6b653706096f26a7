// The switchboard's commands: XFR SB on the notification port, then USR, CAL, ANS, MSG and OUT on the
// switchboard port. The Switchboard decides who may do what; these handlers answer on the wire.
import { type Command, serializeCommand } from '../msnp/command';
import { wireText } from '../msnp/errors';
import type { CommandHandler, NsSession } from './nsSession';
import type { SbConnection } from './sbConnection';
import type { Switchboard } from './switchboard';
import { ackFor, isAckMode, isWellFormedData } from './switchboardRules';

export interface SbCommandHandler {
  /** Whether the command carries a TrID; a missing one is a syntax error (200). */
  trId: boolean;
  /** Fewest fields after the TrID; fewer is a syntax error (200). */
  minArgs: number;
  /** auth: only as the first command (USR, ANS); joined: only in a session; any: either. */
  when: 'auth' | 'joined' | 'any';
  run(c: SbConnection, cmd: Command): void;
}

/** The notification server's XFR, once there is a switchboard to send people to. Registered with setHandler. */
export function xfrHandler(board: Switchboard): CommandHandler {
  return {
    trId: true,
    minArgs: 1,
    when: 'online',
    run(s: NsSession, cmd: Command): void {
      if (cmd.args[0] !== 'SB') return s.sendError(201, cmd.trId);
      // Hidden, or not yet past the first CHG: no conversations, as the XFR page documents (913).
      if (s.status === 'HDN' || s.status === 'FLN') return s.sendError(913, cmd.trId);
      s.send('XFR', cmd.trId, ['SB', board.address, 'CKI', board.issueXfrCookie(s.account!)]);
    },
  };
}

/** A refused cookie: 911, as for a failed sign-in, and the connection is closed. */
function refuseCookie(c: SbConnection, trId: number): void {
  c.refuse('a switchboard cookie was refused', serializeCommand('911', trId));
}

function usr(c: SbConnection, cmd: Command): void {
  const [email, cookie] = cmd.args as [string, string];
  const board = c.board;
  const account = board.host.store.get(email);
  if (!account || !board.cookies.redeem(cookie, 'xfr', email)) return refuseCookie(c, cmd.trId!);
  c.send('USR', cmd.trId, ['OK', account.email, c.nameOf(account)]);
  c.identify(account);
  c.enter(board.create(c));
}

function ans(c: SbConnection, cmd: Command): void {
  const [email, cookie, sessionId] = cmd.args as [string, string, string];
  const board = c.board;
  const session = board.answer(email, cookie, sessionId);
  const account = board.host.store.get(email);
  if (!session || !account) return refuseCookie(c, cmd.trId!);
  const trId = cmd.trId!;
  const present = [...session.participants];
  const lines: string[] = [];
  if (board.host.quirks.joiBeforeIro) lines.push(serializeCommand('JOI', null, [account.email, c.nameOf(account)]));
  present.forEach((p, i) => {
    lines.push(serializeCommand('IRO', trId, [String(i + 1), String(present.length), p.account.email, c.nameOf(p.account)]));
  });
  lines.push(serializeCommand('ANS', trId, ['OK']));
  // One write, so nothing from the others can land between the IRO lines and ANS OK.
  c.write(lines.join(''));
  c.identify(account);
  c.enter(session);
  board.join(session, c);
}

function cal(c: SbConnection, cmd: Command): void {
  const session = c.session!;
  const r = c.board.call(session, c, cmd.args[0]!);
  if (!r.ok) return c.sendError(r.error, cmd.trId);
  c.send('CAL', cmd.trId, ['RINGING', session.id]);
}

function msg(c: SbConnection, cmd: Command): void {
  const { quirks, events } = c.board.host;
  const mode = cmd.args[0];
  const payload = cmd.payload ?? Buffer.alloc(0);
  // Both are disconnects on the real switchboard (EXTRA-NOTES §2), not error replies.
  if (!isAckMode(mode)) return c.refuse(`MSG with the acknowledgement mode "${wireText(mode ?? '')}"`);
  if (payload.length > quirks.sbMaxPayload) return c.refuse(`a MSG payload of ${payload.length} bytes, over the ${quirks.sbMaxPayload} allowed`);
  const trId = cmd.trId!;
  if (mode === 'D' && !isWellFormedData(payload)) return c.sendError(282, trId);
  const session = c.session!;
  if (events.hasListeners('sbMessage')) events.fire('sbMessage', { sessionId: session.id, from: c.account.email, trId, ackMode: mode, payload });
  // Relaying only queues the copies (each recipient writes them when this turn ends): the ACK below goes first.
  const { recipients, delivered } = c.board.relay(session, c, payload);
  c.relayed += 1;
  const dropAfter = quirks.sbDropAfterMessages;
  if (dropAfter !== null && c.relayed >= dropAfter) return c.destroy('dropped');
  const reply = ackFor(mode, recipients, delivered, quirks.nakEverything);
  if (reply) c.send(reply, trId);
}

function out(c: SbConnection): void {
  c.close('OUT');
}

export const SB_HANDLERS: ReadonlyMap<string, SbCommandHandler> = new Map<string, SbCommandHandler>([
  ['USR', { trId: true, minArgs: 2, when: 'auth', run: usr }],
  ['ANS', { trId: true, minArgs: 3, when: 'auth', run: ans }],
  ['CAL', { trId: true, minArgs: 1, when: 'joined', run: cal }],
  ['MSG', { trId: true, minArgs: 2, when: 'joined', run: msg }],
  ['OUT', { trId: false, minArgs: 0, when: 'any', run: out }],
]);

