// FND, SDC, SND, PAG and IPG through the engine against the test server over real sockets: what goes on the
// wire (the server records it), what comes back, every refusal in words, and servers that never answer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MsnpTestServer } from '../../main/sandbox/server';
import type { DirectoryEntry } from '../../main/sandbox/directory';
import { MsnpError, TimeoutError } from '../../main/msnp/errors';
import { pageFailure } from '../../main/msnp/memberServices';
import { ALICE, BOB, CAROL, nextEvent, Sessions, startServer } from './helpers';
import type { NotificationSession } from '../../main/msnp/notificationSession';

const sessions = new Sessions();
let server: MsnpTestServer;
let alice: NotificationSession;

before(async () => {
  server = await startServer();
  alice = await sessions.signIn(server, ALICE);
});
after(async () => {
  await sessions.closeAll();
  await server.stop();
});

describe('Find a Member (FND)', () => {
  it('sends the fields URL-encoded with * for empty ones and reads every result line', async () => {
    const asked = server.waitFor('find');
    const lines: string[] = [];
    const off = server.events.on('clientCommand', (c) => {
      if (c.line.startsWith('FND')) lines.push(c.line);
    });
    const found = await alice.services.find({ firstName: 'Anna', lastName: 'Smith' });
    off();
    assert.equal((await asked).results, 3);
    assert.match(lines[0]!, /^FND \d+ fname=Anna lname=Smith city=\* state=\* country=\*$/);
    assert.equal(found.total, 3);
    assert.deepEqual(
      found.results.map((r) => [r.index, r.city, r.state, r.country]),
      [
        [1, 'Seattle', 'WA', 'US'],
        [2, 'Stillwater', 'OK', 'US'],
        [3, 'London', '', 'GB'],
      ],
    );
  });

  it('keeps city and state for the United States only, and decodes non-ASCII and % in names', async () => {
    const lines: string[] = [];
    const off = server.events.on('clientCommand', (c) => {
      if (c.line.startsWith('FND')) lines.push(c.line);
    });
    const us = await alice.services.find({
      firstName: 'Kim',
      lastName: 'Lee & Park',
      city: 'Los Angeles',
      state: 'ca',
      country: 'us',
    });
    const de = await alice.services.find({
      firstName: 'Dieter',
      lastName: 'Müller',
      city: 'Ignored',
      state: 'XX',
      country: 'DE',
    });
    off();
    assert.match(lines[0]!, / lname=Lee%20%26%20Park city=Los%20Angeles state=CA country=US$/);
    assert.match(lines[1]!, / lname=M%C3%BCller city=\* state=\* country=DE$/);
    assert.equal(us.results[0]!.lastName, 'Lee & Park');
    assert.equal(de.results[0]!.city, 'München');
  });

  it('answers no match with an empty list (FND tr 0 0)', async () => {
    assert.deepEqual(await alice.services.find({ firstName: 'Nobody', lastName: 'Here' }), {
      results: [],
      total: 0,
    });
  });

  it('refuses a query without both names before anything is sent', async () => {
    await assert.rejects(
      alice.services.find({ firstName: 'Anna', lastName: ' ' }),
      /both a first name and a last name/,
    );
    await assert.rejects(
      alice.services.find({ firstName: 'A', lastName: 'B', country: 'USA' }),
      /two letters/,
    );
  });

  it('reads a 1,000-result reply in full, and 301 above the limit is "too many results"', async () => {
    const many: DirectoryEntry[] = Array.from({ length: 1000 }, (_, i) => ({
      firstName: 'Pat',
      lastName: 'Doe',
      city: `Town ${i}`,
      state: 'WA',
      country: 'US',
    }));
    const bigDirectory = new MsnpTestServer({
      accounts: [ALICE, BOB, CAROL],
      directory: many,
      maxFindResults: 1000,
    });
    await bigDirectory.start();
    try {
      const s = await sessions.signIn(bigDirectory, ALICE);
      const found = await s.services.find({ firstName: 'Pat', lastName: 'Doe' });
      assert.equal(found.total, 1000);
      assert.equal(found.results.length, 1000);
      assert.equal(found.results[999]!.city, 'Town 999');
      const limited = new MsnpTestServer({
        accounts: [ALICE, BOB, CAROL],
        directory: many,
        maxFindResults: 100,
      });
      await limited.start();
      try {
        const t = await sessions.signIn(limited, ALICE);
        const err = await t.services.find({ firstName: 'Pat', lastName: 'Doe' }).catch((e: unknown) => e);
        assert.ok(err instanceof MsnpError && err.code === 301);
        assert.match(err.message, /too many results; please narrow it/);
      } finally {
        await limited.stop();
      }
    } finally {
      await bigDirectory.stop();
    }
  });

  it('a server that never answers ends in a timeout naming the search', async () => {
    const silent = await startServer([ALICE, BOB, CAROL]);
    silent.setHandler('FND', { trId: true, minArgs: 0, when: 'online', run: () => {} });
    try {
      const s = await sessions.signIn(silent, ALICE, { requestTimeoutMs: 1_500 });
      const err = await s.services.find({ firstName: 'Anna', lastName: 'Smith' }).catch((e: unknown) => e);
      assert.ok(err instanceof TimeoutError);
      assert.match(err.message, /did not answer the search/);
    } finally {
      await silent.stop();
    }
  });

  it('a reply that stops short ends with what arrived and a warning', async () => {
    const short = await startServer([ALICE, BOB, CAROL]);
    short.setHandler('FND', {
      trId: true,
      minArgs: 0,
      when: 'online',
      run: (s, cmd) => s.write(`FND ${cmd.trId} 1 2 fname=A lname=B city=* state=* country=GB\r\n`),
    });
    try {
      const s = await sessions.signIn(short, ALICE, { requestTimeoutMs: 1_500 });
      const warned = nextEvent(s, 'warning', (w) => w.code === 'fnd-short');
      const found = await s.services.find({ firstName: 'A', lastName: 'B' });
      assert.equal(found.total, 2);
      assert.deepEqual(
        found.results.map((r) => r.country),
        ['GB'],
      );
      await warned;
    } finally {
      await short.stop();
    }
  });
});

