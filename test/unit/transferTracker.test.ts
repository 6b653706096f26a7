import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { InvitationState } from '../../app/conversation';
import { PROGRESS_EVERY_MS, TransferTracker } from '../../main/service/transferTracker';

/** A tracker on a clock the test moves. */
function tracked(size = 10_000, fileName = 'photo.jpg') {
  const clock = { now: 0 };
  const tracker = new TransferTracker(() => clock.now);
  const info = tracker.create(
    {
      conversationId: 'c1',
      direction: 'receive',
      peer: 'bob@example.com',
      peerName: 'Bob',
      fileName,
      size,
      state: 'offered',
    },
    '1234',
  );
  return { clock, tracker, id: info.id, info };
}

describe('TransferTracker', () => {
  it('creates an invitation with its own id, nothing moved yet, and flags programs by name', () => {
    const { tracker, info } = tracked();
    assert.match(info.id, /^i\d+$/);
    assert.deepEqual(
      { ...info },
      {
        conversationId: 'c1',
        direction: 'receive',
        peer: 'bob@example.com',
        peerName: 'Bob',
        fileName: 'photo.jpg',
        size: 10_000,
        state: 'offered',
        id: info.id,
        transferred: 0,
        rate: 0,
        secondsLeft: null,
        executable: false,
        savedPath: '',
        sha256: '',
        message: '',
      },
    );
    assert.equal(tracker.cookieOf(info.id), '1234');
    const program = tracker.create(
      {
        conversationId: 'c1',
        direction: 'receive',
        peer: '',
        peerName: '',
        fileName: 'Setup.EXE ',
        size: 1,
        state: 'offered',
      },
      '99',
    );
    assert.notEqual(program.id, info.id);
    assert.equal(program.executable, true);
    info.state = 'done';
    assert.equal(tracker.get(info.id)?.state, 'offered', 'what it hands out is a copy');
  });

  it('moves through the states and never moves again once ended', () => {
    const ends: InvitationState[] = ['done', 'failed', 'cancelled', 'declined'];
    for (const end of ends) {
      const { tracker, id } = tracked();
      assert.equal(tracker.set(id, 'connecting')?.state, 'connecting');
      assert.equal(tracker.set(id, 'transferring')?.state, 'transferring');
      const ended = tracker.set(id, end, { message: end === 'done' ? '' : 'Why.' })!;
      assert.equal(ended.state, end);
      assert.equal(ended.rate, 0);
      assert.equal(ended.secondsLeft, end === 'done' ? 0 : null);
      assert.equal(ended.transferred, end === 'done' ? 10_000 : 0, 'done means every byte');
      assert.equal(tracker.set(id, 'transferring'), null, `${end} is an end`);
      assert.equal(tracker.set(id, 'done'), null);
      assert.equal(tracker.progress(id, 5), null);
      assert.equal(tracker.get(id)?.state, end);
    }
    assert.equal(tracked().tracker.set('i9', 'done'), null, 'an unknown id changes nothing');
  });

  it('measures the rate over the last few seconds and the time left from it', () => {
    const { clock, tracker, id } = tracked(10_000);
    tracker.set(id, 'transferring');
    clock.now = 1_000;
    let info = tracker.progress(id, 1_000)!;
    assert.deepEqual([info.transferred, info.rate, info.secondsLeft], [1_000, 1_000, 9]);
    clock.now = 2_000;
    info = tracker.progress(id, 3_000)!;
    assert.deepEqual([info.rate, info.secondsLeft], [1_500, 7_000 / 1_500]);
    // A stall: ten seconds later only 100 more bytes. The old samples drop out, so the rate shows it.
    clock.now = 12_000;
    info = tracker.progress(id, 3_100)!;
    assert.equal(info.rate, 10);
    assert.ok(info.secondsLeft! > 600);
  });

  it('reports the first progress at once, then at most every interval, and the last byte always', () => {
    const { clock, tracker, id } = tracked(10_000);
    tracker.set(id, 'transferring');
    clock.now = 10;
    assert.notEqual(tracker.progress(id, 100), null, 'the first progress shows at once');
    clock.now = 10 + PROGRESS_EVERY_MS - 1;
    assert.equal(tracker.progress(id, 200), null, 'too soon');
    assert.equal(tracker.get(id)?.transferred, 200, 'but it is recorded');
    clock.now = 10 + PROGRESS_EVERY_MS;
    assert.equal(tracker.progress(id, 300)?.transferred, 300);
    clock.now += 1;
    assert.equal(tracker.progress(id, 10_000)?.transferred, 10_000, 'the last byte is never held back');
  });

  it('hands over held-back progress when asked, once, and never for an ended transfer', () => {
    const { clock, tracker, id } = tracked(10_000);
    tracker.set(id, 'transferring');
    clock.now = 10;
    tracker.progress(id, 100);
    assert.equal(tracker.flush(id), null, 'nothing owed after an update that went out');
    clock.now = 20;
    assert.equal(tracker.progress(id, 5_000), null);
    // The transfer stalls here: no more progress comes, but the windows must still see 5000.
    clock.now = 300;
    assert.equal(tracker.flush(id)?.transferred, 5_000);
    assert.equal(tracker.flush(id), null, 'only once');
    clock.now = 310;
    assert.equal(tracker.progress(id, 6_000), null, 'the flush counts as an update for the interval');
    tracker.set(id, 'cancelled', { message: 'You cancelled the transfer.' });
    assert.equal(tracker.flush(id), null);
  });

  it('moves to transferring on the first progress if the start was missed', () => {
    const { clock, tracker, id } = tracked();
    tracker.set(id, 'connecting');
    clock.now = 500;
    assert.equal(tracker.progress(id, 10)?.state, 'transferring');
  });

  it('finds an invitation by conversation and cookie, the newest when a cookie comes again', () => {
    const { tracker, id } = tracked();
    tracker.set(id, 'declined');
    const again = tracker.create(
      {
        conversationId: 'c1',
        direction: 'receive',
        peer: '',
        peerName: '',
        fileName: 'b.txt',
        size: 1,
        state: 'offered',
      },
      '1234',
    );
    assert.equal(
      tracker.find('c1', '1234')?.id,
      again.id,
      'the live one, not the old one with the same cookie',
    );
    assert.equal(tracker.find('c2', '1234'), undefined);
    assert.deepEqual(
      tracker.ofConversation('c1').map((i) => i.id),
      [id, again.id],
    );
  });

  it('never gives a new tracker (a new session) an id an earlier one gave out', () => {
    const before = new Set(Array.from({ length: 3 }, () => tracked().id));
    const { tracker, id } = tracked();
    assert.ok(!before.has(id), `${id} was already given out`);
    assert.deepEqual(
      tracker.all().map((i) => i.id),
      [id],
    );
  });
});
