import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AccountState } from '../../main/msnp/accountState';
import { Framer } from '../../main/msnp/framing';
import { ListSync } from '../../main/msnp/listSync';
import { prng } from './prng';

interface Outcome {
  snapshot: ReturnType<AccountState['snapshot']>;
  warnings: string[];
  unhandled: string[];
  complete: boolean;
  missing: string[];
  taken: number;
}

/** Lines the fast path took in the last sync through it. */
let tapped = 0;

/** The lines through a framer, with the sync's line tap (the fast path) or without it (every line parsed). */
function sync(lines: string[], tap: boolean, chunk = 0): Outcome {
  const state = new AccountState();
  const warnings: string[] = [];
  const unhandled: string[] = [];
  const s = new ListSync(8, state, (code, _message, line) => warnings.push(`${code} ${line ?? ''}`));
  const framer = new Framer(
    { from: 'server' },
    {
      command: (cmd) => {
        if (!s.handle(cmd)) unhandled.push(cmd.raw);
      },
      warning: (code) => warnings.push(code),
      fatal: (err) => assert.fail(err.message),
    },
  );
  tapped = 0;
  if (tap) {
    framer.tap = (...args) => {
      const took = s.take(...args);
      if (took) tapped += 1;
      return took;
    };
  }
  const bytes = Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'utf8');
  const step = chunk > 0 ? chunk : bytes.length;
  for (let at = 0; at < bytes.length; at += step) framer.push(bytes.subarray(at, at + step));
  const snapshot = state.snapshot();
  snapshot.warnings = [];
  return { snapshot, warnings, unhandled, complete: s.complete, missing: s.missing(), taken: s.taken };
}

function sameEitherWay(lines: string[], chunk = 0): Outcome {
  const careful = sync(lines, false, chunk);
  const fast = sync(lines, true, chunk);
  assert.deepEqual(fast, careful);
  return fast;
}

const SEED = [
  'GTC 8 6 A',
  'BLP 8 6 AL',
  'PRP 8 6 PHH 123%20(4567)',
  'PRP 8 6 MBE N',
  'LST 8 FL 6 1 3 anotheruser@hotmail.com another%20user',
  'BPR 6 anotheruser@hotmail.com PHH 1%20(222)%203333',
  'BPR 6 anotheruser@hotmail.com PHW',
  'BPR 6 anotheruser@hotmail.com MOB N',
  'LST 8 FL 6 2 3 b@x.com b',
  'BPR 6 b@x.com PHM 555',
  'LST 8 FL 6 3 3 c@x.com Zo%C3%AB',
  'LST 8 AL 6 1 2 anotheruser@hotmail.com another%20user',
  'LST 8 AL 6 2 2 c@x.com c',
  'LST 8 BL 6 0 0',
  'LST 8 RL 6 1 2 b@x.com b',
  'LST 8 RL 6 2 2 newcomer@x.com new%20comer',
];