describe('Find a Member when the reply comes apart', () => {
  const fndLine = (trId: number | null, i: number, total: number): string =>
    `FND ${trId} ${i} ${total} fname=Pat lname=Doe city=Town%20${i} state=WA country=US\r\n`;

  it('collects results that come in later writes, under one deadline, and refuses a second search meanwhile', async () => {
    const split = await startServer([ALICE, BOB, CAROL]);
    let later: (() => void) | null = null;
    split.setHandler('FND', {
      trId: true,
      minArgs: 0,
      when: 'online',
      run: (s, cmd) => {
        s.write(fndLine(cmd.trId, 1, 3));
        later = () => s.write(fndLine(cmd.trId, 2, 3) + fndLine(cmd.trId, 3, 3));
      },
    });
    try {
      const s = await sessions.signIn(split, ALICE, { requestTimeoutMs: 5_000 });
      // The rest is written only once the client has read the first line, so it really comes apart.
      const firstRead = nextEvent(s, 'raw', (r) => r.direction === 'in' && r.line.startsWith('FND '));
      const searching = s.services.find({ firstName: 'Pat', lastName: 'Doe' });
      await assert.rejects(s.services.find({ firstName: 'A', lastName: 'B' }), /already under way/);
      const warned: string[] = [];
      s.on('warning', (w) => warned.push(w.code));
      await firstRead;
      later!();
      const found = await searching;
      assert.deepEqual(
        found.results.map((r) => r.city),
        ['Town 1', 'Town 2', 'Town 3'],
      );
      assert.deepEqual(warned, []);
    } finally {
      await split.stop();
    }
  });

  it('fails the search when the connection closes before the rest arrives', async () => {
    const cut = await startServer([ALICE, BOB, CAROL]);
    cut.setHandler('FND', {
      trId: true,
      minArgs: 0,
      when: 'online',
      run: (s, cmd) => {
        s.write(fndLine(cmd.trId, 1, 2));
        s.close();
      },
    });
    try {
      const s = await sessions.signIn(cut, ALICE, { requestTimeoutMs: 5_000 });
      await assert.rejects(
        s.services.find({ firstName: 'Pat', lastName: 'Doe' }),
        /closed during the search|not open/,
      );
    } finally {
      await cut.stop();
    }
  });

  it('takes no result line from a search that is over', async () => {
    const late = await startServer([ALICE, BOB, CAROL]);
    let previous = 0;
    late.setHandler('FND', {
      trId: true,
      minArgs: 0,
      when: 'online',
      run: (s, cmd) => {
        // The first search's missing line comes only after the second search began.
        if (previous === 0) {
          previous = cmd.trId!;
          s.write(fndLine(cmd.trId, 1, 2));
        } else s.write(fndLine(previous, 2, 2) + `FND ${cmd.trId} 0 0\r\n`);
      },
    });
    try {
      const s = await sessions.signIn(late, ALICE, { requestTimeoutMs: 1_500 });
      const warned: string[] = [];
      s.on('warning', (w) => warned.push(w.code));
      assert.equal((await s.services.find({ firstName: 'Pat', lastName: 'Doe' })).results.length, 1);
      assert.deepEqual(await s.services.find({ firstName: 'Pat', lastName: 'Doe' }), {
        results: [],
        total: 0,
      });
      assert.deepEqual(warned, ['fnd-short', 'stray-fnd']);
    } finally {
      await late.stop();
    }
  });
});

