// Browser mode's first minute, end to end in Chromium: links open in a new tab of this browser (never with
// an opener on the machine running the service), the page says that closing it leaves you signed in, the
// password is gone from the form after signing out, and a server someone typed can be taken off the list.
// Browser mode runs in this process here, so the test can hand it a system opener that must not be called.
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ConversationManager } from '../../main/msnp/conversations';
import { demoAccounts } from '../../main/sandbox/demoData';
import { MsnpTestServer } from '../../main/sandbox/server';
import { serveBrowserMode, PROJECT_ROOT, type BrowserMode } from '../../main/web/browserMode';
import { ensureRendererBuilt } from '../../main/web/buildRenderer';
import { Sessions } from '../integration/helpers';
import { ALICE, BOB, STEP_MS, chooseFromMenuBar, contactList, fillSignIn, toasts } from './butterflyPage';
import { chatWindow, historyOf } from './chatPages';
import { chromiumMissingReason, launchChromium, openPage, realProblems, type PageSession } from './harness';

const skip = chromiumMissingReason();

describe('browser mode, the first minute, in Chromium', { timeout: 240_000 }, () => {
  let browser: Browser | undefined;
  let staticDir = '';
  let msnp: MsnpTestServer;
  let mode: Omit<BrowserMode, 'rebuilt'>;
  let dataDir: string;
  let view: PageSession;
  let page: Page;
  let web: http.Server;
  let base = '';
  const sessions = new Sessions();
  /** Every address browser mode asked its machine's system browser to open: none, ever. */
  const openedOnServer: string[] = [];

  before(async () => {
    if (skip) return;
    staticDir = (await ensureRendererBuilt(PROJECT_ROOT)).dir;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close().catch(() => {});
  });
  beforeEach(async () => {
    if (!browser) return;
    web = http.createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/plain' }).end('a page'),
    );
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
    msnp = new MsnpTestServer({ accounts: demoAccounts() });
    await msnp.start();
    dataDir = await mkdtemp(join(tmpdir(), 'butterfly-e2e-'));
    openedOnServer.length = 0;
    mode = await serveBrowserMode(staticDir, {
      port: 0,
      dataDir,
      sandbox: false,
      log: () => {},
      // As `npm run web` by default; the page says for how long, and no timer fires in a test this short.
      signOutAfterMs: 10 * 60_000,
      // Toasts stay until clicked, so clicking one never races its five seconds.
      toastLifetimeMs: 3_600_000,
      systemOpener: async (url) => {
        openedOnServer.push(url);
      },
    });
    view = await openPage(browser, mode.server.url, { width: 900, height: 640 });
    page = view.page;
  });
  afterEach(async () => {
    if (!browser) return;
    await view.close();
    await sessions.closeAll().catch(() => {});
    await mode.close();
    await msnp.stop();
    web.closeAllConnections();
    await new Promise<void>((resolve) => web.close(() => resolve()));
    await rm(dataDir, { recursive: true, force: true });
  });

  const serverAddress = () => `127.0.0.1:${msnp.dispatchPort}`;

  async function signIn(): Promise<void> {
    await fillSignIn(page, ALICE.email, ALICE.password, serverAddress());
    await page.getByRole('button', { name: 'Sign In', exact: true }).click();
    await contactList(page).waitFor({ state: 'visible', timeout: STEP_MS });
  }

  /** Clicks, and resolves to the new tab's address once it has loaded there (and has no handle on us). */
  async function opensTab(click: () => Promise<void>, address: RegExp): Promise<void> {
    const opened = view.context.waitForEvent('page', { timeout: STEP_MS });
    await click();
    const tab = await opened;
    await tab.waitForURL(address, { timeout: STEP_MS });
    assert.equal(await tab.textContent('body'), 'a page');
    assert.equal(await tab.evaluate(() => window.opener), null, 'the new tab has no handle on Butterfly');
    await tab.close();
  }

  it(
    'opens the Hotmail line, an alert toast and a link in a message in new tabs, starting nothing on the server',
    { skip },
    async () => {
      await signIn();
      await page
        .getByText('Signed in until you sign out or stop npm run web; with no tab open, for 10 minutes.')
        .waitFor({ timeout: STEP_MS });
      await view.screenshot('first-minute-signed-in');

      // Only main knows the inbox's address (the server's URL reply): a blank tab opens inside the click.
      msnp.quirks.urlStandIn = [`${base}/cgi-bin/HoTMaiL`, `${base}/cgi-bin/dologin`, '2'];
      await opensTab(
        () => page.getByRole('button', { name: /new e-mail message/ }).click(),
        new RegExp(`^${base}/cgi-bin/HoTMaiL$`),
      );

      msnp.sendAlert(
        ALICE.email,
        `<NOTIFICATION id="4" siteid="1" siteurl="${base}/"><TO pid="0x1:0x2" name="${ALICE.email}" /><MSG id="9"><ACTION url="forecast" /><SUBSCR url="settings" /><BODY><TEXT>Rain in Redmond this afternoon</TEXT></BODY></MSG></NOTIFICATION>`,
      );
      const toast = toasts(page).filter({ hasText: 'Rain in Redmond' });
      await toast.waitFor({ timeout: STEP_MS });
      await opensTab(() => toast.click(), new RegExp(`^${base}/forecast\\?`));

      const bob = await sessions.signIn(msnp, BOB);
      const theirs = new ConversationManager(bob, { requestTimeoutMs: 5_000 });
      try {
        theirs.open([ALICE.email]).sendText(`the forecast: ${base}/from-bob?day=1 have a look`);
        const win = chatWindow(page, 'Bob Ünïcode ☃');
        const link = historyOf(win).getByRole('link', { name: `${base}/from-bob?day=1` });
        await link.waitFor({ timeout: STEP_MS });
        await opensTab(() => link.click(), new RegExp(`^${base}/from-bob\\?day=1$`));
      } finally {
        theirs.closeAll();
      }

      assert.deepEqual(openedOnServer, [], 'nothing was opened on the machine running the service');
      assert.deepEqual(realProblems(view.problems), []);
    },
  );

  it(
    'clears the password after signing out, and takes a server someone typed off the list',
    { skip },
    async () => {
      await signIn();
      await chooseFromMenuBar(page, 'File', 'Sign Out');
      const password = page.getByLabel('Password', { exact: true });
      await password.waitFor({ timeout: STEP_MS });
      assert.equal(await page.getByLabel('E-mail address').inputValue(), ALICE.email);
      assert.equal(await password.inputValue(), '', 'the password is not left in the form');

      const chooser = page.getByLabel('Server', { exact: true });
      assert.equal(await chooser.inputValue(), serverAddress(), 'the form offers the server last used');
      const remove = page.getByRole('button', { name: `Remove ${serverAddress()} from the list` });
      await remove.waitFor({ timeout: STEP_MS });
      await view.screenshot('first-minute-remove-server');
      await remove.click();
      await remove.waitFor({ state: 'detached', timeout: STEP_MS });
      assert.equal(await chooser.inputValue(), 'sandbox');
      assert.equal(await chooser.locator(`option[value="${serverAddress()}"]`).count(), 0);
      assert.equal(
        await page.getByRole('button', { name: /^Remove / }).count(),
        0,
        'the built-in sandbox has no Remove button',
      );

      // The list on disk lost it too: a fresh page does not offer it.
      await page.reload();
      await chooser.waitFor({ timeout: STEP_MS });
      assert.equal(await chooser.locator(`option[value="${serverAddress()}"]`).count(), 0);
      assert.deepEqual(realProblems(view.problems), []);
    },
  );
});
