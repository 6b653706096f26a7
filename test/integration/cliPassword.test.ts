// The msnp command line signs in without the password on its command line: from MSNP_PASSWORD, or from
// stdin with --password-stdin; with neither (and stdin no terminal) it is a usage error before any
// connection. Real child processes of bin/msnp.js against the sandbox.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MsnpTestServer } from '../../main/sandbox/server';
import { ALICE, startServer } from './helpers';
import { runMsnp } from './cliRun';


/** The environment of the test run, without a password of its own. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!('MSNP_PASSWORD' in extra)) delete env.MSNP_PASSWORD;
  return env;
}

const msnp = (args: string[], options: { env?: Record<string, string>; stdin?: string | null } = {}) =>
  runMsnp(args, { env: cleanEnv(options.env), stdin: options.stdin });

describe('the msnp password, kept out of the process list', () => {
  let server: MsnpTestServer;
  let signIn: string[];
  before(async () => {
    server = await startServer();
    signIn = ['login', '--server', `127.0.0.1:${server.dispatchPort}`, '--user', ALICE.email, '--json'];
  });
  after(() => server.stop());

  const signedIn = (stdout: string): boolean =>
    stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; self?: { status: string } })
      .some((l) => l.type === 'state' && l.self?.status === 'NLN');

  it('signs in with the password from MSNP_PASSWORD', async () => {
    const r = await msnp(signIn, { env: { MSNP_PASSWORD: ALICE.password } });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(signedIn(r.stdout));
  });

  it('uses MSNP_PASSWORD for real: a wrong one is refused by the server (exit 3)', async () => {
    const r = await msnp(signIn, { env: { MSNP_PASSWORD: 'wrong' } });
    assert.equal(r.code, 3, r.stderr);
  });

  it('signs in with one line of stdin under --password-stdin, with or without the newline', async () => {
    for (const stdin of [`${ALICE.password}\n`, ALICE.password, `${ALICE.password}\r\nignored\n`]) {
      const r = await msnp([...signIn, '--password-stdin'], { stdin });
      assert.equal(r.code, 0, r.stderr);
      assert.ok(signedIn(r.stdout));
    }
  });

  it('uses the line from stdin for real: a wrong one is refused by the server (exit 3)', async () => {
    const r = await msnp([...signIn, '--password-stdin'], { stdin: 'wrong\n' });
    assert.equal(r.code, 3, r.stderr);
  });

  it('refuses an empty stdin under --password-stdin with exit 2 and one sentence', async () => {
    const r = await msnp([...signIn, '--password-stdin'], { stdin: '' });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'msnp: --password-stdin found no password on stdin\n');
  });

  it('refuses, with exit 2 and one sentence, when no password is given and stdin is not a terminal', async () => {
    const started = Date.now();
    // stdin is an open pipe that says nothing: msnp must not wait on it.
    const r = await msnp(signIn, { stdin: null });
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      'msnp: no password was given: set MSNP_PASSWORD, pipe it in with --password-stdin, or run msnp on a terminal to be asked for it\n',
    );
    assert.equal(r.stdout, '');
    assert.ok(Date.now() - started < 15_000);
  });

  it('still takes --password', async () => {
    const r = await msnp([...signIn, '--password', ALICE.password], { stdin: null });
    assert.equal(r.code, 0, r.stderr);
  });
});
