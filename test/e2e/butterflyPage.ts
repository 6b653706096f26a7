// What the end-to-end scenarios share: a scripted MSNP test server with the demo cast on 127.0.0.1:0,
// browser mode in its own process with a fresh data directory, a page of an already running Chromium,
// engine sessions for the other people, and the few UI steps every scenario takes, found by role and label.
import type { Browser, Locator, Page } from 'playwright-core';
import { demoAccounts } from '../../main/sandbox/demoData';
import {
  MsnpTestServer,
  type MsnpTestServerOptions,
  type SandboxAccountInit,
} from '../../main/sandbox/server';
import { Sessions } from '../integration/helpers';
import { after, afterEach, before, beforeEach } from 'node:test';
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

export { closedPort } from '../integration/helpers';

const cast = demoAccounts();
const person = (local: string): SandboxAccountInit => cast.find((a) => a.email.startsWith(`${local}@`))!;

/** The demo accounts of main/sandbox/demoData.ts (passwords equal the local part). */
export const ALICE = person('alice');
export const BOB = person('bob');
export const CAROL = person('carol');
export const ERIN = person('erin');

/** How long a step may take before a scenario fails: generous for a loaded machine, but bounded. */
export const STEP_MS = 15_000;

/** One scenario's world: the test server, browser mode, a page, and engine sessions; close() ends them all. */
export class Scenario {
  private constructor(
    readonly msnp: MsnpTestServer,
    readonly web: WebServerProcess,
    readonly view: PageSession,
    readonly sessions: Sessions,
  ) {}

  static async open(
    browser: Browser,
    accounts: SandboxAccountInit[] = demoAccounts(),
    /** Further test-server options, such as a small maxFindResults. */
    server: Omit<MsnpTestServerOptions, 'accounts'> = {},
    /** Further options of `npm run web`, such as a longer --toast-seconds. */
    webArgs: string[] = [],
  ): Promise<Scenario> {
    const msnp = new MsnpTestServer({ ...server, accounts });
    await msnp.start();
    let web: WebServerProcess | undefined;
    try {
      web = await startWebServerProcess(webArgs);
      const view = await openPage(browser, web.url, { width: 900, height: 640 });
      return new Scenario(msnp, web, view, new Sessions());
    } catch (err) {
      await web?.stop();
      await msnp.stop();
      throw err;
    }
  }

  get page(): Page {
    return this.view.page;
  }

  /** "127.0.0.1:PORT", what a person types under "Other server…". */
  get serverAddress(): string {
    return `127.0.0.1:${this.msnp.dispatchPort}`;
  }

  screenshot(name: string): Promise<string> {
    return this.view.screenshot(name);
  }

  /** Page errors and failed requests so far. */
  problems(): string[] {
    return realProblems(this.view.problems);
  }

  /** An engine session for someone else, signed in to the test server. */
  signInEngine(account: SandboxAccountInit) {
    return this.sessions.signIn(this.msnp, account);
  }

  /** Signs in through the form (with "Other server…") and waits for the contact list. */
  async signInAs(account: SandboxAccountInit): Promise<void> {
    await fillSignIn(this.page, account.email, account.password, this.serverAddress);
    await this.page.getByRole('button', { name: 'Sign In', exact: true }).click();
    await contactList(this.page).waitFor({ state: 'visible', timeout: STEP_MS });
  }

  async close(): Promise<void> {
    await this.view.close();
    await this.sessions.closeAll().catch(() => {});
    await this.web.stop();
    await this.msnp.stop();
  }
}

/**
 * Registers the calling suite's hooks: one Chromium for the file and a fresh scenario for each test.
 * Returns the current test's scenario.
 */
export function useScenario(server: Omit<MsnpTestServerOptions, 'accounts'> = {}): () => Scenario {
  let browser: Browser | undefined;
  let scenario: Scenario | undefined;
  before(async () => {
    if (!chromiumMissingReason()) browser = await launchChromium();
  });
  after(async () => {
    await browser?.close().catch(() => {});
  });
  beforeEach(async () => {
    if (browser) scenario = await Scenario.open(browser, demoAccounts(), server);
  });
  afterEach(async () => {
    await scenario?.close();
    scenario = undefined;
  });
  return () => {
    if (!scenario) throw new Error('the scenario exists only inside a test');
    return scenario;
  };
}

/** The test server's lists of an account, as addresses, and its BLP. */
export function listsOf(s: Scenario, email: string) {
  const view = s.msnp.account(email);
  if (!view) throw new Error(`${email} is not a test-server account`);
  const emails = (list: 'FL' | 'AL' | 'BL' | 'RL') => view.lists[list].map((e) => e.email);
  return { FL: emails('FL'), AL: emails('AL'), BL: emails('BL'), RL: emails('RL'), blp: view.blp };
}

/** Fills the sign-in form; the server goes in as "Other server…" host:port. Does not press Sign In. */
export async function fillSignIn(page: Page, email: string, password: string, server: string): Promise<void> {
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Server', { exact: true }).selectOption({ label: 'Other server…' });
  await page.getByLabel('Server address (host:port)').fill(server);
}

export function contactList(page: Page): Locator {
  return page.getByRole('listbox', { name: 'Contacts' });
}

const SECTION_TITLES = { Online: 'Contacts Currently Online', 'Not Online': 'Contacts Not Online' } as const;

/**
 * A section of the contact list: its heading as shown ("Contacts Currently Online (1)") and the names of
 * the people under it, read off the group the heading labels.
 */
export async function section(
  page: Page,
  title: 'Online' | 'Not Online',
): Promise<{ heading: string; names: string[] }> {
  const group = contactList(page).getByRole('group', {
    name: new RegExp(`^${SECTION_TITLES[title]} \\(\\d+\\)$`),
  });
  const [heading, names] = await Promise.all([
    group.evaluate(
      (el) => document.getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent ?? '',
    ),
    group
      .getByRole('option')
      .evaluateAll((rows) => rows.map((row) => row.querySelector('.name')?.textContent ?? '')),
  ]);
  return { heading, names };
}

/** Opens a menu of the main window's menu bar and chooses an item of it. */
export async function chooseFromMenuBar(page: Page, menu: string, item: string): Promise<void> {
  await page
    .getByRole('region', { name: 'Butterfly' })
    .getByRole('menubar', { name: 'Menu bar' })
    .getByRole('menuitem', { name: menu, exact: true })
    .click();
  await page
    .getByRole('menu', { name: menu, exact: true })
    .getByRole('menuitem', { name: item, exact: true })
    .click();
}

/** The toasts showing, as the buttons that carry their text. */
export function toasts(page: Page): Locator {
  // Each toast has two buttons: its text (the click that does its action) and Close.
  return page.getByRole('region', { name: 'Notifications' }).getByRole('button', { name: /^(?!Close$)/ });
}

/** Waits for a toast's slide-in to finish, so its box is where it stays. */
export async function settled(locator: Locator): Promise<void> {
  await eventually(
    async () => {
      const running = await locator.evaluateAll(
        (els) =>
          els
            .flatMap((el) => (el.closest('.toast') ?? el).getAnimations())
            .filter((a) => a.playState === 'running').length,
      );
      if (running > 0) throw new Error(`${running} animations still running`);
    },
    { timeoutMs: STEP_MS },
  );
}
