import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AccountStore, allows, md5Hex, type SandboxAccountInit } from '../../main/sandbox/accounts';
import { readNameField, writeName } from '../../main/sandbox/fields';
import { largeAccount } from '../../main/sandbox/demoData';
import { makeQuirks } from '../../main/sandbox/quirks';
import { syncReply } from '../../main/sandbox/syncReply';

const ALICE: SandboxAccountInit = {
  email: 'alice@example.com',
  password: 'wonderland',
  nickname: 'Alice Liddell',
  phones: { PHH: '1 (222) 333 4444', MOB: 'Y' },
  forward: ['bob@example.com'],
  allow: ['bob@example.com'],
};
const BOB: SandboxAccountInit = { email: 'bob@example.com', password: 'builder', nickname: 'Bob ☃', forward: ['alice@example.com'] };
const CAROL: SandboxAccountInit = { email: 'Carol@Example.com', password: 'carolpw', nickname: 'Carol' };
const DAVE: SandboxAccountInit = { email: 'dave@example.com', password: 'davepw', verified: false };

function store(): AccountStore {
  return new AccountStore([ALICE, BOB, CAROL, DAVE]);
}

function get(s: AccountStore, email: string) {
  const a = s.get(email);
  assert.ok(a, `${email} exists`);
  return a;
}

describe('sandbox account set-up', () => {
  it('derives the reverse list from forward lists, with each watcher under their own name', () => {
    const s = store();
    assert.deepEqual(s.reverseList(get(s, 'bob@example.com')), [{ email: 'alice@example.com', nickname: 'Alice Liddell' }]);
    assert.deepEqual(s.entries(get(s, 'alice@example.com'), 'RL'), [{ email: 'bob@example.com', nickname: 'Bob ☃' }]);
    assert.deepEqual(s.entries(get(s, 'carol@example.com'), 'RL'), []);
  });

  it('finds accounts whatever the case of the address, and defaults the name to the address', () => {
    const s = store();
    assert.equal(get(s, 'CAROL@example.COM').email, 'Carol@Example.com');
    assert.equal(get(s, 'dave@example.com').nickname, 'dave@example.com');
    assert.equal(get(s, 'dave@example.com').listVersion, 1, 'a client that remembers nothing (SYN 0) must get the lists');
  });

  it('refuses a set-up that names a missing account, repeats one, or puts someone on both AL and BL', () => {
    assert.throws(() => new AccountStore([{ ...ALICE, forward: ['ghost@example.com'] }]), /ghost@example.com.*not an account/);
    assert.throws(() => new AccountStore([CAROL, { ...CAROL, email: 'carol@example.com' }]), /defined twice/);
    assert.throws(() => new AccountStore([{ ...ALICE, forward: [], block: ['bob@example.com'] }, BOB]), /both AL and BL/);
    assert.throws(() => new AccountStore([{ ...CAROL, email: 'a@b' }]), /not a valid handle/);
  });

  it('bumps the version of an existing account whose reverse list grows when a new account is added', () => {
    const s = store();
    const carol = get(s, 'carol@example.com');
    s.addAll([{ email: 'erin@example.com', password: 'x', forward: ['carol@example.com'] }]);
    assert.equal(carol.listVersion, 2);
    assert.deepEqual(s.reverseList(carol).map((e) => e.email), ['erin@example.com']);
  });
});

describe('sandbox sign-in checks', () => {
  it('accepts md5(salt + password) in any hex case and nothing else', () => {
    const s = store();
    assert.equal(s.authenticate('alice@example.com', '123.456', md5Hex('123.456', 'wonderland')), 'ok');
    assert.equal(s.authenticate('ALICE@example.com', '123.456', md5Hex('123.456', 'wonderland').toUpperCase()), 'ok');
    assert.equal(s.authenticate('alice@example.com', '123.456', md5Hex('123.457', 'wonderland')), 'failed');
    assert.equal(s.authenticate('ghost@example.com', '1', md5Hex('1', '')), 'failed');
  });

  it('reports an unverified account only once the password is right', () => {
    const s = store();
    assert.equal(s.authenticate('dave@example.com', 's', md5Hex('s', 'davepw')), 'unverified');
    assert.equal(s.authenticate('dave@example.com', 's', md5Hex('s', 'nope')), 'failed');
  });
});

