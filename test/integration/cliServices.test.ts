// The member-service commands of msnp (find, invite, page, phones, url), run as a user would against the
// sandbox over real sockets: what they print, what reached the server, and the sentence and exit status of
// each refusal.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE, BOB, CAROL, startServer } from './helpers';
import { runMsnp } from './cliRun';
import {
  ACCOUNTS,
  ERIN,
  PAGEABLE_BOB,
  assertOneSentence,
  jsonLines,
  recording,
  signIn,
} from './cliServicesHelpers';
import { MsnpTestServer } from '../../main/sandbox/server';
import { URL_SERVICES } from '../../main/msnp/urlServices';

describe('msnp find', () => {
  let server: MsnpTestServer;
  before(async () => {
    server = await startServer(ACCOUNTS);
  });
  after(() => server.stop());

  it('prints the results as a table of index, names, city, state and country', async () => {
    const { result: r, events } = await recording(server, 'find', () =>
      runMsnp(['find', ...signIn(server), '--first', 'Anna', '--last', 'Smith']),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.deepEqual(
      events.map((e) => e.query),
      [{ firstName: 'Anna', lastName: 'Smith', city: '', state: '', country: '' }],
    );
    const table = r.stdout
      .slice(r.stdout.indexOf('Found 3 people in the directory:'))
      .split('\n')
      .slice(1, 5);
    assert.deepEqual(
      table.map((l) => l.trim().split(/\s{2,}/)),
      [
        ['#', 'First name', 'Last name', 'City', 'State', 'Country'],
        ['1', 'Anna', 'Smith', 'Seattle', 'WA', 'US'],
        ['2', 'Anna', 'Smith', 'Stillwater', 'OK', 'US'],
        ['3', 'Anna', 'Smith', 'London', 'GB'],
      ],
    );
  });

  it('gives the results with --json, decoded, before the state line', async () => {
    const r = await runMsnp([
      'find',
      ...signIn(server),
      '--first',
      'dieter',
      '--last',
      'müller',
      '--country',
      'de',
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const lines = jsonLines(r);
    const found = lines.find((l) => l.type === 'found');
    assert.deepEqual(found, {
      type: 'found',
      total: 1,
      results: [
        { index: 1, firstName: 'Dieter', lastName: 'Müller', city: 'München', state: '', country: 'DE' },
      ],
    });
    assert.equal(lines.at(-1)!.type, 'state');
  });

  it('says so when no one matches, and exits 0', async () => {
    const r = await runMsnp(['find', ...signIn(server), '--first', 'Nobody', '--last', 'Atall']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^No one in the directory matches that search\.$/m);
    assert.doesNotMatch(r.stdout, /First name/);
  });

  it('invites result 2 in the same session with the message, and says whom', async () => {
    const { result: r, events } = await recording(server, 'invitation', () =>
      runMsnp([
        'find',
        ...signIn(server),
        '--first',
        'Anna',
        '--last',
        'Smith',
        '--invite',
        '2',
        '--message',
        'Join me on Messenger!',
      ]),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.command, 'SDC');
    assert.equal(events[0]!.index, 2);
    assert.equal(events[0]!.to, 'Anna Smith');
    assert.equal(events[0]!.message, 'Join me on Messenger!');
    assert.equal(events[0]!.lcid, '0x0409');
    assert.match(r.stdout, /^Your invitation was sent to Anna Smith \(Stillwater, OK, US\)\. /m);
  });

  it('refuses to invite a result the search did not find, without sending anything', async () => {
    const { result: r, events } = await recording(server, 'invitation', () =>
      runMsnp(['find', ...signIn(server), '--first', 'Anna', '--last', 'Smith', '--invite', '7']),
    );
    assert.equal(r.code, 1);
    assertOneSentence(r, 'There is no result 7 to invite: the search found 3 people.');
    assert.equal(events.length, 0);
  });

  it('exits 2 for a search the directory cannot take, before signing in', async () => {
    const city = await runMsnp([
      'find',
      ...signIn(server),
      '--first',
      'Anna',
      '--last',
      'Smith',
      '--city',
      'London',
    ]);
    assert.equal(city.code, 2);
    assertOneSentence(city, '--city and --state narrow a search only in the United States: add --country US');
    const last = await runMsnp(['find', ...signIn(server), '--first', 'Anna']);
    assert.equal(last.code, 2);
    assertOneSentence(last, '--last is required for msnp find');
    const alone = await runMsnp([
      'find',
      ...signIn(server),
      '--first',
      'Anna',
      '--last',
      'Smith',
      '--message',
      'hi',
    ]);
    assert.equal(alone.code, 2);
    assertOneSentence(alone, '--message and --lcid go with --invite N, the search result to invite');
  });

  it('exits 1 with a sentence when the search finds more than the server lists (301)', async () => {
    const small = new MsnpTestServer({ accounts: ACCOUNTS, maxFindResults: 2 });
    await small.start();
    try {
      const r = await runMsnp(['find', ...signIn(small), '--first', 'Anna', '--last', 'Smith']);
      assert.equal(r.code, 1);
      assertOneSentence(
        r,
        'The search found too many people; narrow it with --country, or --city and --state in the US.',
      );
    } finally {
      await small.stop();
    }
  });

  it('gives up on a server that never answers the search within --timeout', async () => {
    const silent = await startServer(ACCOUNTS);
    silent.setHandler('FND', { trId: true, minArgs: 0, when: 'online', run: () => {} });
    try {
      const r = await runMsnp([
        'find',
        ...signIn(silent),
        '--first',
        'Anna',
        '--last',
        'Smith',
        '--timeout',
        '2',
      ]);
      assert.equal(r.killed, false);
      assert.equal(r.code, 1);
      assertOneSentence(r, 'The server did not answer the search within 2 seconds; try again later.');
    } finally {
      await silent.stop();
    }
  });
});

const FRIEND = ['--email', 'friend@example.org'];

describe('msnp invite', () => {
  let server: MsnpTestServer;
  before(async () => {
    server = await startServer(ACCOUNTS);
  });
  after(() => server.stop());

  it('sends SDC with a non-ASCII message and the language given', async () => {
    const message = 'Grüße aus Köln ☃ — komm zu Messenger!';
    const { result: r, events } = await recording(server, 'invitation', () =>
      runMsnp(['invite', ...signIn(server), ...FRIEND, '--message', message, '--lcid', '0x0407']),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(events.length, 1);
    const { command, to, index, lcid, message: sent } = events[0]!;
    assert.deepEqual(
      { command, to, index, lcid, sent },
      { command: 'SDC', to: FRIEND[1], index: null, lcid: '0x0407', sent: message },
    );
    assert.equal(decodeURIComponent(events[0]!.nickname!), 'Alice Liddell');
    assert.match(r.stdout, /^Your invitation was sent to friend@example\.org\. /m);
  });

  it('reports the invitation with --json', async () => {
    const r = await runMsnp(['invite', ...signIn(server), ...FRIEND, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const invited = jsonLines(r).find((l) => l.type === 'invited');
    assert.deepEqual(invited, {
      type: 'invited',
      to: 'friend@example.org',
      index: null,
      name: 'friend@example.org',
      command: 'SDC',
    });
  });

  it('sends SND on MSNP4, and refuses a message there in a sentence before signing in', async () => {
    const { result: plain, events } = await recording(server, 'invitation', () =>
      runMsnp(['invite', ...signIn(server), ...FRIEND, '--protocol', 'MSNP4']),
    );
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.command, 'SND');
    assert.equal(events[0]!.message, '');
    const { result: noted, events: none } = await recording(server, 'signedIn', () =>
      runMsnp(['invite', ...signIn(server), ...FRIEND, '--protocol', 'MSNP4', '--message', 'Hallo']),
    );
    assert.equal(noted.code, 2);
    assertOneSentence(
      noted,
      '--message needs MSNP5: invitations on MSNP4 carry no personal message, so leave it out',
    );
    assert.equal(none.length, 0);
  });

  it('refuses a message in a sentence when the server turns out to speak only MSNP4', async () => {
    const old = new MsnpTestServer({ accounts: ACCOUNTS, protocols: ['MSNP4'] });
    await old.start();
    try {
      const { result: r, events } = await recording(old, 'invitation', () =>
        runMsnp(['invite', ...signIn(old), ...FRIEND, '--message', 'Hallo']),
      );
      assert.equal(r.code, 1);
      assertOneSentence(
        r,
        'This server speaks MSNP4, whose invitations carry no personal message; leave out --message.',
      );
      assert.equal(events.length, 0);
    } finally {
      await old.stop();
    }
  });

  it('exits 2 for your own address or a malformed one', async () => {
    const own = await runMsnp(['invite', ...signIn(server), '--email', ALICE.email]);
    assert.equal(own.code, 2);
    assertOneSentence(own, '--email is your own address (--user): you cannot invite yourself');
    const bad = await runMsnp(['invite', ...signIn(server), '--email', 'not-an-address']);
    assert.equal(bad.code, 2);
    assertOneSentence(bad, '--email must be an e-mail address, not "not-an-address"');
  });
});

describe('msnp page, phones and url', () => {
  let server: MsnpTestServer;
  before(async () => {
    server = await startServer(ACCOUNTS);
  });
  after(() => server.stop());

  it('pages with a call-back number: the server gets the documented payload', async () => {
    const { result: r, events } = await recording(server, 'page', () =>
      runMsnp([
        'page',
        ...signIn(server),
        '--to',
        BOB.email,
        '--message',
        'Call me <now> & soon',
        '--callback',
        'home',
        '--timeout',
        '2',
      ]),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.from, ALICE.email);
    assert.equal(events[0]!.to, BOB.email);
    assert.equal(
      events[0]!.payload,
      '<PHONE pri="1"><LOC>HOME</LOC><NUM>12223334444</NUM></PHONE><TEXT xml:space="preserve">Call me &#x3C;now&#x3E; &#x26; soon</TEXT>',
    );
    assert.match(r.stdout, /^Your page to bob@example\.com was sent /m);
  });

  it('exits 1 with a sentence when the server refuses the page (220)', async () => {
    const r = await runMsnp([
      'page',
      ...signIn(server, PAGEABLE_BOB),
      '--to',
      CAROL.email,
      '--message',
      'hello',
    ]);
    assert.equal(r.code, 1);
    assertOneSentence(r, 'carol@example.com is not accepting pages right now.');
  });

  it('refuses a call-back number you have not set, before paging', async () => {
    const { result: r, events } = await recording(server, 'page', () =>
      runMsnp(['page', ...signIn(server), '--to', BOB.email, '--message', 'hello', '--callback', 'WORK']),
    );
    assert.equal(r.code, 1);
    assertOneSentence(
      r,
      'You have no work number to offer for calling back; set one with msnp phones --work NUM.',
    );
    assert.equal(events.length, 0);
  });

  it('sets only the numbers given and prints what the server kept', async () => {
    const r = await runMsnp([
      'phones',
      ...signIn(server, ERIN),
      '--home',
      '+1 (555) 010-0100',
      '--pager',
      'y',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Your phone numbers on the server:\n {2}Home {4}\+1 \(555\) 010-0100\n {2}Work {4}not set\n {2}Mobile {2}not set\n {2}Pager {3}Y \(people may page you\)$/m,
    );
    assert.deepEqual(server.account(ERIN.email)!.phones, { PHH: '+1 (555) 010-0100', MOB: 'Y' });
    const json = await runMsnp(['phones', ...signIn(server, ERIN), '--home', '', '--json']);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(
      jsonLines(json).find((l) => l.type === 'phones'),
      { type: 'phones', home: null, work: null, mobile: null, pager: 'Y' },
    );
    assert.deepEqual(server.account(ERIN.email)!.phones, { MOB: 'Y' });
  });

  it('prints the address the server gives for INBOX, and for COMPOSE to someone', async () => {
    const inbox = await runMsnp(['url', 'INBOX', ...signIn(server)]);
    assert.equal(inbox.code, 0, inbox.stderr);
    const address = inbox.stdout.split('\n').find((l) => l.startsWith('http'));
    assert.ok(address, inbox.stdout);
    assert.equal(new URL(address).hostname, '127.0.0.1');
    const compose = await runMsnp(['url', ...signIn(server), 'compose', '--to', BOB.email, '--json']);
    assert.equal(compose.code, 0, compose.stderr);
    const line = jsonLines(compose).find((l) => l.type === 'url');
    assert.equal(line?.service, 'COMPOSE');
    assert.match(String(line?.url), /to=bob%40example\.com/);
  });

  it('says the server does not offer a service it answers with a stand-in', async () => {
    const bare = await startServer(ACCOUNTS, { urlStandIn: ['about:blank', 'about:blank', '2'] });
    try {
      const r = await runMsnp(['url', 'INBOX', ...signIn(bare)]);
      assert.equal(r.code, 1);
      assertOneSentence(r, 'This server does not offer Hotmail.');
    } finally {
      await bare.stop();
    }
  });

  it('exits 2 for an unknown service or --to with anything but COMPOSE, and --help lists every service', async () => {
    const unknown = await runMsnp(['url', 'CALENDAR', ...signIn(server)]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^msnp: SERVICE must be one of PASSWORD, INBOX, .*, not "CALENDAR"\n$/);
    const to = await runMsnp(['url', 'INBOX', '--to', BOB.email, ...signIn(server)]);
    assert.equal(to.code, 2);
    assertOneSentence(to, '--to goes only with COMPOSE, the address to write to');
    const help = await runMsnp(['--help']);
    assert.equal(help.code, 0);
    for (const command of ['find', 'invite', 'page', 'phones', 'url'])
      assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'));
    for (const { name } of URL_SERVICES) assert.match(help.stdout, new RegExp(`\\b${name}\\b`));
  });
});
