// Issue 9's first reproduction, end to end: a server that sends every Object.prototype name as a command, a
// profile header and a field once the session is online. It used to kill the process: the CLI died with a
// stack trace and browser mode's whole process with it, its port refusing connections. Now they are unknown
// commands and plain data: the CLI signs in and exits 0, and browser mode's page stays signed in and served.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { ScriptServer, SCRIPT_EMAIL, syncLines, type Step } from '../integration/faultsScript';
import { runMsnp } from '../integration/cliRun';
import { PROTO_NAMES } from '../fuzz/fuzzSessionMutate';
import { STEP_MS, contactList, fillSignIn } from './butterflyPage';
import {
  chromiumMissingReason,
  launchChromium,
  openPage,
  realProblems,
  startWebServerProcess,
} from './harness';

const skip = chromiumMissingReason();

/** Every name as a command, then a profile whose headers and fields carry them, and one more as a field. */
function hostileLines(): string {
  const commands = PROTO_NAMES.map((name) => `${name} 0 x\r\n`).join('');
  const headers = PROTO_NAMES.map((name) => `${name}: 1\r\n`).join('');
  const profile = `MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\n${headers}\r\n`;
  const fields = PROTO_NAMES.map((name) => `NLN ${name} ${name}@example.com ${name}\r\n`).join('');
  return `${commands}MSG Hotmail Hotmail ${Buffer.byteLength(profile)}\r\n${profile}${fields}`;
}

// The names arrive right after the sign-in's last reply, and again during the sync.
const hostile: Step = (c, cmd) => {
  if (cmd.name === 'SYN') {
    c.write(
      syncLines(cmd.trId!).replace(
        /(LST \d+ FL [^\r]*\r\n)/,
        `$1${PROTO_NAMES.map((n) => `${n} 1\r\n`).join('')}`,
      ),
    );
    return true;
  }
  if (cmd.name === 'CHG') {
    c.write(`CHG ${cmd.trId} ${cmd.args[0]}\r\n${hostileLines()}`);
    return true;
  }
  return false;
};

describe('a server that sends Object.prototype names', { timeout: 120_000 }, () => {
  let server: ScriptServer;
  before(async () => {
    server = await ScriptServer.start(hostile);
  });
  after(() => server.stop());

  it('msnp login signs in, warns of each unknown name and exits 0, with no stack trace', async () => {
    const run = await runMsnp([
      'login',
      '--server',
      `127.0.0.1:${server.port}`,
      '--user',
      SCRIPT_EMAIL,
      '--password',
      'anything',
      '--json',
    ]);
    assert.equal(run.killed, false);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at /, 'no stack trace');
    const warnings = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; code?: string; message?: string })
      .filter((l) => l.type === 'warning' && l.code === 'unknown-command');
    for (const name of ['__proto__', 'constructor', 'valueOf', 'hasOwnProperty', 'toString'])
      assert.ok(
        warnings.some((w) => w.message?.includes(`sent ${name},`)),
        `${name} is an unknown command: ${JSON.stringify(warnings)}`,
      );
  });

  it(
    'browser mode stays up: the page signs in, shows the list, and the service still answers',
    { skip },
    async () => {
      let browser: Browser | undefined;
      const web = await startWebServerProcess();
      try {
        browser = await launchChromium();
        const view = await openPage(browser, web.url);
        await fillSignIn(view.page, SCRIPT_EMAIL, 'anything', `127.0.0.1:${server.port}`);
        await view.page.getByRole('button', { name: 'Sign In', exact: true }).click();
        await contactList(view.page).waitFor({ state: 'visible', timeout: STEP_MS });
        await view.page.getByText('Bob', { exact: true }).first().waitFor({ timeout: STEP_MS });
        // A reload fetches the page and the account's snapshot from the service again: it must still be there.
        await view.page.reload();
        await contactList(view.page).waitFor({ state: 'visible', timeout: STEP_MS });
        const response = await fetch(web.url);
        assert.equal(response.status, 200, 'the service still serves the page');
        assert.doesNotMatch(web.stderr(), /\n\s+at /, 'no stack trace in the terminal');
        assert.deepEqual(realProblems(view.problems), []);
        await view.close();
      } finally {
        await browser?.close();
        await web.stop();
      }
    },
  );
});