describe('sandbox list changes', () => {
  it('adds to FL: the owner and the contact (whose RL grows) both get a new version', () => {
    const s = store();
    const alice = get(s, 'alice@example.com');
    const carol = get(s, 'carol@example.com');
    const r = s.addToList(alice, 'FL', 'carol@example.com', 'Carol%20C');
    assert.ok(r.ok);
    assert.equal(r.version, 2);
    assert.deepEqual(r.entry, { email: 'Carol@Example.com', nickname: 'Carol C' });
    assert.equal(r.reverse?.account, carol);
    assert.equal(r.reverse?.version, 2);
    assert.deepEqual(s.reverseList(carol).map((e) => e.email), ['alice@example.com']);
  });

  it('adds to AL or BL without touching the contact', () => {
    const s = store();
    const alice = get(s, 'alice@example.com');
    const r = s.addToList(alice, 'BL', 'carol@example.com', 'Carol');
    assert.ok(r.ok);
    assert.equal(r.reverse, null);
    assert.equal(get(s, 'carol@example.com').listVersion, 1);
  });

  it('answers ADD with the documented errors', () => {
    const s = store();
    const alice = get(s, 'alice@example.com');
    const code = (list: string, handle: string, name = 'x'): number | string => {
      const r = s.addToList(alice, list, handle, name);
      return r.ok ? 'ok' : 'error' in r ? r.error : 'disconnect';
    };
    assert.equal(code('RL', 'carol@example.com'), 'disconnect');
    assert.equal(code('XL', 'carol@example.com'), 201);
    assert.equal(code('FL', 'a@b'), 201);
    assert.equal(code('FL', 'carol@example.com', 'bad%zzname%'), 201);
    assert.equal(code('FL', 'ghost@example.com'), 205);
    assert.equal(code('FL', 'bob@example.com'), 215);
    assert.equal(code('BL', 'bob@example.com'), 219);
    assert.equal(alice.listVersion, 1, 'a refused change changes no version');
  });

  it('removes from lists: 216 when absent, a disconnect for RL, and the contact leaves the RL', () => {
    const s = store();
    const alice = get(s, 'alice@example.com');
    const bob = get(s, 'bob@example.com');
    const gone = s.removeFromList(alice, 'BL', 'bob@example.com');
    assert.deepEqual(gone, { ok: false, error: 216 });
    assert.deepEqual(s.removeFromList(alice, 'RL', 'bob@example.com').ok, false);
    assert.ok('disconnect' in s.removeFromList(alice, 'RL', 'bob@example.com'));
    const r = s.removeFromList(alice, 'FL', 'BOB@example.com');
    assert.ok(r.ok);
    assert.equal(r.email, 'bob@example.com');
    assert.equal(r.reverse?.version, 2);
    assert.deepEqual(s.reverseList(bob), []);
  });

  it('renames yourself or a stored contact; 216 for strangers and 209 for names the server refuses', () => {
    const s = store();
    const alice = get(s, 'alice@example.com');
    const self = s.rename(alice, 'alice@example.com', 'Alice%20in%20Wonderland');
    assert.ok(self.ok && self.self);
    assert.equal(alice.nickname, 'Alice in Wonderland');
    const other = s.rename(alice, 'bob@example.com', 'Bobby');
    assert.ok(other.ok && !other.self);
    assert.equal(alice.lists.FL.get('bob@example.com')?.nickname, 'Bobby');
    assert.equal(alice.lists.AL.get('bob@example.com')?.nickname, 'Bobby', 'the stored name changes on every list');
    assert.equal(get(s, 'bob@example.com').nickname, 'Bob ☃', 'their own name is theirs');
    assert.deepEqual(s.rename(alice, 'carol@example.com', 'C'), { ok: false, error: 216 });
    for (const bad of ['%20%20', 'a%0Ab', 'bad%zz', 'x'.repeat(388), '%FF%FE']) {
      assert.deepEqual(s.rename(alice, 'alice@example.com', bad), { ok: false, error: 209 }, bad);
    }
    assert.equal(alice.listVersion, 3);
  });

  it('changes BLP and GTC: 218 when already so, a disconnect for a value that is neither', () => {
    const s = store();
    const alice = get(s, 'alice@example.com');
    assert.deepEqual(s.setBlp(alice, 'BL'), { ok: true, version: 2, value: 'BL' });
    assert.deepEqual(s.setBlp(alice, 'BL'), { ok: false, error: 218 });
    assert.ok('disconnect' in s.setBlp(alice, 'CL'));
    assert.deepEqual(s.setGtc(alice, 'N'), { ok: true, version: 3, value: 'N' });
    assert.deepEqual(s.setGtc(alice, 'N'), { ok: false, error: 218 });
    assert.ok('disconnect' in s.setGtc(alice, 'B'));
  });

  it('sets and clears phone properties and bumps everyone who has you on FL', () => {
    const s = store();
    const bob = get(s, 'bob@example.com');
    const alice = get(s, 'alice@example.com');
    const r = s.setPhone(bob, 'PHM', '555%200101');
    assert.ok(r.ok);
    assert.equal(r.value, '555 0101');
    assert.deepEqual(
      r.watchers.map((w) => [w.account.email, w.version]),
      [['alice@example.com', 2]],
    );
    assert.equal(alice.listVersion, 2);
    const cleared = s.setPhone(bob, 'PHM', undefined);
    assert.ok(cleared.ok);
    assert.equal(bob.phones.PHM, undefined);
  });

  it('answers PRP with 715 for an unknown property and disconnects for an overlong key or value', () => {
    const s = store();
    const bob = get(s, 'bob@example.com');
    assert.deepEqual(s.setPhone(bob, 'NEW', 'x'), { ok: false, error: 715 });
    assert.deepEqual(s.setPhone(bob, 'MBE', 'Y'), { ok: false, error: 715 }, 'MBE is set by the server only');
    assert.ok('disconnect' in s.setPhone(bob, 'NICE', 'Y'));
    assert.ok('disconnect' in s.setPhone(bob, 'PHM', '1'.repeat(96)));
    assert.deepEqual(s.setPhone(bob, 'MOB', 'X'), { ok: false, error: 201 });
    assert.equal(bob.listVersion, 1);
  });
});

