// The sandbox spoken to in raw MSNP over real sockets: what a client sends, byte for byte, and what comes back.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MsnpTestServer, type SandboxAccountInit } from '../../main/sandbox/server';
import { largeAccount } from '../../main/sandbox/demoData';
import { makeQuirks } from '../../main/sandbox/quirks';
import { md5, RawClient, signIn } from './rawClient';

const ALICE: SandboxAccountInit = {
  email: 'alice@example.com',
  password: 'wonderland',
  nickname: 'Alice Liddell',
  phones: { PHH: '1 (222) 333 4444', MOB: 'Y' },
  forward: ['bob@example.com'],
  allow: ['bob@example.com'],
  mail: { inboxUnread: 3, foldersUnread: 1 },
};
const BOB: SandboxAccountInit = { email: 'bob@example.com', password: 'builder', nickname: 'Bob Ünïcode ☃', forward: ['alice@example.com'], allow: ['alice@example.com'] };
const CAROL: SandboxAccountInit = { email: 'carol@example.com', password: 'carolpw', nickname: 'Carol' };
const DAVE: SandboxAccountInit = { email: 'dave@example.com', password: 'davepw', verified: false };

describe('the sandbox over raw MSNP', () => {
  let server: MsnpTestServer;
  const clients: RawClient[] = [];
  const track = (c: RawClient): RawClient => (clients.push(c), c);

  before(async () => {
    server = new MsnpTestServer({ accounts: [ALICE, BOB, CAROL, DAVE] });
    await server.start();
  });
  after(async () => {
    for (const c of clients) c.close();
    await server.stop();
  });

  it('redirects from the dispatch port to the notification port and closes', async () => {
    const c = track(await RawClient.connect(server.dispatchPort));
    c.send('VER', 'MSNP5', 'MSNP4', 'CVR0');
    assert.equal((await c.next()).raw, 'VER 1 MSNP5');
    c.send('INF');
    assert.equal((await c.next()).raw, 'INF 2 MD5');
    c.send('USR', 'MD5', 'I', 'alice@example.com');
    assert.equal((await c.next()).raw, `XFR 3 NS 127.0.0.1:${server.nsPort} 0`);
    await c.closed;
  });

  it('redirects an MSNP2 client without the trailing 0, and refuses a client with no common dialect', async () => {
    const old = track(await RawClient.connect(server.dispatchPort));
    old.send('VER', 'MSNP2', 'CVR0');
    assert.equal((await old.next()).raw, 'VER 1 MSNP2');
    old.send('INF');
    assert.equal((await old.next()).raw, 'INF 2 MD5 CTP');
    old.send('USR', 'MD5', 'I', 'alice@example.com');
    assert.equal((await old.next()).raw, `XFR 3 NS 127.0.0.1:${server.nsPort}`);

    const alien = track(await RawClient.connect(server.dispatchPort));
    alien.send('VER', 'MSNP12');
    assert.equal((await alien.next()).raw, 'VER 1 0');
    await alien.closed;
  });

  it('signs in with MD5, sends the Hotmail profile and mail counts, then the whole list for SYN 0', async () => {
    const c = track(await RawClient.connect(server.nsPort));
    c.send('VER', 'MSNP5', 'CVR0');
    await c.next();
    c.send('INF');
    await c.next();
    c.send('USR', 'MD5', 'I', 'alice@example.com');
    const challenge = await c.next();
    assert.match(challenge.raw, /^USR 3 MD5 S \d+\.\d+$/);
    c.send('USR', 'MD5', 'S', md5(challenge.args[2]!, 'wonderland'));
    assert.equal((await c.next()).raw, 'USR 4 OK alice@example.com Alice%20Liddell');
    const profile = await c.next();
    assert.equal(profile.raw, `MSG Hotmail Hotmail ${profile.payload!.length}`);
    assert.match(profile.payload!.toString(), /Content-Type: text\/x-msmsgsprofile; charset=UTF-8\r\nLoginTime: \d+\r\n/);
    assert.match(profile.payload!.toString(), /\r\nMSPAuth: [0-9A-F]+\$\$\r\n\r\n$/);
    const mail = (await c.next()).payload!.toString();
    assert.match(mail, /text\/x-msmsgsinitialemailnotification/);
    assert.match(mail, /\r\n\r\nInbox-Unread: 3\r\nFolders-Unread: 1\r\n/);

    c.send('SYN', '0');
    const expected = [
      'SYN 5 1',
      'GTC 5 1 A',
      'BLP 5 1 AL',
      'PRP 5 1 PHH 1%20(222)%20333%204444',
      'PRP 5 1 PHW',
      'PRP 5 1 PHM',
      'PRP 5 1 MOB Y',
      'PRP 5 1 MBE N',
      'LST 5 FL 1 1 1 bob@example.com Bob%20%C3%9Cn%C3%AFcode%20%E2%98%83',
      'BPR 1 bob@example.com PHH',
      'BPR 1 bob@example.com PHW',
      'BPR 1 bob@example.com PHM',
      'BPR 1 bob@example.com MOB',
      'LST 5 AL 1 1 1 bob@example.com Bob%20%C3%9Cn%C3%AFcode%20%E2%98%83',
      'LST 5 BL 1 0 0',
      'LST 5 RL 1 1 1 bob@example.com Bob%20%C3%9Cn%C3%AFcode%20%E2%98%83',
    ];
    for (const line of expected) assert.equal((await c.next()).raw, line);
    c.raw('OUT\r\n');
    await c.closed;
  });

  it('answers an up-to-date SYN with the SYN line alone', async () => {
    const c = track(await signIn(server, ALICE));
    c.send('SYN', '1');
    assert.equal((await c.next()).raw, 'SYN 5 1');
    c.send('CHG', 'NLN');
    assert.equal((await c.next()).raw, 'CHG 6 NLN', 'nothing came between the SYN and the CHG replies');
    const gone = server.waitFor('signedOut', (e) => e.email === 'alice@example.com');
    c.raw('OUT\r\n');
    await gone;
    assert.equal(server.isOnline('alice@example.com'), false);
  });

  it('shows presence both ways: ILN to the latecomer, NLN and FLN to the one already there', async () => {
    const alice = track(await signIn(server, ALICE));
    alice.send('CHG', 'NLN');
    await alice.take((m) => m.raw === 'CHG 5 NLN');
    assert.equal(server.onlineStatus('alice@example.com'), 'NLN');
    assert.equal(server.account('alice@example.com')?.status, 'NLN');

    const bob = track(await signIn(server, BOB));
    bob.send('CHG', 'BSY');
    assert.equal((await bob.take((m) => m.name === 'CHG')).raw, 'CHG 5 BSY');
    assert.equal((await bob.take((m) => m.name === 'ILN')).raw, 'ILN 5 NLN alice@example.com Alice%20Liddell');
    assert.equal((await alice.take((m) => m.name === 'NLN')).raw, 'NLN BSY bob@example.com Bob%20%C3%9Cn%C3%AFcode%20%E2%98%83');

    // Appear Offline looks like signing out; coming back looks like signing in.
    bob.send('CHG', 'HDN');
    assert.equal((await alice.take((m) => m.name === 'FLN')).raw, 'FLN bob@example.com');
    bob.send('CHG', 'AWY');
    assert.equal((await alice.take((m) => m.name === 'NLN')).args[0], 'AWY');

    // A block hides Bob from Alice at once, an unblock shows him again.
    bob.send('REM', 'AL', 'alice@example.com');
    assert.match((await bob.take((m) => m.name === 'REM')).raw, /^REM 8 AL \d+ alice@example.com$/);
    bob.send('ADD', 'BL', 'alice@example.com', 'Alice');
    assert.match((await bob.take((m) => m.name === 'ADD')).raw, /^ADD 9 BL \d+ alice@example.com Alice$/);
    assert.equal((await alice.take((m) => m.name === 'FLN')).raw, 'FLN bob@example.com');
    bob.send('REM', 'BL', 'alice@example.com');
    await bob.take((m) => m.name === 'REM');
    assert.equal((await alice.take((m) => m.name === 'NLN')).args[1], 'bob@example.com');
    bob.send('ADD', 'AL', 'alice@example.com', 'Alice');
    await bob.take((m) => m.name === 'ADD');

    const gone = server.waitFor('signedOut', (e) => e.email === 'bob@example.com');
    bob.raw('OUT\r\n');
    assert.equal((await alice.take((m) => m.name === 'FLN')).raw, 'FLN bob@example.com');
    assert.equal((await gone).reason, 'OUT');
    alice.raw('OUT\r\n');
    await alice.closed;
  });

  it('tells the other account about ADD and REM on the forward list, and phone changes through BPR', async () => {
    const carol = track(await signIn(server, CAROL));
    carol.send('SYN', '0');
    await carol.take((m) => m.raw.startsWith('LST 5 RL'));
    const alice = track(await signIn(server, ALICE));
    const v = server.account('carol@example.com')!.listVersion;
    alice.send('ADD', 'FL', 'carol@example.com', 'Carol');
    assert.match((await alice.take((m) => m.name === 'ADD')).raw, /^ADD 5 FL \d+ carol@example.com Carol$/);
    assert.equal((await carol.take((m) => m.name === 'ADD')).raw, `ADD 0 RL ${v + 1} alice@example.com Alice%20Liddell`);
    // Carol adds Alice back, so Alice's phone numbers now reach her.
    carol.send('ADD', 'FL', 'alice@example.com', 'Alice');
    assert.equal((await carol.take((m) => m.name === 'ADD')).raw, `ADD 6 FL ${v + 2} alice@example.com Alice`);
    await alice.take((m) => m.raw.startsWith('ADD 0 RL '));
    alice.send('PRP', 'PHW', '555%200101');
    assert.match((await alice.take((m) => m.name === 'PRP')).raw, /^PRP 6 \d+ PHW 555%200101$/);
    assert.equal((await carol.take((m) => m.name === 'BPR')).raw, `BPR ${v + 3} alice@example.com PHW 555%200101`);
    alice.send('PRP', 'PHW');
    assert.match((await alice.take((m) => m.name === 'PRP')).raw, /^PRP 7 \d+ PHW$/);
    assert.equal((await carol.take((m) => m.name === 'BPR')).raw, `BPR ${v + 4} alice@example.com PHW`);
    alice.send('REM', 'FL', 'carol@example.com');
    await alice.take((m) => m.name === 'REM');
    assert.equal((await carol.take((m) => m.name === 'REM')).raw, `REM 0 RL ${v + 5} alice@example.com`);
    const refusals: [string[], string][] = [
      [['ADD', 'FL', 'a@b', 'x'], '201'],
      [['ADD', 'FL', 'ghost@example.com', 'x'], '205'],
      [['ADD', 'FL', 'bob@example.com', 'x'], '215'],
      [['ADD', 'BL', 'bob@example.com', 'x'], '219'],
      [['REM', 'BL', 'carol@example.com'], '216'],
      [['REA', 'alice@example.com', 'bad%zz'], '209'],
      [['BLP', 'AL'], '218'],
      [['PRP', 'NEW', 'x'], '715'],
      [['URL', 'NOWHERE'], '201'],
      [['XFR', 'SB'], '913'],
      [['ZZZ', 'what'], '200'],
      [['SYN'], '200'],
    ];
    for (const [[name, ...args], code] of refusals) {
      const trId = alice.send(name!, ...args);
      assert.equal((await alice.next()).raw, `${code} ${trId}`, `${name} ${args.join(' ')}`);
    }
    const url = alice.send('URL', 'INBOX');
    assert.equal((await alice.next()).raw, `URL ${url} http://127.0.0.1/cgi-bin/HoTMaiL http://127.0.0.1/ppsecure/md5auth.srf?lc=1033 2`);
    alice.raw('PNG\r\n');
    assert.equal((await alice.next()).raw, 'QNG');
    // Adding to the reverse list is a disconnect.
    alice.send('ADD', 'RL', 'bob@example.com', 'x');
    await alice.closed;
    carol.close();
  });

  it('refuses a wrong password with 911 and an unverified account with 924, closing each time', async () => {
    for (const [account, password, code] of [
      [ALICE, 'nope', '911'],
      [DAVE, 'davepw', '924'],
      [{ ...CAROL, email: 'ghost@example.com' }, 'x', '911'],
    ] as const) {
      const c = track(await RawClient.connect(server.nsPort));
      c.send('VER', 'MSNP5');
      await c.next();
      c.send('USR', 'MD5', 'I', account.email);
      const challenge = await c.next();
      c.send('USR', 'MD5', 'S', md5(challenge.args[2]!, password));
      assert.equal((await c.next()).raw, `${code} 3`);
      await c.closed;
    }
  });

  it('signs the older connection out with OUT OTH when the account signs in again', async () => {
    const first = track(await signIn(server, CAROL));
    const second = track(await signIn(server, CAROL));
    assert.equal((await first.take((m) => m.name === 'OUT')).raw, 'OUT OTH');
    await first.closed;
    assert.equal(server.isOnline('carol@example.com'), true);
    second.raw('OUT\r\n');
    await second.closed;
  });

  it('disconnects on a bad status and on a payload command with an unreadable length', async () => {
    const c = track(await signIn(server, CAROL));
    c.send('CHG', 'HOT');
    await c.closed;
    const d = track(await signIn(server, CAROL));
    d.raw('PAG 5 bob@example.com many\r\n');
    await d.closed;
  });
});