describe('Invitations by e-mail (SDC, SND)', () => {
  it('MSNP5 sends SDC with the language, your name and the note as its payload', async () => {
    const sent = server.waitFor('invitation');
    await alice.services.invite('friend@example.org', { message: 'Hi! Café at 5 — 100%?', lcid: '0x040c' });
    const inv = await sent;
    assert.deepEqual(
      { ...inv },
      {
        command: 'SDC',
        from: ALICE.email,
        to: 'friend@example.org',
        index: null,
        lcid: '0x040c',
        nickname: 'Alice%20Liddell',
        message: 'Hi! Café at 5 — 100%?',
      },
    );
  });

  it('SDC with no note carries a zero length and no payload; a result of the last search by its index', async () => {
    const lines: string[] = [];
    const off = server.events.on('clientCommand', (c) => {
      if (c.line.startsWith('SDC')) lines.push(c.line);
    });
    await alice.services.find({ firstName: 'Anna', lastName: 'Smith' });
    const sent = server.waitFor('invitation');
    await alice.services.invite(2);
    off();
    assert.match(lines[0]!, /^SDC \d+ 2 0x0409 MSMSGS MSMSGS X X Alice%20Liddell 0$/);
    assert.equal((await sent).to, 'Anna Smith');
  });

  it('an index from no search is refused by the server (201) and said so', async () => {
    const fresh = await sessions.signIn(server, CAROL);
    const err = await fresh.services.invite(7).catch((e: unknown) => e);
    assert.ok(err instanceof MsnpError && err.code === 201);
  });

  it('checks the address, the language and your own address before sending', async () => {
    await assert.rejects(alice.services.invite('not an address'), /e-mail address such as/);
    await assert.rejects(alice.services.invite('x@example.org', { lcid: 'en' }), /language is a code/);
    await assert.rejects(alice.services.invite(ALICE.email), /cannot invite yourself/);
  });

  it('MSNP4 and MSNP2 send SND with the fields their dialect has, and refuse a note', async () => {
    const lines: string[] = [];
    const off = server.events.on('clientCommand', (c) => {
      if (c.line.startsWith('SND')) lines.push(c.line);
    });
    const four = await sessions.signIn(server, BOB, { protocols: ['MSNP4'] });
    await four.services.invite('friend@example.org');
    await assert.rejects(
      four.services.invite('friend@example.org', { message: 'hello' }),
      /MSNP4, whose invitations carry no personal message/,
    );
    await four.signOut();
    const two = await sessions.signIn(server, BOB, { protocols: ['MSNP2'] });
    await two.services.invite('friend@example.org');
    off();
    assert.match(lines[0]!, /^SND \d+ friend@example\.org 0x0409 MSMSGS MSMSGS$/);
    assert.match(lines[1]!, /^SND \d+ friend@example\.org$/);
  });

  it('a server that never answers SDC ends in a timeout', async () => {
    const silent = await startServer([ALICE, BOB, CAROL]);
    silent.setHandler('SDC', { trId: true, minArgs: 0, when: 'online', run: () => {} });
    try {
      const s = await sessions.signIn(silent, ALICE, { requestTimeoutMs: 1_500 });
      await assert.rejects(s.services.invite('friend@example.org'), TimeoutError);
    } finally {
      await silent.stop();
    }
  });
});

