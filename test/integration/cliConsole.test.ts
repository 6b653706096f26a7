// msnp console: commands from stdin, TrIDs filled in, payloads counted, every line of traffic printed, a
// command the server never answers given up after --timeout, and the password never read from stdin.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MsnpTestServer } from '../../main/sandbox/server';
import { parseConsoleLine } from '../../main/cli/console';
import { ALICE, BOB, CAROL, startServer } from './helpers';
import { runMsnp } from './cliRun';

let server: MsnpTestServer;
before(async () => {
  server = await startServer([ALICE, { ...BOB, phones: { MOB: 'Y' } }, CAROL]);
});
after(() => server.stop());

const signIn = (): string[] => [
  '--server',
  `127.0.0.1:${server.dispatchPort}`,
  '--user',
  ALICE.email,
  '--password',
  ALICE.password,
];

describe('msnp console', () => {
  it('reads lines as commands, fills in TrIDs and payload lengths, and prints the traffic', async () => {
    const heard: { line: string; payload?: string }[] = [];
    const off = server.events.on('clientCommand', (c) => {
      if (c.email === ALICE.email) heard.push({ line: c.line, payload: c.payload?.toString('utf8') });
    });
    const out = server.waitFor('clientCommand', (c) => c.email === ALICE.email && c.line === 'OUT', 20_000);
    const r = await runMsnp(['console', ...signIn(), '--timeout', '5'], {
      stdin:
        'CHG BSY\n# a comment\n\nPAG bob@example.com <<< <TEXT xml:space="preserve">one\\r\\ntwo</TEXT>\nNOPE\nBAD 1\n',
    });
    await out;
    off();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^C: CHG (\d+) BSY\nS: CHG \1 BSY$/m);
    const pag = heard.find((h) => h.line.startsWith('PAG'))!;
    assert.equal(pag.payload, '<TEXT xml:space="preserve">one\r\ntwo</TEXT>');
    assert.match(pag.line, new RegExp(`^PAG \\d+ bob@example\\.com ${Buffer.byteLength(pag.payload!)}$`));
    assert.match(r.stdout, /console: "NOPE" is not a command name/);
    assert.match(r.stdout, /^S: 200 \d+$/m, "the server's answer to an unknown command is shown");
    assert.doesNotMatch(r.stdout, /for no pending request/, 'replies to typed commands are matched');
    assert.ok(
      heard.some((h) => /^OUT$/.test(h.line)),
      'signs out at the end of stdin',
    );
  });

  it('gives up on a command the server never answers after --timeout and goes on', async () => {
    const silent = await startServer([ALICE, BOB, CAROL]);
    silent.setHandler('FND', { trId: true, minArgs: 0, when: 'online', run: () => {} });
    try {
      const r = await runMsnp(
        [
          'console',
          '--server',
          `127.0.0.1:${silent.dispatchPort}`,
          '--user',
          ALICE.email,
          '--password',
          ALICE.password,
          '--timeout',
          '1',
        ],
        { stdin: 'FND fname=A lname=B city=* state=* country=*\nCHG AWY\n' },
      );
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /console: no reply to FND \d+ within 1 second/);
      assert.match(r.stdout, /^S: CHG \d+ AWY$/m);
    } finally {
      await silent.stop();
    }
  });

  it('refuses --password-stdin, since stdin carries the commands', async () => {
    const r = await runMsnp(
      ['console', '--server', '127.0.0.1:1', '--user', ALICE.email, '--password-stdin'],
      { stdin: 'pw\n' },
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^msnp: msnp console reads its commands from stdin/);
  });
});

describe('console lines', () => {
  it('parses names, arguments and payloads, and refuses what cannot be sent', () => {
    assert.equal(parseConsoleLine('  # note'), null);
    assert.deepEqual(parseConsoleLine('chg  NLN'), { name: 'CHG', args: ['NLN'] });
    assert.deepEqual(parseConsoleLine('MSG N <<< a\\tb\\\\n'), {
      name: 'MSG',
      args: ['N'],
      payload: 'a\tb\\n',
    });
    assert.match((parseConsoleLine('MSG N') as { error: string }).error, /carries a payload/);
    assert.match((parseConsoleLine('CHG NLN <<< x') as { error: string }).error, /carries no payload/);
    assert.match((parseConsoleLine('TOOLONG x') as { error: string }).error, /not a command name/);
  });
});
