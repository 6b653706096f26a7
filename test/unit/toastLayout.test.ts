import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  easeOutCubic,
  entryBounds,
  layoutToasts,
  slideFrames,
  type Rect,
  type StackOptions,
} from '../../main/shell/toastLayout';

const TOAST = { width: 180, height: 150 };
const STACK: StackOptions = { margin: 8, gap: 4 };
// 1920 x 1080 with a 40 px taskbar at the bottom.
const SCREEN: Rect = { x: 0, y: 0, width: 1920, height: 1040 };

const ys = (layout: ReturnType<typeof layoutToasts>) => layout.placed.map((p) => [p.id, p.bounds.y]);

describe('layoutToasts', () => {
  it('puts one toast in the bottom-right corner of the work area, inside the margin', () => {
    const { placed, queued } = layoutToasts(SCREEN, TOAST, ['a'], STACK);
    assert.deepEqual(placed, [
      { id: 'a', bounds: { x: 1920 - 8 - 180, y: 1040 - 8 - 150, width: 180, height: 150 } },
    ]);
    assert.deepEqual(queued, []);
  });

  it('stacks three upwards, the oldest at the bottom', () => {
    const layout = layoutToasts(SCREEN, TOAST, ['a', 'b', 'c'], STACK);
    assert.deepEqual(ys(layout), [
      ['a', 882],
      ['b', 882 - 154],
      ['c', 882 - 308],
    ]);
    assert.ok(layout.placed.every((p) => p.bounds.x === 1732));
  });

  it('moves the ones above down when one in the middle closes', () => {
    const before = layoutToasts(SCREEN, TOAST, ['a', 'b', 'c'], STACK);
    const after = layoutToasts(SCREEN, TOAST, ['a', 'c'], STACK);
    assert.deepEqual(ys(after), [
      ['a', 882],
      ['c', 728],
    ]);
    assert.equal(after.placed[1]?.bounds.y, before.placed[1]?.bounds.y, 'c takes the place b had');
  });

  it('queues the toasts that do not fit on a small screen, and shows them as space frees', () => {
    const small: Rect = { x: 0, y: 0, width: 800, height: 200 };
    const full = layoutToasts(small, TOAST, ['a', 'b', 'c'], STACK);
    assert.deepEqual(ys(full), [['a', 42]]);
    assert.deepEqual(full.queued, ['b', 'c']);
    const later = layoutToasts(small, TOAST, ['b', 'c'], STACK);
    assert.deepEqual(ys(later), [['b', 42]]);
    assert.deepEqual(later.queued, ['c']);
  });

  it('queues everything when not even one toast fits', () => {
    assert.deepEqual(layoutToasts({ x: 0, y: 0, width: 800, height: 100 }, TOAST, ['a'], STACK), {
      placed: [],
      queued: ['a'],
    });
    assert.deepEqual(layoutToasts({ x: 0, y: 0, width: 150, height: 600 }, TOAST, ['a'], STACK), {
      placed: [],
      queued: ['a'],
    });
  });

  it('keeps the order: a later toast never jumps a queued one', () => {
    const layout = layoutToasts({ x: 0, y: 0, width: 800, height: 330 }, TOAST, ['a', 'b', 'c'], STACK);
    assert.deepEqual(
      layout.placed.map((p) => p.id),
      ['a', 'b'],
    );
    assert.deepEqual(layout.queued, ['c']);
  });

  it('follows a work area that does not start at 0,0 (taskbar at the top or left)', () => {
    const taskbarTop: Rect = { x: 0, y: 40, width: 1920, height: 1040 };
    assert.deepEqual(layoutToasts(taskbarTop, TOAST, ['a'], STACK).placed[0]?.bounds, {
      x: 1732,
      y: 922,
      width: 180,
      height: 150,
    });
    const taskbarLeft: Rect = { x: 60, y: 0, width: 1860, height: 1080 };
    assert.deepEqual(layoutToasts(taskbarLeft, TOAST, ['a'], STACK).placed[0]?.bounds, {
      x: 1732,
      y: 922,
      width: 180,
      height: 150,
    });
  });

  it('places toasts on a monitor at negative coordinates', () => {
    const leftMonitor: Rect = { x: -1280, y: -200, width: 1280, height: 1024 };
    const { placed } = layoutToasts(leftMonitor, TOAST, ['a', 'b'], STACK);
    assert.deepEqual(
      placed.map((p) => p.bounds),
      [
        { x: -188, y: 666, width: 180, height: 150 },
        { x: -188, y: 512, width: 180, height: 150 },
      ],
    );
  });

  it('uses whole pixels even when the work area does not', () => {
    const { placed } = layoutToasts(
      { x: 0.5, y: 0, width: 1000.25, height: 700.5 },
      TOAST,
      ['a', 'b'],
      STACK,
    );
    for (const { bounds } of placed) {
      assert.ok(Number.isInteger(bounds.x) && Number.isInteger(bounds.y), JSON.stringify(bounds));
    }
  });
});

describe('toast slide animation', () => {
  it('eases out: starts at 0, ends at 1, moves fastest at first, clamps outside [0, 1]', () => {
    assert.equal(easeOutCubic(0), 0);
    assert.equal(easeOutCubic(1), 1);
    assert.ok(easeOutCubic(0.25) > 0.25);
    assert.ok(easeOutCubic(0.25) - easeOutCubic(0) > easeOutCubic(1) - easeOutCubic(0.75));
    assert.equal(easeOutCubic(-1), 0);
    assert.equal(easeOutCubic(2), 1);
    for (let t = 0; t < 1; t += 0.1) assert.ok(easeOutCubic(t + 0.1) >= easeOutCubic(t));
  });

  it('slides in from just below its place', () => {
    const target: Rect = { x: 1732, y: 882, width: 180, height: 150 };
    assert.deepEqual(entryBounds(target, STACK), { x: 1732, y: 1040, width: 180, height: 150 });
  });

  it('steps from one rectangle to another, ending exactly there, never overshooting', () => {
    const from: Rect = { x: 100, y: 1040, width: 180, height: 150 };
    const to: Rect = { x: 100, y: 882, width: 180, height: 150 };
    const frames = slideFrames(from, to, 15);
    assert.equal(frames.length, 15);
    assert.deepEqual(frames.at(-1), to);
    for (let i = 1; i < frames.length; i++) {
      assert.ok(frames[i]!.y <= frames[i - 1]!.y && frames[i]!.y >= to.y);
      assert.equal(frames[i]!.x, 100);
      assert.equal(frames[i]!.height, 150);
    }
    assert.deepEqual(slideFrames(from, to, 0), [to]);
  });
});