describe('list sync fast path', () => {
  it('ends with the same lists, phones and warnings as the careful reader on a plain sync', () => {
    const out = sameEitherWay(SEED);
    assert.equal(out.complete, true);
    assert.equal(out.taken, SEED.length);
    assert.equal(tapped, 11, 'every LST and BPR line but the empty list went the fast way');
    assert.deepEqual(
      out.snapshot.contacts.map((c) => [c.email, c.nickname, c.lists.join(','), JSON.stringify(c.phones)]),
      [
        ['anotheruser@hotmail.com', 'another user', 'FL,AL', '{"PHH":"1 (222) 3333","MOB":"N"}'],
        ['b@x.com', 'b', 'FL,RL', '{"PHM":"555"}'],
        ['c@x.com', 'Zoë', 'FL,AL', '{}'],
        ['newcomer@x.com', 'new comer', 'RL', '{}'],
      ],
    );
    assert.deepEqual(out.snapshot.pendingAdds, [{ email: 'newcomer@x.com', nickname: 'new comer' }]);
  });

  it('gives the same outcome whatever the chunking', () => {
    for (const chunk of [1, 2, 5, 13, 64]) sameEitherWay(SEED, chunk);
  });

  it('leaves every odd line to the careful reader, with the same warnings', () => {
    const odd = [
      'LST 8 FL 6 2 1 a@x.com a',
      'LST 8 FL 6 2 2 b@x.com  b',
      'LST 8 FL 6 x 2 c@x.com c',
      'LST 8 FL 6 3 4 d@x.com 100%',
      'LST 8 FL 6 4 5 e@x.com %ZZ%20e',
      'LST 8 FL 6 5 5 f@x.com',
      'LST 8 FL 6 6 6 g@x.com g ',
      'LST 8 XL 6 1 1 h@x.com h',
      'LST 8 AL 6 1 1',
      'LST 9 AL 6 1 1 a@x.com a',
      'LST 8 AL 6 1 3 B@X.COM B',
      'LST 8 AL 6 2 3 a@x.com a 4',
      'LST  8 AL 6 3 3 c@x.com c',
      'LST 8 RL 6 0 0',
      'BPR 6 a@x.com PHH',
      'BPR 6 a@x.com PHH ',
      'BPR 6 b@x.com PHX 1',
      'BPR 6 b@x.com PHHH 1',
      'BPR a@x.com PHW 2',
      'BPR PHM 3',
      'BPR 6 nobody@x.com PHH 4',
      'BPR 6 g@x.com MOB %4',
      'BPR 6 G@X.COM PHW 5%206',
      'BPR x g@x.com PHH 7',
      'GTC 8 6 N',
      'BLP 8 6 BL',
    ];
    const out = sameEitherWay(odd);
    assert.ok(out.warnings.length > 5, 'the odd lines were warned about');
    assert.ok(tapped > 0 && tapped < 8, `the fast path took the plain ones among them (${tapped})`);
  });

  it('takes names that were sent without encoding the careful way', () => {
    sameEitherWay(['LST 8 FL 6 1 2 a@x.com Zoë', 'LST 8 FL 6 2 2 b@x.com b', 'LST 8 AL 6 1 1 b@x.com b']);
  });

  it('finds entries that the other lists send in another order, or that the forward list lacks', () => {
    const fl = ['a', 'b', 'c', 'd', 'e'].map((n, i) => `LST 8 FL 6 ${i + 1} 5 ${n}@x.com ${n}`);
    const al = ['b', 'a', 'e', 'z', 'd'].map((n, i) => `LST 8 AL 6 ${i + 1} 5 ${n}@x.com ${n}`);
    const rl = ['a', 'c', 'd', 'y', 'e', 'a'].map((n, i) => `LST 8 RL 6 ${i + 1} 6 ${n}@x.com ${n}`);
    sameEitherWay(['GTC 8 6 A', 'BLP 8 6 AL', ...fl, ...al, 'LST 8 BL 6 1 1 a@x.com a', ...rl]);
    sameEitherWay([
      'LST 8 FL 6 1 3 a@x.com a',
      'LST 8 FL 6 2 3 a@x.com again',
      'BPR 6 a@x.com PHH 1',
      'LST 8 FL 6 3 3 b@x.com b',
    ]);
  });

  it('agrees with the careful reader on generated syncs full of deviations', () => {
    let fast = 0;
    const names = ['a@x.com', 'b@x.com', 'B@x.com', 'c@y.org', 'd@y.org', 'zoë@x.com'];
    const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
    for (let seed = 1; seed <= 300; seed++) {
      const r = prng(seed);
      const lines: string[] = [];
      const count = 5 + Math.floor(r() * 25);
      for (let i = 0; i < count; i++) {
        const list = pick(r, ['FL', 'FL', 'AL', 'RL', 'BL', 'XL']);
        const email = pick(r, names);
        const index = pick(r, ['1', '2', '3', '0', 'x', '']);
        const total = pick(r, ['3', '3', '2', '0', '9']);
        const nick = pick(r, ['n', 'a%20b', '100%', 'Zo%C3%AB', 'Zoë', '', 'x y']);
        const key = pick(r, ['PHH', 'PHW', 'PHM', 'MOB', 'PHX', '']);
        const value = pick(r, ['', '1%20(2)', '%E2', 'Y', ' 5']);
        lines.push(
          pick(r, [
            `LST 8 ${list} 6 ${index} ${total} ${email} ${nick}`,
            `LST 8 ${list} 6 ${index} ${total} ${email}`,
            `LST ${pick(r, ['8', '9', '08'])} ${list} 6 ${index} ${total} ${email} ${nick} 0`,
            `BPR 6 ${email} ${key} ${value}`.trimEnd(),
            `BPR 6 ${email} ${key}`,
            `BPR ${key} ${value}`,
            pick(r, ['GTC 8 6 A', 'BLP 8 6 BL', 'PRP 8 6 PHH 1%202', 'CHG 8 NLN']),
          ]),
        );
      }
      try {
        sameEitherWay(lines, 1 + Math.floor(r() * 40));
      } catch (err) {
        assert.fail(`seed ${seed}: ${(err as Error).message}`);
      }
      fast += tapped;
    }
    assert.ok(fast > 500, `the fast path took part in it (${fast} lines)`);
  });
});
