import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scrollToReveal, visibleRange } from '../../renderer/virtualRange';

const base = { rowHeight: 18, overscan: 0 };

describe('virtualized list window', () => {
  it('renders only the rows in view at the top of a long list', () => {
    assert.deepEqual(visibleRange({ ...base, scrollTop: 0, viewportHeight: 180, count: 5000 }), {
      first: 0,
      last: 9,
    });
  });

  it('adds overscan rows on both sides, clamped to the list', () => {
    assert.deepEqual(visibleRange({ ...base, overscan: 5, scrollTop: 0, viewportHeight: 180, count: 5000 }), {
      first: 0,
      last: 14,
    });
    assert.deepEqual(
      visibleRange({ ...base, overscan: 5, scrollTop: 1800, viewportHeight: 180, count: 5000 }),
      { first: 95, last: 114 },
    );
    assert.deepEqual(
      visibleRange({ ...base, overscan: 5, scrollTop: 4990 * 18, viewportHeight: 180, count: 5000 }),
      { first: 4985, last: 4999 },
    );
  });

  it('counts a partly visible row at either edge', () => {
    assert.deepEqual(visibleRange({ ...base, scrollTop: 9, viewportHeight: 180, count: 100 }), {
      first: 0,
      last: 10,
    });
  });

  it('keeps the window small however long the list is', () => {
    const { first, last } = visibleRange({
      rowHeight: 18,
      overscan: 10,
      scrollTop: 45_000,
      viewportHeight: 400,
      count: 5000,
    });
    assert.ok(last - first + 1 <= Math.ceil(400 / 18) + 1 + 20);
  });

  it('returns an empty range for an empty list and tolerates odd input', () => {
    assert.deepEqual(visibleRange({ ...base, scrollTop: 0, viewportHeight: 180, count: 0 }), {
      first: 0,
      last: -1,
    });
    assert.deepEqual(visibleRange({ ...base, scrollTop: -50, viewportHeight: 36, count: 10 }), {
      first: 0,
      last: 1,
    });
    assert.deepEqual(visibleRange({ ...base, scrollTop: 10_000, viewportHeight: 180, count: 10 }), {
      first: 9,
      last: 9,
    });
    assert.deepEqual(visibleRange({ ...base, scrollTop: 0, viewportHeight: 0, count: 10 }), {
      first: 0,
      last: 0,
    });
  });

  it('scrolls just enough to reveal a row above or below the view', () => {
    assert.equal(scrollToReveal(2, 100, 180, 18), 36);
    assert.equal(scrollToReveal(20, 0, 180, 18), 21 * 18 - 180);
    assert.equal(scrollToReveal(3, 0, 180, 18), 0);
  });
});