describe('the sandbox quirks and CVR0 over raw MSNP', () => {
  let server: MsnpTestServer;
  const clients: RawClient[] = [];
  const track = (c: RawClient): RawClient => (clients.push(c), c);
  before(async () => {
    server = new MsnpTestServer({ accounts: [ALICE, BOB, CAROL] });
    await server.start();
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
    server.quirks = makeQuirks();
  });
  after(() => server.stop());

  it('answers a CVR0-only client with the client versions and closes', async () => {
    const c = track(await RawClient.connect(server.dispatchPort));
    c.send('VER', 'MSNP9', 'CVR0');
    assert.equal((await c.next()).raw, 'VER 1 CVR0');
    c.send('CVQ', '0x0409', 'win', '4.10', 'i386', 'MSMSGS', '3.0.0283', 'MSMSGS');
    assert.match((await c.next()).raw, /^CVQ 2 3\.0\.0283 3\.0\.0283 1\.0\.0863 http:\/\/127\.0\.0\.1\/\S+ http:\/\/127\.0\.0\.1\/$/);
    await c.closed;
  });

  it('serves the sign-in on the dispatch port itself with directSignIn', async () => {
    server.quirks.directSignIn = true;
    const c = track(await RawClient.connect(server.dispatchPort));
    c.send('VER', 'MSNP5');
    await c.next();
    c.send('USR', 'MD5', 'I', 'carol@example.com');
    const challenge = await c.next();
    assert.match(challenge.raw, /^USR 2 MD5 S /);
    c.send('USR', 'MD5', 'S', md5(challenge.args[2]!, 'carolpw'));
    assert.equal((await c.next()).raw, 'USR 3 OK carol@example.com Carol');
  });

  it('sends raw names, a doubled SYN line, swapped counters, late GTC/BLP and a trailing CHG field when asked', async () => {
    Object.assign(server.quirks, { unencodedNames: true, duplicateSynReply: true, swapLstIndex: true, gtcBlpAfterLists: true, chgTrailingField: true });
    const c = track(await signIn(server, BOB));
    c.send('SYN', '0');
    assert.equal((await c.next()).raw, 'SYN 5 1');
    assert.equal((await c.next()).raw, 'SYN 5 1');
    assert.equal((await c.next()).name, 'PRP');
    const fl = await c.take((m) => m.raw.startsWith('LST 5 FL'));
    assert.equal(fl.raw, 'LST 5 FL 1 1 1 alice@example.com Alice%20Liddell');
    const last = await c.take((m) => m.name === 'BLP');
    assert.equal(last.raw, 'BLP 5 1 AL');
    c.send('CHG', 'NLN');
    assert.equal((await c.take((m) => m.name === 'CHG')).raw, 'CHG 6 NLN 0');
    c.send('REA', 'bob@example.com', 'Bob%20%C3%9Cn%C3%AFcode%20100%25');
    assert.equal((await c.take((m) => m.name === 'REA')).raw, 'REA 7 2 bob@example.com Bob%20Ünïcode%20100%');
  });

  it('leaves the list version out of ADD 0 RL with rlAddWithoutVersion', async () => {
    server.quirks.rlAddWithoutVersion = true;
    const carol = track(await signIn(server, CAROL));
    const alice = track(await signIn(server, ALICE));
    carol.send('ADD', 'FL', 'alice@example.com', 'Alice');
    assert.equal((await alice.take((m) => m.name === 'ADD')).raw, 'ADD 0 RL carol@example.com Carol');
    await carol.take((m) => m.name === 'ADD');
    carol.send('REM', 'FL', 'alice@example.com');
    await alice.take((m) => m.name === 'REM');
  });

  it('ignores the commands named in silentOn and everything once silent', async () => {
    const c = track(await signIn(server, CAROL));
    server.quirks.silentOn = ['PNG'];
    c.raw('PNG\r\n');
    c.send('CHG', 'NLN');
    assert.equal((await c.next()).raw, 'CHG 5 NLN', 'the PNG went unanswered');
    server.quirks.silent = true;
    const seen = server.waitFor('clientCommand', (e) => e.line === 'GTC 6 N');
    c.send('GTC', 'N');
    await seen;
    server.quirks.silent = false;
    c.send('GTC', 'N');
    assert.match((await c.next()).raw, /^GTC 7 \d+ N$/, 'the silent GTC had no reply and no effect');
  });

  it('closes in the middle of the profile payload with closeMidPayload', async () => {
    server.quirks.closeMidPayload = true;
    const c = track(await RawClient.connect(server.nsPort));
    c.send('VER', 'MSNP5');
    await c.next();
    c.send('USR', 'MD5', 'I', 'carol@example.com');
    const challenge = await c.next();
    c.send('USR', 'MD5', 'S', md5(challenge.args[2]!, 'carolpw'));
    assert.equal((await c.next()).raw, 'USR 3 OK carol@example.com Carol');
    await c.closed;
    assert.deepEqual(c.held(), [], 'the profile never completed');
  });
});

describe('the sandbox with a 5,000-contact account', () => {
  let server: MsnpTestServer;
  before(async () => {
    server = new MsnpTestServer({ accounts: largeAccount('big@example.com', 'bigpass', 5000).accounts });
    await server.start();
  });
  after(() => server.stop());

  it('syncs every contact, each on FL, AL and RL with its four BPR lines', async () => {
    const c = await signIn(server, { email: 'big@example.com', password: 'bigpass' });
    try {
      c.send('SYN', '0');
      const last = await c.take((m) => m.raw.startsWith('LST 5 RL 1 5000 5000 '), 10_000);
      assert.ok(last);
      const held = c.held();
      assert.equal(held.filter((l) => l.startsWith('LST 5 FL ')).length, 5000);
      assert.equal(held.filter((l) => l.startsWith('LST 5 AL ')).length, 5000);
      assert.equal(held.filter((l) => l.startsWith('BPR ')).length, 20000);
    } finally {
      c.close();
    }
  });
});
