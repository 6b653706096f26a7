// Browser mode over the real account service and a test server: what its terminal says of calls that
// fail (one line for a refusal, a stack only for a fault and only with --verbose), and the sign-out that
// follows once no page has been connected for --signout-after (timed by a fake clock, no waiting).
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { MessengerEvent, SessionPhase, WireMessage } from '../../app/contract';
import { demoAccounts } from '../../main/sandbox/demoData';
import { MsnpTestServer } from '../../main/sandbox/server';
import { serveBrowserMode, type BrowserMode } from '../../main/web/browserMode';
import type { Timers } from '../../main/web/unattendedSignOut';
import { eventually } from './faultsScript';
import { makeSite, openSocket } from './webHelpers';

/** A clock that moves only when the test says so. */
class FakeTimers implements Timers {
  private readonly pending = new Map<number, { at: number; run: () => void }>();
  private now = 0;
  private next = 1;
  private onSet: (() => void) | null = null;
  setTimeout = (run: () => void, ms: number): unknown => {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, run });
    this.onSet?.();
    return id;
  };
  /** Resolves once something is timed (the server heard the last page go). */
  scheduled(): Promise<void> {
    if (this.pending.size > 0) return Promise.resolve();
    return new Promise((resolve) => (this.onSet = resolve));
  }
  clearTimeout = (handle: unknown): void => {
    this.pending.delete(handle as number);
  };
  get waiting(): number {
    return this.pending.size;
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.pending]) {
      if (t.at > this.now) continue;
      this.pending.delete(id);
      t.run();
    }
  }
}

/** A tab's socket: calls that resolve to their replies. */
async function page(mode: Omit<BrowserMode, 'rebuilt'>) {
  const { server } = mode;
  const ws = await openSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, server.origin);
  let nextId = 1;
  const waiting = new Map<number, (m: WireMessage) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as WireMessage;
    if (m.t === 'reply') waiting.get(m.id)?.(m);
  });
  const call = (method: string, ...args: unknown[]): Promise<WireMessage> => {
    const id = nextId++;
    const reply = new Promise<WireMessage>((resolve) => waiting.set(id, resolve));
    ws.send(JSON.stringify({ t: 'call', id, method, args }));
    return reply;
  };
  return { ws, call };
}

function phaseReached(mode: Omit<BrowserMode, 'rebuilt'>, phase: SessionPhase): Promise<void> {
  return new Promise((resolve) => {
    const stop = mode.service.subscribe((e: MessengerEvent) => {
      if (e.type === 'session' && e.session.phase === phase) {
        stop();
        resolve();
      }
    });
  });
}

describe('browser mode over the account service', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(options: { verbose?: boolean; signOutAfterMs?: number; timers?: Timers } = {}) {
    const msnp = new MsnpTestServer({ accounts: demoAccounts() });
    await msnp.start();
    cleanups.push(() => msnp.stop());
    const site = await makeSite();
    cleanups.push(site.cleanup);
    const lines: string[] = [];
    const mode = await serveBrowserMode(site.site, {
      port: 0,
      dataDir: join(site.root, 'data'),
      sandbox: false,
      log: (line) => lines.push(line),
      ...options,
    });
    cleanups.push(() => mode.close());
    const server = `127.0.0.1:${msnp.dispatchPort}`;
    const signIn = (email: string, password: string) => ({
      email,
      password,
      server,
      protocols: [],
      status: 'NLN',
      remember: false,
    });
    return { mode, lines, signIn };
  }

  it('logs each refusal as one line with its method and sentence, never a stack, even when verbose', async () => {
    const { mode, lines, signIn } = await start({ verbose: true });
    const tab = await page(mode);
    const refusals = [
      await tab.call('signIn', signIn('alice@example.com', 'wrong')),
      await tab.call('signIn', signIn('dave@example.com', 'dave')),
      await tab.call('addContact', 'bob@example.com'),
    ];
    assert.deepEqual((await tab.call('signIn', signIn('alice@example.com', 'alice'))).t, 'reply');
    refusals.push(await tab.call('addContact', 'bob@example.com'));
    assert.ok(refusals.every((r) => r.t === 'reply' && !r.ok));
    assert.equal(lines.length, 4, lines.join('\n'));
    assert.match(
      lines[0]!,
      /^browser mode: signIn refused: The server did not accept your e-mail address or password\. .*\(.*911.*\)$/,
    );
    assert.match(
      lines[1]!,
      /^browser mode: signIn refused: This account has not been verified yet\. .*\(.*924.*\)$/,
    );
    assert.match(
      lines[2]!,
      /^browser mode: addContact refused: You need to be signed in to add bob@example\.com/,
    );
    assert.equal(
      lines[3],
      'browser mode: addContact refused: bob@example.com is already on your contact list.',
    );
    for (const line of lines) assert.doesNotMatch(line, /\n|\bat \S+ \(/);
  });

  it('signs out once no page has been connected for the set time', async () => {
    const timers = new FakeTimers();
    const { mode, lines, signIn } = await start({ signOutAfterMs: 10 * 60_000, timers });
    const tab = await page(mode);
    await tab.call('signIn', signIn('alice@example.com', 'alice'));
    assert.equal((await mode.service.getSnapshot()).session.phase, 'online');
    assert.equal(timers.waiting, 0, 'nothing is timed while a page is connected');

    tab.ws.close();
    await timers.scheduled();
    assert.equal(timers.waiting, 1, 'the clock starts once the last page is gone');
    timers.advance(10 * 60_000 - 1);
    assert.equal((await mode.service.getSnapshot()).session.phase, 'online');
    const signedOut = phaseReached(mode, 'signedOut');
    timers.advance(1);
    await signedOut;
    assert.ok(lines.includes('Signing out: no page has been open for 10 minutes.'), lines.join('\n'));
  });

  it('stays signed in when a page comes back in time, and with 0 never times anything', async () => {
    const timers = new FakeTimers();
    const { mode, signIn } = await start({ signOutAfterMs: 10 * 60_000, timers });
    const first = await page(mode);
    await first.call('signIn', signIn('alice@example.com', 'alice'));
    first.ws.close();
    await timers.scheduled();
    timers.advance(9 * 60_000);
    const second = await page(mode);
    await second.call('getSnapshot');
    assert.equal(timers.waiting, 0, 'the page coming back stops the clock');
    timers.advance(60 * 60_000);
    assert.equal((await mode.service.getSnapshot()).session.phase, 'online');

    const never = new FakeTimers();
    const other = await start({ signOutAfterMs: 0, timers: never });
    const tab = await page(other.mode);
    await tab.call('signIn', other.signIn('bob@example.com', 'bob'));
    tab.ws.close();
    // The service has seen the page go once its count is 0: ws drops the client and then calls the gateway's
    // own close handler in the same event, so nothing of that close is still to come.
    await eventually(() => other.mode.server.gateway.clientCount === 0, 10_000, 'the page was not seen to go');
    assert.equal(never.waiting, 0);
    assert.equal((await other.mode.service.getSnapshot()).session.phase, 'online');
  });
});
