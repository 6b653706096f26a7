import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ListSync } from '../../main/msnp/listSync';
import { AccountState } from '../../main/msnp/accountState';
import { parseCommand } from '../../main/msnp/command';

function run(lines: string[], trId = 8): { state: AccountState; sync: ListSync; warnings: string[]; unhandled: string[] } {
  const state = new AccountState();
  const warnings: string[] = [];
  const unhandled: string[] = [];
  const sync = new ListSync(trId, state, (code) => warnings.push(code));
  for (const l of lines) if (!sync.handle(parseCommand(l))) unhandled.push(l);
  return { state, sync, warnings, unhandled };
}

const SEED = [
  'GTC 8 6 A',
  'BLP 8 6 AL',
  'PRP 8 6 PHH 123%20(4567)',
  'PRP 8 6 PHW',
  'PRP 8 6 MBE N',
  'LST 8 FL 6 1 1 anotheruser@hotmail.com another%20user',
  'BPR 6 anotheruser@hotmail.com PHH 1%20(222)%203333',
  'BPR 6 anotheruser@hotmail.com PHW',
  'BPR 6 anotheruser@hotmail.com MOB N',
  'LST 8 AL 6 1 1 anotheruser@hotmail.com another%20user',
  'LST 8 BL 6 0 0',
  'LST 8 RL 6 1 1 anotheruser@hotmail.com another%20user',
];

describe('list sync', () => {
  it('reads the seed transcript into lists, phones and settings and knows it is complete', () => {
    const { state, sync, warnings, unhandled } = run(SEED);
    assert.equal(sync.complete, true);
    assert.deepEqual(warnings, []);
    assert.deepEqual(unhandled, []);
    const snap = state.snapshot();
    assert.deepEqual(snap.privacy, { blp: 'AL', gtc: 'A' });
    assert.deepEqual(snap.self.phones, { PHH: '123 (4567)' });
    assert.equal(snap.self.mobileEnabled, false);
    assert.deepEqual(snap.contacts, [
      { email: 'anotheruser@hotmail.com', nickname: 'another user', lists: ['FL', 'AL', 'RL'], status: 'FLN', phones: { PHH: '1 (222) 3333', MOB: 'N' } },
    ]);
    assert.deepEqual(snap.pendingAdds, []);
  });

  it('is not complete until every list has all its entries', () => {
    const { sync } = run(['GTC 8 6 A', 'BLP 8 6 AL', 'LST 8 FL 6 1 2 a@x.com a', 'LST 8 AL 6 0 0', 'LST 8 BL 6 0 0', 'LST 8 RL 6 0 0']);
    assert.equal(sync.listsComplete, false);
    assert.deepEqual(sync.missing(), ['FL (1 of 2 lines)']);
    const short = run(['GTC 8 6 A', 'LST 8 FL 6 1 3 a@x.com a']).sync;
    assert.deepEqual(short.missing(), ['FL (2 of 3 lines)', 'AL (none sent)', 'BL (none sent)', 'RL (none sent)', 'BLP']);
  });

  it('tolerates GTC/BLP after the lists and records it', () => {
    const lines = [...SEED.slice(2), 'GTC 8 6 N', 'BLP 8 6 BL'];
    const { state, sync, warnings } = run(lines);
    assert.equal(sync.complete, true);
    assert.deepEqual(state.snapshot().privacy, { blp: 'BL', gtc: 'N' });
    assert.deepEqual(warnings, ['gtc-after-lists', 'blp-after-lists']);
  });

  it('swaps an LST index and total that arrive the wrong way round', () => {
    const { sync, state, warnings } = run(['GTC 8 6 A', 'BLP 8 6 AL', 'LST 8 FL 6 2 1 a@x.com a', 'LST 8 FL 6 2 2 b@x.com b', 'LST 8 AL 6 0 0', 'LST 8 BL 6 0 0', 'LST 8 RL 6 0 0']);
    assert.equal(sync.complete, true);
    assert.equal(state.snapshot().contacts.length, 2);
    assert.deepEqual(warnings, ['lst-index-swapped']);
  });

  it('decodes names leniently and warns about raw or broken encodings', () => {
    const { state, warnings } = run(['LST 8 FL 6 1 3 a@x.com Zoë', 'LST 8 FL 6 2 3 b@x.com 100%', 'LST 8 FL 6 3 3 c@x.com %E2%98%83%20snow']);
    const names = state.snapshot().contacts.map((c) => c.nickname);
    assert.deepEqual(names, ['Zoë', '100%', '☃ snow']);
    assert.deepEqual(warnings, ['name-not-encoded', 'name-malformed-escape']);
  });

  it('ignores commands of another transaction', () => {
    const { unhandled } = run(['LST 9 FL 6 1 1 a@x.com a', 'CHG 8 NLN', 'ILN 8 NLN a@x.com a']);
    assert.equal(unhandled.length, 3);
  });

  it('applies BPR lines without a user to the preceding forward-list contact', () => {
    const { state, warnings } = run(['LST 8 FL 6 1 1 a@x.com a', 'BPR PHH 555']);
    assert.equal(state.snapshot().contacts[0]!.phones.PHH, '555');
    assert.deepEqual(warnings, ['bpr-without-user']);
  });
});
