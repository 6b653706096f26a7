// Browser mode's idle reports with several tabs: each reports the latest input of any tab, so a forgotten tab
// never makes you Idle while you type in another.
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { IDLE_REPORT_MS, startIdleReports, type SharedStore } from '../../renderer/idleReport';

const MINUTE = 60_000;

function sharedStore(): SharedStore {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

function tab(store: SharedStore | null) {
  const target = new EventTarget();
  const reports: number[] = [];
  const stop = startIdleReports(
    target as unknown as Window,
    (ms) => {
      reports.push(ms);
      return Promise.resolve();
    },
    store,
  );
  return { input: () => target.dispatchEvent(new Event('keydown')), reports, stop };
}

describe('idle reports from the page', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setInterval', 'Date'], now: 1_000_000 }));
  afterEach(() => mock.timers.reset());

  it('reports the time since the last input of any tab, not of the forgotten one', () => {
    const store = sharedStore();
    const forgotten = tab(store);
    const used = tab(store);
    for (let i = 0; i < 40; i++) {
      mock.timers.tick(IDLE_REPORT_MS);
      used.input();
    }
    assert.ok(forgotten.reports.length >= 39);
    // Ten minutes without input in the forgotten tab, yet its reports stay under one report interval.
    assert.ok(Math.max(...forgotten.reports) <= IDLE_REPORT_MS, String(forgotten.reports));
    forgotten.stop();
    used.stop();
  });

  it('reports real idleness when no tab has input', () => {
    const store = sharedStore();
    const a = tab(store);
    const b = tab(store);
    mock.timers.tick(6 * MINUTE);
    assert.ok(a.reports.at(-1)! >= 5 * MINUTE);
    assert.ok(b.reports.at(-1)! >= 5 * MINUTE);
    a.stop();
    b.stop();
  });

  it('works alone without a shared store', () => {
    const only = tab(null);
    mock.timers.tick(2 * MINUTE);
    assert.equal(only.reports.at(-1), 2 * MINUTE);
    only.input();
    // Back from a report that may have made you Idle: the input reports at once.
    assert.equal(only.reports.at(-1), 0);
    only.stop();
  });
});
