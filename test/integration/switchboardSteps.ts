// The steps of a switchboard conversation in raw MSNP, shared by the sandbox switchboard tests: signed in
// and online, XFR + USR, CAL + RNG, ANS, and a two-person session. Every client opened is tracked and
// closed by closeAll().
import assert from 'node:assert/strict';
import type { Command } from '../../main/msnp/command';
import type { MsnpTestServer, SandboxAccountInit } from '../../main/sandbox/server';
import { RawClient, signIn } from './rawClient';

export interface Person {
  account: SandboxAccountInit;
  /** The friendly name as the server writes it (URL-encoded). */
  name: string;
}

export interface Pair {
  aliceNs: RawClient;
  bobNs: RawClient;
  /** The caller's and the callee's switchboard connections. */
  a: RawClient;
  b: RawClient;
  sessionId: string;
}

export class SwitchboardSteps {
  private clients: RawClient[] = [];

  constructor(private readonly server: MsnpTestServer) {}

  track(c: RawClient): RawClient {
    this.clients.push(c);
    return c;
  }

  closeAll(): void {
    for (const c of this.clients) c.close();
    this.clients = [];
  }

  connect(): Promise<RawClient> {
    return RawClient.connect(this.server.sbPort).then((c) => this.track(c));
  }

  /** Signed in and past the first CHG, so XFR and CAL can reach the account. */
  async online(account: SandboxAccountInit, status = 'NLN'): Promise<RawClient> {
    const c = this.track(await signIn(this.server, account));
    const tr = c.send('CHG', status);
    await c.take((m) => m.name === 'CHG' && m.trId === tr);
    return c;
  }

  /** XFR SB on the notification connection, then USR on the switchboard. */
  async openSb(ns: RawClient, who: Person): Promise<{ sb: RawClient; sessionId: string }> {
    const { server } = this;
    const tr = ns.send('XFR', 'SB');
    const xfr = await ns.take((m) => m.trId === tr);
    assert.match(xfr.raw, new RegExp(`^XFR ${tr} SB 127\\.0\\.0\\.1:${server.sbPort} CKI \\d+\\.\\d+\\.\\d+$`));
    const sb = await this.connect();
    const created = server.waitFor('sbSession', (e) => e.participants[0] === who.account.email);
    sb.send('USR', who.account.email, xfr.args[3]!);
    assert.equal((await sb.next()).raw, `USR 1 OK ${who.account.email} ${who.name}`);
    return { sb, sessionId: (await created).sessionId };
  }

  /** CAL from `sb`; returns the RNG the callee's notification connection got. */
  async ring(sb: RawClient, calleeNs: RawClient, callee: SandboxAccountInit, sessionId: string): Promise<Command> {
    const tr = sb.send('CAL', callee.email);
    assert.equal((await sb.take((m) => m.trId === tr)).raw, `CAL ${tr} RINGING ${sessionId}`);
    return calleeNs.take((m) => m.name === 'RNG');
  }

  /** ANS with the RNG's cookie; returns the connection and every line up to and including ANS OK. */
  async answer(rng: Command, callee: SandboxAccountInit): Promise<{ sb: RawClient; lines: string[] }> {
    const [sessionId, address, , cookie] = rng.args as [string, string, string, string];
    const sb = this.track(await RawClient.connect(Number(address.split(':')[1])));
    sb.send('ANS', callee.email, cookie, sessionId);
    const lines: string[] = [];
    for (let m = await sb.next(); ; m = await sb.next()) {
      lines.push(m.raw);
      if (m.name === 'ANS') return { sb, lines };
    }
  }

  /** The caller's switchboard with the callee answered in it, and the caller's JOI taken. */
  async pair(caller: Person, callee: Person): Promise<Pair> {
    const aliceNs = await this.online(caller.account);
    const bobNs = await this.online(callee.account);
    const { sb: a, sessionId } = await this.openSb(aliceNs, caller);
    const rng = await this.ring(a, bobNs, callee.account, sessionId);
    const { sb: b } = await this.answer(rng, callee.account);
    assert.equal((await a.take((m) => m.name === 'JOI')).raw, `JOI ${callee.account.email} ${callee.name}`);
    return { aliceNs, bobNs, a, b, sessionId };
  }
}

export const TEXT_HEAD = 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n';

/** A plain-text message payload. */
export const textMessage = (body: string): string => `${TEXT_HEAD}\r\n${body}`;

/** A typing notice payload from `email`. */
export const typingMessage = (email: string): string => `MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: ${email}\r\n\r\n\r\n`;
