import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Transactions } from '../../main/msnp/transactions';
import { Timers } from '../../main/msnp/timers';
import { parseCommand } from '../../main/msnp/command';
import { MsnpError, TimeoutError } from '../../main/msnp/errors';
import { canEarn } from '../../main/msnp/transactions';

describe('transactions', () => {
  it('settles a request with the reply of the same TrID and forgets it', async () => {
    const timers = new Timers();
    const t = new Transactions(timers);
    const id = t.allocate();
    const p = t.wait(id, 'CHG', ['CHG'], 1000);
    assert.equal(t.settle(parseCommand(`CHG ${id} NLN`)), true);
    assert.equal((await p).args[0], 'NLN');
    assert.equal(t.size, 0);
    assert.ok(timers.count <= 1, 'no timer of its own: at most the one deadline timer of the connection');
    t.failAll(new Error('closed'));
    assert.equal(timers.count, 0, 'the deadline timer goes with the connection');
  });

  it('times out each request at its own deadline with one timer for all, which stops when nothing waits', async () => {
    const timers = new Timers();
    const t = new Transactions(timers);
    const started = performance.now();
    const failedAt = new Map<string, number>();
    const timedOut = (name: string, p: Promise<unknown>): Promise<void> =>
      assert.rejects(p, (err: unknown) => err instanceof TimeoutError && failedAt.set(name, performance.now() - started) !== undefined);
    const slow = timedOut('SYN', t.wait(t.allocate(), 'SYN', ['SYN'], 60));
    // A shorter timeout after a longer one: the one timer is brought forward.
    const fast = timedOut('CHG', t.wait(t.allocate(), 'CHG', ['CHG'], 20));
    const answered = t.wait(t.allocate(), 'BLP', ['BLP'], 20);
    assert.equal(timers.count, 1, 'one timer for every pending request');
    assert.equal(t.settle(parseCommand('BLP 3 AL')), true);
    await Promise.all([fast, slow]);
    assert.equal((await answered).name, 'BLP');
    assert.ok(failedAt.get('CHG')! >= 20 && failedAt.get('SYN')! >= 60, 'never before its deadline');
    assert.ok(failedAt.get('CHG')! < failedAt.get('SYN')!, 'each at its own deadline');
    assert.equal(t.size, 0);
    assert.equal(timers.count, 0, 'nothing waits, so the timer has stopped');
  });

  it('rejects with a typed error carrying the code when the server answers with a number', async () => {
    const t = new Transactions(new Timers());
    const id = t.allocate();
    const p = t.wait(id, 'ADD', ['ADD'], 1000);
    assert.equal(t.settle(parseCommand(`215 ${id}`)), true);
    await assert.rejects(p, (err: unknown) => err instanceof MsnpError && err.code === 215 && err.trId === id && err.command === 'ADD');
    assert.equal(t.size, 0);
  });

  it('does not match a reply by content: another TrID or another command name is left alone', () => {
    const t = new Transactions(new Timers());
    const id = t.allocate();
    void t.wait(id, 'SYN', ['SYN'], 1000).catch(() => {});
    assert.equal(t.settle(parseCommand(`SYN ${id + 1} 5`)), false);
    assert.equal(t.settle(parseCommand(`GTC ${id} 5 A`)), false);
    assert.equal(t.settle(parseCommand('NLN NLN a@b.c a')), false);
    assert.equal(t.size, 1);
    t.failAll(new Error('closed'));
  });

  it('times out a request nobody answers and removes it', async () => {
    const t = new Transactions(new Timers());
    const id = t.allocate();
    await assert.rejects(t.wait(id, 'URL', ['URL'], 20), (err: unknown) => err instanceof TimeoutError && /URL/.test(err.message));
    assert.equal(t.size, 0);
    assert.equal(t.settle(parseCommand(`URL ${id} a b 1`)), false, 'a late reply is not mistaken for a live one');
  });

  it('fails one request when its send fails, and all of them when the connection dies', async () => {
    const timers = new Timers();
    const t = new Transactions(timers);
    const a = t.wait(t.allocate(), 'REA', ['REA'], 1000);
    const b = t.wait(t.allocate(), 'BLP', ['BLP'], 1000);
    const c = t.wait(t.allocate(), 'GTC', ['GTC'], 1000);
    t.fail(1, new Error('write failed'));
    await assert.rejects(a, /write failed/);
    t.failAll(new Error('gone'));
    await assert.rejects(b, /gone/);
    await assert.rejects(c, /gone/);
    assert.equal(t.size, 0);
    assert.equal(timers.count, 0);
  });

  it('settles the one request an error without a TrID can belong to (a bare 217 for CAL)', async () => {
    for (const line of ['217', '217 0']) {
      const timers = new Timers();
      const t = new Transactions(timers);
      const msg = t.wait(t.allocate(), 'MSG', ['ACK', 'NAK'], 1000);
      const cal = t.wait(t.allocate(), 'CAL', ['CAL'], 1000);
      assert.equal(t.settle(parseCommand(line)), true, line);
      await assert.rejects(cal, (err: unknown) => err instanceof MsnpError && err.code === 217 && err.trId === null && err.command === 'CAL');
      assert.equal(t.size, 1, 'the MSG, which cannot get 217, still waits');
      t.failAll(new Error('closed'));
      await assert.rejects(msg, /closed/);
      assert.equal(timers.count, 0);
    }
  });

  it('does not guess between two requests that could have earned an error without a TrID', () => {
    const t = new Transactions(new Timers());
    void t.wait(t.allocate(), 'CAL', ['CAL'], 1000).catch(() => {});
    void t.wait(t.allocate(), 'CAL', ['CAL'], 1000).catch(() => {});
    assert.equal(t.settle(parseCommand('217')), false);
    // An error any command can get is no better: two are pending.
    assert.equal(t.settle(parseCommand('500')), false);
    assert.equal(t.size, 2);
    // No request at all, or none of a kind that can get it: not ours either.
    const u = new Transactions(new Timers());
    assert.equal(u.settle(parseCommand('217')), false);
    void u.wait(u.allocate(), 'CHG', ['CHG'], 1000).catch(() => {});
    assert.equal(u.settle(parseCommand('217')), false);
    assert.equal(u.settle(parseCommand('NLN NLN a@b.c a')), false, 'only error replies are matched without a TrID');
    t.failAll(new Error('closed'));
    u.failAll(new Error('closed'));
  });

  it('knows which errors each request can get', () => {
    assert.equal(canEarn('CAL', 217), true);
    assert.equal(canEarn('CAL', 207), true);
    assert.equal(canEarn('ADD', 215), true);
    assert.equal(canEarn('CHG', 217), false);
    assert.equal(canEarn('CHG', 500), true, 'a server error can answer anything');
  });

  it('lets USR be answered by XFR when asked to', async () => {
    const t = new Transactions(new Timers());
    const id = t.allocate();
    const p = t.wait(id, 'USR', ['USR', 'XFR'], 1000);
    assert.equal(t.settle(parseCommand(`XFR ${id} NS 127.0.0.1:1863 0`)), true);
    assert.equal((await p).name, 'XFR');
  });
});
