// What the conversation scenarios share: one test server with three people who all have each other on
// their lists, and a browser-mode process with its own page for each person signed in through the UI.
// The others, when a scenario needs them, are engine sessions.
import { after, afterEach, before, beforeEach } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { ConversationManager } from '../../main/msnp/conversations';
import type { SandboxAccountInit } from '../../main/sandbox/server';
import { MsnpTestServer } from '../../main/sandbox/server';
import { incoming, Sessions } from '../integration/helpers';
import { STEP_MS, contactList, fillSignIn } from './butterflyPage';
import {
  chromiumMissingReason,
  launchChromium,
  openPage,
  realProblems,
  startWebServerProcess,
  type PageSession,
  type WebServerProcess,
} from './harness';

const mutual = (self: string, others: string[]): SandboxAccountInit => {
  const email = `${self}@example.com`;
  const list = others.map((o) => `${o}@example.com`);
  return {
    email,
    password: self,
    nickname: self[0]!.toUpperCase() + self.slice(1),
    forward: list,
    allow: list,
  };
};

export const ANN = mutual('ann', ['ben', 'cat', 'dan']);
export const BEN = mutual('ben', ['ann', 'cat']);
export const CAT = mutual('cat', ['ann', 'ben']);
/** Someone Ann has on her list who is never online in these scenarios. */
export const DAN = mutual('dan', ['ann']);
export const CHAT_CAST = [ANN, BEN, CAT, DAN];

export interface Person {
  readonly account: SandboxAccountInit;
  readonly web: WebServerProcess;
  readonly view: PageSession;
  readonly page: Page;
}

export class ChatWorld {
  readonly people: Person[] = [];
  readonly sessions = new Sessions();
  private readonly managers: ConversationManager[] = [];

  private constructor(
    readonly browser: Browser,
    readonly msnp: MsnpTestServer,
  ) {}

  static async open(browser: Browser): Promise<ChatWorld> {
    const msnp = new MsnpTestServer({ accounts: CHAT_CAST });
    await msnp.start();
    return new ChatWorld(browser, msnp);
  }

  get serverAddress(): string {
    return `127.0.0.1:${this.msnp.dispatchPort}`;
  }

  /** A browser-mode process and page for this person, signed in through the form. */
  async signIn(account: SandboxAccountInit, serverArgs: string[] = []): Promise<Person> {
    const web = await startWebServerProcess(serverArgs);
    let view: PageSession | undefined;
    try {
      view = await openPage(this.browser, web.url, { width: 900, height: 680 });
      const person: Person = { account, web, view, page: view.page };
      this.people.push(person);
      await fillSignIn(view.page, account.email, account.password, this.serverAddress);
      await view.page.getByRole('button', { name: 'Sign In', exact: true }).click();
      await contactList(view.page).waitFor({ state: 'visible', timeout: STEP_MS });
      return person;
    } catch (err) {
      if (!this.people.some((p) => p.web === web)) {
        await view?.close();
        await web.stop();
      }
      throw err;
    }
  }

  /** Someone else, as an engine session (no page). */
  engine(account: SandboxAccountInit) {
    return this.sessions.signIn(this.msnp, account);
  }

  /** Someone else as another client would be: an engine session with its conversations (closed with the world). */
  async peer(account: SandboxAccountInit): Promise<ConversationManager> {
    const manager = new ConversationManager(await this.engine(account), { requestTimeoutMs: 5_000 });
    this.managers.push(manager);
    return manager;
  }

  /**
   * `self` signed in through a page, `other` as an engine peer, a conversation started from the contact
   * list and `first` said in it; resolves once the peer has the conversation.
   */
  async chatting(self: SandboxAccountInit, other: SandboxAccountInit, first: string) {
    const person = await this.signIn(self);
    const peer = await this.peer(other);
    const win = await startChat(person.page, other.nickname!);
    const rung = incoming(peer);
    await say(win, first);
    return { person, peer, win, theirs: await rung };
  }

  /** Page errors and failed requests of everyone's page. */
  problems(): string[] {
    return this.people.flatMap((p) => realProblems(p.view.problems).map((x) => `${p.account.email}: ${x}`));
  }

  async close(): Promise<void> {
    for (const m of this.managers.splice(0)) m.closeAll();
    for (const p of this.people) await p.view.close();
    await this.sessions.closeAll().catch(() => {});
    for (const p of this.people) await p.web.stop();
    await this.msnp.stop();
  }
}

/**
 * Registers the calling suite's hooks: one Chromium for the file and a fresh world (test server, no one
 * signed in yet) for each test. Returns the current test's world.
 */
export function useChatWorld(): () => ChatWorld {
  let browser: Browser | undefined;
  let world: ChatWorld | undefined;
  before(async () => {
    if (!chromiumMissingReason()) browser = await launchChromium();
  });
  after(async () => {
    await browser?.close().catch(() => {});
  });
  beforeEach(async () => {
    if (browser) world = await ChatWorld.open(browser);
  });
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });
  return () => {
    if (!world) throw new Error('the chat world exists only inside a test');
    return world;
  };
}

/** The conversation window named after these people ("Ben - Instant Message"). */
export function chatWindow(page: Page, names: string): Locator {
  return page.getByRole('dialog', { name: `${names} - Instant Message` });
}

export function historyOf(win: Locator): Locator {
  return win.getByRole('log', { name: 'Conversation history' });
}

export function composeOf(win: Locator): Locator {
  return win.getByRole('textbox', { name: 'Type your message' });
}

export function statusOf(win: Locator): Locator {
  return win.getByRole('status', { name: 'Conversation status' });
}

/** Double-clicks a person in the contact list (as a person starts a conversation). */
export async function startChat(page: Page, name: string): Promise<Locator> {
  await contactList(page)
    .getByRole('option', { name: new RegExp(`^Online ${name}( accepts pages)?$`) })
    .dblclick();
  const win = chatWindow(page, name);
  await win.waitFor({ state: 'visible', timeout: STEP_MS });
  return win;
}

/** Types into the compose box and presses Enter. */
export async function say(win: Locator, text: string): Promise<void> {
  const box = composeOf(win);
  await box.fill(text);
  await box.press('Enter');
}
