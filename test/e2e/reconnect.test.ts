// Reconnecting end to end: browser mode in Chromium, signed in through the form, and the test server taken
// away and brought back on the same ports. The page shows "Reconnecting…" over the greyed list with
// Cancel, keeps the conversation window (ended, and saying so), and comes back online by itself.
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { ConversationManager } from '../../main/msnp/conversations';
import { MsnpTestServer } from '../../main/sandbox/server';
import { TEST_RECONNECT_ENV } from '../../main/web/browserMode';
import { Sessions } from '../integration/helpers';
import { STEP_MS, contactList, fillSignIn, section } from './butterflyPage';
import { ANN, BEN, CHAT_CAST, chatWindow, composeOf, historyOf, say, startChat } from './chatPages';
import {
  chromiumMissingReason,
  eventually,
  launchChromium,
  openPage,
  realProblems,
  startWebServerProcess,
  type PageSession,
  type WebServerProcess,
} from './harness';

// Browser mode reads this test-only variable (main/web/browserMode.ts): waits of 0.4 s doubling up to
// 1.6 s instead of 1 s up to a minute, so the page comes back within a step rather than real minutes.
// The child process inherits it from this one.
process.env[TEST_RECONNECT_ENV] = '400,1600';

const skip = chromiumMissingReason();
const ENDED_HERE =
  'This conversation ended when you were signed out. Start a new one from your contact list.';

type Ports = { dispatch: number; ns: number; sb: number };