describe('sandbox privacy rules', () => {
  it('lets everyone not blocked through in BLP AL, and only the allow list in BLP BL', () => {
    const s = store();
    const alice = get(s, 'alice@example.com');
    const bob = get(s, 'bob@example.com');
    const carol = get(s, 'carol@example.com');
    assert.equal(allows(alice, carol), true);
    s.setBlp(alice, 'BL');
    assert.equal(allows(alice, carol), false);
    assert.equal(allows(alice, bob), true, 'Bob is on the allow list');
    s.removeFromList(alice, 'AL', 'bob@example.com');
    s.addToList(alice, 'BL', 'bob@example.com', 'Bob');
    s.setBlp(alice, 'AL');
    assert.equal(allows(alice, bob), false, 'a block wins over BLP AL');
  });
});

describe('sandbox names on the wire', () => {
  it('URL-encodes names, and for the unencodedNames quirk escapes only whitespace', () => {
    assert.equal(writeName('Bob the Builder 100%', false), 'Bob%20the%20Builder%20100%25');
    assert.equal(writeName('Bob Ünïcode ☃ 100%', true), 'Bob%20Ünïcode%20☃%20100%');
    assert.equal(writeName('tab\there\u00a0nbsp', true), 'tab%09here%C2%A0nbsp');
  });

  it('reads a name field strictly', () => {
    assert.deepEqual(readNameField('Caf%C3%A9'), { ok: true, name: 'Café' });
    assert.deepEqual(readNameField('%E2%98%83'), { ok: true, name: '☃' });
    assert.equal(readNameField('').ok, false);
    assert.equal(readNameField('%C3').ok, false);
  });
});