describe('Pages (PAG, IPG)', () => {
  it('sends the call-back number as digits and the text escaped, and counts no error as sent', async () => {
    const bobPages = await startServer([ALICE, { ...BOB, phones: { MOB: 'Y' } }, CAROL]);
    try {
      const s = await sessions.signIn(bobPages, ALICE, { requestTimeoutMs: 2000 });
      const sent = bobPages.waitFor('page');
      const lines: string[] = [];
      bobPages.events.on('clientCommand', (c) => c.line.startsWith('PAG') && lines.push(c.line));
      await s.services.page(BOB.email, 'Call me; <now> & 5^2 ☕', 'PHH', 200);
      const page = await sent;
      assert.equal(
        page.payload,
        '<PHONE pri="1"><LOC>HOME</LOC><NUM>12223334444</NUM></PHONE><TEXT xml:space="preserve">Call me&#x3B; &#x3C;now&#x3E; &#x26; 5&#x5E;2 ☕</TEXT>',
      );
      assert.match(lines[0]!, new RegExp(`^PAG \\d+ ${BOB.email} ${Buffer.byteLength(page.payload)}$`));
    } finally {
      await bobPages.stop();
    }
  });

  it('refuses a contact without MOB Y before sending, and the server refusal (220) in words', async () => {
    await assert.rejects(alice.services.page(BOB.email, 'hello'), /does not accept pages/);
    const err = await alice.services.page('stranger@example.com', 'hello').catch((e: unknown) => e);
    assert.ok(err instanceof MsnpError && err.code === 220);
    assert.equal(
      pageFailure(err, 'stranger@example.com'),
      'stranger@example.com is not accepting pages right now.',
    );
    await assert.rejects(alice.services.page('x@example.com', 'x'.repeat(111)), /at most 110 characters/);
    await assert.rejects(alice.services.page('x@example.com', 'hi', 'PHW'), /Options > Phone/);
  });

  it('a refusal after the quiet period still reaches the person as a failed page', async () => {
    const slow = await startServer([ALICE, { ...BOB, phones: { MOB: 'Y' } }, CAROL]);
    let refuse: (() => void) | null = null;
    slow.setHandler('PAG', {
      trId: true,
      minArgs: 2,
      when: 'online',
      run: (s, cmd) => void (refuse = () => s.sendError(800, cmd.trId)),
    });
    try {
      const s = await sessions.signIn(slow, ALICE, { requestTimeoutMs: 5_000 });
      const failed = nextEvent(s, 'page');
      const asked = slow.waitFor('clientCommand', (c) => c.line.startsWith('PAG'));
      // Sent as far as anyone can tell: no refusal within the quiet period (here 50 ms; nothing comes at all).
      await s.services.page(BOB.email, 'hello', undefined, 50);
      await asked;
      refuse!();
      const page = await failed;
      assert.equal(page.failed, true);
      assert.equal(page.from, BOB.email);
    } finally {
      await slow.stop();
    }
  });

  it('an incoming page (IPG) and the report of a failed one become page events', async () => {
    const pages: { from: string; text: string; failed: boolean; pageTrId?: number }[] = [];
    const two = new Promise<void>((resolve) =>
      alice.on('page', (p) => {
        pages.push(p);
        if (pages.length === 2) resolve();
      }),
    );
    server.sendPage(ALICE.email, 'bob@example.com', 'On my way <3 & more');
    server.sendPage(ALICE.email, 'bob@example.com', '', 12);
    await two;
    assert.deepEqual(
      pages.map(({ from, text, failed, pageTrId }) => ({ from, text, failed, pageTrId })),
      [
        { from: 'bob@example.com', text: 'On my way <3 & more', failed: false, pageTrId: undefined },
        { from: 'bob@example.com', text: '', failed: true, pageTrId: 12 },
      ],
    );
  });
});