describe('reconnecting in Chromium', { timeout: 180_000 }, () => {
  let browser: Browser | undefined;
  let msnp: MsnpTestServer;
  let web: WebServerProcess;
  let view: PageSession;
  let page: Page;
  const servers: MsnpTestServer[] = [];
  const sessions = new Sessions();
  const managers: ConversationManager[] = [];

  before(async () => {
    if (!skip) browser = await launchChromium();
  });
  after(async () => {
    await browser?.close().catch(() => {});
  });
  beforeEach(async () => {
    if (!browser) return;
    msnp = await serverOn();
    web = await startWebServerProcess();
    view = await openPage(browser, web.url, { width: 900, height: 680 });
    page = view.page;
  });
  afterEach(async () => {
    if (!browser) return;
    for (const m of managers.splice(0)) m.closeAll();
    await view.close();
    await sessions.closeAll().catch(() => {});
    await web.stop();
    for (const s of servers.splice(0)) await s.stop();
  });

  async function serverOn(ports?: Ports): Promise<MsnpTestServer> {
    const s = new MsnpTestServer({ accounts: CHAT_CAST, ...(ports ? { ports } : {}) });
    await s.start();
    servers.push(s);
    return s;
  }

  /** Takes the test server away; returns its ports, for the one that comes back. */
  async function serverGone(): Promise<Ports> {
    const ports = { dispatch: msnp.dispatchPort, ns: msnp.nsPort, sb: msnp.sbPort };
    await msnp.stop();
    return ports;
  }

  async function signInAnn(): Promise<void> {
    await fillSignIn(page, ANN.email, ANN.password, `127.0.0.1:${msnp.dispatchPort}`);
    await page.getByRole('button', { name: 'Sign In', exact: true }).click();
    await contactList(page).waitFor({ state: 'visible', timeout: STEP_MS });
  }

  const reconnecting = () => page.getByRole('group', { name: 'Reconnecting' });

  it(
    'shows "Reconnecting…" over the greyed list with Cancel, keeps the conversation, and comes back online by itself',
    { skip },
    async () => {
      await signInAnn();
      const ben = new ConversationManager(await sessions.signIn(msnp, BEN), { requestTimeoutMs: 5_000 });
      managers.push(ben);
      const toBen = await startChat(page, 'Ben');
      await say(toBen, 'hello before the drop');
      await historyOf(toBen)
        .locator('.line.out:not(.sending)')
        .filter({ hasText: 'hello before the drop' })
        .waitFor({ timeout: STEP_MS });

      const ports = await serverGone();

      // Why, when the next try comes, and Cancel; the list as last seen (Ben still online), greyed and
      // marked disabled; no sign-in form.
      const bar = reconnecting();
      await bar.getByText('The connection to the server was lost.').waitFor({ timeout: STEP_MS });
      await bar.getByText(/^Reconnecting… \(next try in \d+ s\)$/).waitFor({ timeout: STEP_MS });
      await bar.getByRole('button', { name: 'Cancel', exact: true }).waitFor();
      const list = contactList(page);
      await list.waitFor({ state: 'visible' });
      assert.equal(await list.getAttribute('aria-disabled'), 'true');
      assert.match(await list.evaluate((el) => getComputedStyle(el.parentElement!).filter), /grayscale/);
      assert.deepEqual((await section(page, 'Online')).names, ['Ben']);
      assert.equal(await page.getByLabel('E-mail address').count(), 0);
      await page.getByText('Reconnecting…', { exact: true }).waitFor();

      // The conversation stays open, says it has ended and where a new one starts, and sends nothing.
      await historyOf(toBen)
        .getByText(/This conversation has ended; Butterfly is reconnecting/)
        .waitFor({ timeout: STEP_MS });
      assert.equal(await composeOf(toBen).getAttribute('placeholder'), ENDED_HERE);
      assert.equal(await toBen.getByRole('button', { name: 'Send', exact: true }).isDisabled(), true);
      await view.screenshot('reconnecting');

      // The server comes back on the same ports: the page is online again without a click.
      await serverOn(ports);
      await bar.waitFor({ state: 'detached', timeout: STEP_MS });
      await eventually(async () => assert.equal(await list.getAttribute('aria-disabled'), null), {
        timeoutMs: STEP_MS,
      });
      await page.getByText('Signed in', { exact: true }).waitFor({ timeout: STEP_MS });
      await page.getByRole('button', { name: 'Ann (Online)' }).waitFor();

      // Presence resumes: Ben, not yet back, is offline; once he signs in again he is online.
      const again = servers.at(-1)!;
      await eventually(async () => assert.deepEqual((await section(page, 'Online')).names, []), {
        timeoutMs: STEP_MS,
      });
      await sessions.signIn(again, BEN);
      await eventually(async () => assert.deepEqual((await section(page, 'Online')).names, ['Ben']), {
        timeoutMs: STEP_MS,
      });

      // The old window stays ended; a new conversation starts from the list.
      await chatWindow(page, 'Ben').waitFor();
      assert.equal(await composeOf(toBen).getAttribute('placeholder'), ENDED_HERE);
      await view.screenshot('reconnected');
      assert.deepEqual(realProblems(view.problems), []);
    },
  );

  it('stops reconnecting on Cancel and shows the sign-in form with why', { skip }, async () => {
    await signInAnn();
    const ports = await serverGone();
    const cancel = reconnecting().getByRole('button', { name: 'Cancel', exact: true });
    await cancel.waitFor({ timeout: STEP_MS });
    await cancel.click();

    await page.getByLabel('E-mail address').waitFor({ timeout: STEP_MS });
    await page
      .getByRole('alert')
      .getByText('The connection to the server was lost. Sign in again when you are back online.')
      .waitFor();
    assert.equal(await contactList(page).count(), 0);
    await page.getByText('Not signed in', { exact: true }).waitFor();

    // The server is back, but no try comes: longer than the longest wait passes without a connection.
    const back = await serverOn(ports);
    let connections = 0;
    back.events.on('connection', () => {
      connections += 1;
    });
    await new Promise((resolve) => setTimeout(resolve, 2 * 1_600));
    assert.equal(connections, 0, 'no try after Cancel');
    assert.equal(await reconnecting().count(), 0);
    assert.deepEqual(realProblems(view.problems), []);
  });
});