describe('sandbox SYN reply', () => {
  const lines = (text: string): string[] => text.split('\r\n').slice(0, -1);

  it('sends only the SYN line when the client is up to date, and everything for version 0', () => {
    const s = store();
    const alice = get(s, 'alice@example.com');
    assert.deepEqual(lines(syncReply(s, alice, 8, 1, 'MSNP5', makeQuirks())), ['SYN 8 1']);
    assert.deepEqual(lines(syncReply(s, alice, 8, 0, 'MSNP5', makeQuirks())), [
      'SYN 8 1',
      'GTC 8 1 A',
      'BLP 8 1 AL',
      'PRP 8 1 PHH 1%20(222)%20333%204444',
      'PRP 8 1 PHW',
      'PRP 8 1 PHM',
      'PRP 8 1 MOB Y',
      'PRP 8 1 MBE N',
      'LST 8 FL 1 1 1 bob@example.com Bob%20%E2%98%83',
      'BPR 1 bob@example.com PHH',
      'BPR 1 bob@example.com PHW',
      'BPR 1 bob@example.com PHM',
      'BPR 1 bob@example.com MOB',
      'LST 8 AL 1 1 1 bob@example.com Bob%20%E2%98%83',
      'LST 8 BL 1 0 0',
      'LST 8 RL 1 1 1 bob@example.com Bob%20%E2%98%83',
    ]);
  });

  it('leaves out PRP and BPR before MSNP5', () => {
    const s = store();
    const text = syncReply(s, get(s, 'alice@example.com'), 3, 0, 'MSNP4', makeQuirks());
    assert.doesNotMatch(text, /^(PRP|BPR) /m);
    assert.equal(lines(text).length, 7);
  });

  it('applies the list quirks: swapped counters, late GTC/BLP, a doubled SYN line', () => {
    const s = store();
    s.addToList(get(s, 'alice@example.com'), 'FL', 'carol@example.com', 'Carol');
    const text = lines(syncReply(s, get(s, 'alice@example.com'), 4, 0, 'MSNP3', makeQuirks({ swapLstIndex: true, gtcBlpAfterLists: true, duplicateSynReply: true })));
    assert.deepEqual(text.slice(0, 2), ['SYN 4 2', 'SYN 4 2']);
    assert.equal(text[2], 'LST 4 FL 2 2 1 bob@example.com Bob%20%E2%98%83');
    assert.deepEqual(text.slice(-2), ['GTC 4 2 A', 'BLP 4 2 AL']);
  });

  it('builds a 5,000-contact sync (35,000 lines) as one string', () => {
    const big = largeAccount('big@example.com', 'bigpass', 5000);
    const s = new AccountStore(big.accounts);
    const owner = get(s, 'big@example.com');
    const text = syncReply(s, owner, 5, 0, 'MSNP5', makeQuirks());
    const all = lines(text);
    assert.equal(all.filter((l) => l.startsWith('LST 5 FL ')).length, 5000);
    assert.equal(all.filter((l) => l.startsWith('BPR ')).length, 20000);
    assert.equal(all.filter((l) => l.startsWith('LST 5 RL ')).length, 5000);
    assert.equal(all.length, 1 + 2 + 5 + 5000 * 5 + 5000 + 1 + 5000);
  });
});
