// A server that declares too short a payload for the sign-in profile: the rest of the profile, the
// Passport ticket (MSPAuth) or a piece of it among it, arrives where commands are expected. Those lines
// are skipped with one warning that does not quote them, so the ticket is in no warning: not in events,
// the snapshot, or the command line's --json and readable output (its --verbose traffic masks it).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE, Sessions, startServer } from './helpers';
import type { MsnpTestServer } from '../../main/sandbox/server';
import type { ProtocolWarning } from '../../app/types';
import { runMsnp } from './cliRun';

/** The sandbox's ticket is 32 hex digits and two dollar signs; a run of 16 is a piece of it (times have 13 digits). */
const TICKET = /[0-9A-F]{16}/;

/**
 * Makes the server's USR handler declare the profile MSG `by` bytes shorter than it is: its last lines
 * ("MSPAuth: ...$$" and the blank line) arrive as if they were commands. Returns the undo.
 */
function shortProfile(server: MsnpTestServer, by: number): () => void {
  const usr = server.handlers.get('USR')!;
  const shorten = (data: string | Buffer): Buffer => {
    const text = Buffer.isBuffer(data) ? data.toString('latin1') : data;
    const cut = text.replace(
      /^MSG Hotmail Hotmail (\d+)\r\n/m,
      (_m, n: string) => `MSG Hotmail Hotmail ${Number(n) - by}\r\n`,
    );
    return Buffer.from(cut, 'latin1');
  };
  server.setHandler('USR', {
    ...usr,
    run(s, cmd) {
      const write = s.write.bind(s);
      s.write = (data) => write(shorten(data));
      try {
        usr.run(s, cmd);
      } finally {
        Reflect.deleteProperty(s, 'write');
      }
    },
  });
  return () => server.setHandler('USR', usr);
}

const msnp = (args: string[]) => runMsnp(args);

describe('secrets in warnings', () => {
  let server: MsnpTestServer;
  const sessions = new Sessions();
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await sessions.closeAll();
    await server.stop();
  });

  // 47 bytes: the whole "MSPAuth: ...$$" line and the blank line; 45: cut inside the name ("PAuth: ...");
  // 60: cut in an earlier field, so the ticket's line arrives whole after two others; 24: cut inside the
  // ticket, so its last 18 digits arrive as a line of their own, which no pattern could tell from a command.
  for (const by of [47, 45, 60, 24]) {
    it(`skips, unquoted, what follows a profile ${by} bytes longer than declared: the ticket is in no warning`, async () => {
      const undo = shortProfile(server, by);
      const seen: ProtocolWarning[] = [];
      const raw: string[] = [];
      try {
        const ns = sessions.make();
        ns.on('warning', (w) => seen.push(w));
        ns.on('raw', (r) => {
          if (r.direction === 'in') raw.push(r.line);
        });
        await ns.signIn({
          host: '127.0.0.1',
          port: server.dispatchPort,
          email: ALICE.email,
          password: ALICE.password,
        });
        assert.ok(
          raw.some((l) => TICKET.test(l) && !l.startsWith('MSG')),
          'a piece of the ticket did arrive as a line of its own',
        );
        const snapshot = ns.snapshot();
        for (const list of [seen, snapshot.warnings]) {
          assert.equal(list.filter((w) => w.code === 'payload-overrun').length, 1, JSON.stringify(list));
          assert.ok(!list.some((w) => w.code === 'unknown-command'), JSON.stringify(list));
          for (const w of list) assert.doesNotMatch(`${w.message} ${w.line ?? ''}`, TICKET);
        }
        assert.equal(ns.status, 'online');
      } finally {
        undo();
        await sessions.closeAll();
      }
    });
  }

  it('masks the ticket in msnp login --json, in its readable output and in --verbose', async () => {
    const undo = shortProfile(server, 60);
    try {
      const login = [
        'login',
        '--server',
        `127.0.0.1:${server.dispatchPort}`,
        '--user',
        ALICE.email,
        '--password',
        ALICE.password,
      ];
      const json = await msnp([...login, '--json']);
      assert.equal(json.code, 0, json.stderr);
      assert.doesNotMatch(json.stdout + json.stderr, TICKET);
      const lines = json.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string } & Partial<ProtocolWarning>);
      assert.ok(lines.some((l) => l.type === 'warning' && l.code === 'payload-overrun'));
      const state = lines[lines.length - 1] as unknown as { type: string; warnings: ProtocolWarning[] };
      assert.equal(state.type, 'state');
      assert.ok(state.warnings.some((w) => w.code === 'payload-overrun'));

      const human = await msnp(login);
      assert.equal(human.code, 0, human.stderr);
      assert.doesNotMatch(human.stdout + human.stderr, TICKET);
      assert.match(human.stdout, /a payload's lines arrived where commands were expected/);

      // --verbose prints the traffic itself, the whole profile among it: the ticket is masked there too.
      const verbose = await msnp([...login, '--verbose']);
      assert.equal(verbose.code, 0, verbose.stderr);
      assert.match(verbose.stdout, /S: MSG Hotmail Hotmail \d+\n/);
      assert.match(verbose.stdout, /MSPAuth: \*{8}/);
      assert.doesNotMatch(verbose.stdout + verbose.stderr, TICKET);
    } finally {
      undo();
    }
  });
});
