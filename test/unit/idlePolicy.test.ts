import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Status } from '../../app/types';
import { IdlePolicy, type IdleSettings } from '../../main/service/idlePolicy';

const MINUTE = 60_000;
const ON: IdleSettings = { idleAway: true, idleMinutes: 5 };

/** A fake clock and a person: input moves lastInput to now; each report says how long ago that was. */
function world(settings: IdleSettings = ON, status: Status = 'NLN') {
  const policy = new IdlePolicy();
  const w = {
    now: 0,
    lastInput: 0,
    status,
    settings,
    input() {
      w.lastInput = w.now;
    },
    advance(ms: number) {
      w.now += ms;
    },
    /** One report (as the shell's poll or the page sends it); applies and returns the change. */
    report(): Status | null {
      const next = policy.decide(w.now - w.lastInput, w.settings, w.status);
      if (next !== null) w.status = next;
      return next;
    },
    choose(s: Status) {
      policy.chosen();
      w.status = s;
    },
    policy,
  };
  return w;
}

describe('Automatic Idle (IdlePolicy)', () => {
  it('stays Online until the minutes without input have passed, then goes Idle', () => {
    const w = world();
    w.advance(5 * MINUTE - 1);
    assert.equal(w.report(), null);
    w.advance(1);
    assert.equal(w.report(), 'IDL');
    assert.equal(w.policy.idle, true);
    w.advance(10 * MINUTE);
    assert.equal(w.report(), null, 'still idle: nothing to change');
  });

  it('puts Online back on the first input after idle', () => {
    const w = world();
    w.advance(6 * MINUTE);
    w.report();
    w.input();
    w.advance(1000);
    assert.equal(w.report(), 'NLN');
    assert.equal(w.policy.idle, false);
  });

  it('never overrides a status chosen by hand that is not Online', () => {
    for (const status of ['BSY', 'AWY', 'BRB', 'PHN', 'LUN', 'HDN'] as const) {
      const w = world(ON, status);
      w.advance(60 * MINUTE);
      assert.equal(w.report(), null, status);
      assert.equal(w.status, status);
    }
  });

  it('a status chosen while idle cancels the return', () => {
    const w = world();
    w.advance(6 * MINUTE);
    w.report();
    w.choose('BSY');
    w.input();
    assert.equal(w.report(), null);
    assert.equal(w.status, 'BSY');
    // Choosing Idle's own status (Online) by hand also makes it the person's: idle starts over from there.
    w.choose('NLN');
    w.advance(5 * MINUTE);
    assert.equal(w.report(), 'IDL');
  });

  it('leaves a status changed elsewhere while idle (another window, the server) as it is', () => {
    const w = world();
    w.advance(6 * MINUTE);
    w.report();
    w.status = 'AWY';
    w.input();
    assert.equal(w.report(), null);
    assert.equal(w.status, 'AWY');
    assert.equal(w.policy.idle, false);
  });

  it('does nothing when turned off, and turning it off while idle comes back', () => {
    const w = world({ idleAway: false, idleMinutes: 5 });
    w.advance(60 * MINUTE);
    assert.equal(w.report(), null);
    w.settings = ON;
    assert.equal(w.report(), 'IDL');
    w.settings = { idleAway: false, idleMinutes: 5 };
    assert.equal(w.report(), 'NLN');
  });

  it('follows the minutes chosen', () => {
    const w = world({ idleAway: true, idleMinutes: 1 });
    w.advance(MINUTE);
    assert.equal(w.report(), 'IDL');
    w.input();
    w.report();
    w.settings = { idleAway: true, idleMinutes: 30 };
    w.advance(29 * MINUTE);
    assert.equal(w.report(), null);
    w.advance(MINUTE);
    assert.equal(w.report(), 'IDL');
  });
});
