// The contact list's rendering with 5,000 contacts, in Chromium through browser mode against a test
// server (main/sandbox/demoData.ts largeAccount): how long the first paint of the list takes once the
// account arrives, what one contact's status change costs, and proof that only that contact's row changes.
// Every time is also given against a baseline measured in the same run, in the same browser: a plain
// virtualized list of the same people (the message parsed, sorted, and only the rows that fit drawn as plain
// <div>s, as many as the app draws), and one of those rows changing its text.
//
// Run on its own: node --import tsx test/bench/renderBench.ts   (prints the result as JSON)
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { STATUS_NAMES, type Status } from '../../app/types';
import { NotificationSession } from '../../main/msnp/notificationSession';
import { largeAccount } from '../../main/sandbox/demoData';
import { MsnpTestServer } from '../../main/sandbox/server';
import { chooseFromMenuBar, contactList, fillSignIn } from '../e2e/butterflyPage';
import {
  chromiumMissingReason,
  KEEP_NAMES_SHIM,
  launchChromium,
  startWebServerProcess,
} from '../e2e/harness';
import { median } from './stats';

export interface RenderBenchOptions {
  contacts?: number;
  /** Sign-ins measured (the first is also reported on its own, as the cold one). */
  rounds?: number;
  /** Status changes measured. */
  statusRounds?: number;
}

export interface RenderBenchResult {
  contacts: number;
  /** Median, from the account event reaching the page (before JSON.parse) to the first paint of the list with rows. */
  firstPaintMs: number;
  /** Median, of firstPaintMs: until React has committed the rows to the DOM (the rest is style, layout, paint). */
  firstPaintDomMs: number;
  /** The first sign-in's figure (code not yet warm in the page). */
  coldFirstPaintMs: number;
  /** Median, from the Sign In click to that paint: the whole sign-in, the server's list sync included. */
  signInToPaintMs: number;
  /** Median, the same message parsed, sorted and its visible rows painted as plain <div>s (plainListPaint). */
  baselineMs: number;
  /** firstPaintMs / baselineMs. */
  firstPaintRatio: number;
  /** Option rows in the DOM once the list shows (the list is virtualized). */
  rowsInDom: number;
  /** Median, from the contact's CHG leaving its engine session to the paint of its row showing the status. */
  statusChangeMs: number;
  /** Median, from the contact event reaching the page to that paint (includes the 16 ms event batching). */
  statusRenderMs: number;
  /** Median, of statusRenderMs: until the row's DOM has changed. */
  statusDomMs: number;
  /** Median, one row of the plain list changing its text, to the paint. */
  statusBaselineMs: number;
  /** statusRenderMs / statusBaselineMs. */
  statusRatio: number;
  /** The most distinct rows that changed in the DOM for one status change (1: only that contact's row). */
  rowsRerendered: number;
  /** DOM changes in the list outside any row (section headings, the spacer) over all status changes. */
  otherMutations: number;
  rounds: number;
  statusRounds: number;
}

/** Why the render bench cannot run here (no Chromium), or false. */
export function renderBenchSkipReason(): string | false {
  return chromiumMissingReason();
}

interface FirstPaint {
  clickAt: number;
  accountAt: number;
  domAt: number;
  paintAt: number;
  rows: number;
}

interface StatusPaint {
  contactAt: number;
  domAt: number;
  paintAt: number;
}

interface BenchState {
  clickAt: number;
  accountAt: number;
  accountText: string;
  contactAt: number;
  listShown: boolean;
  firsts: FirstPaint[];
  status: {
    observer: MutationObserver;
    records: MutationRecord[];
    result: StatusPaint | null;
  } | null;
}

type BenchWindow = Window & {
  __bench: BenchState;
  __benchPainted(kind: string): Promise<void>;
};

/**
 * Runs in the page before its own scripts: timestamps the account and contact events as they come off the
 * WebSocket, the Sign In click, and the first paint after the list gets its rows (a rAF, then a message:
 * the frame with the change has been drawn).
 */
function instrumentPage(): void {
  const w = window as unknown as BenchWindow;
  const state: BenchState = {
    clickAt: 0,
    accountAt: 0,
    accountText: '',
    contactAt: 0,
    listShown: false,
    firsts: [],
    status: null,
  };
  w.__bench = state;

  const NativeSocket = window.WebSocket;
  class TimedSocket extends NativeSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (e: MessageEvent) => {
        const data: unknown = e.data;
        if (typeof data !== 'string') return;
        if (data.startsWith('{"t":"event","event":{"type":"account","account":{')) {
          state.accountAt = performance.now();
          state.accountText = data;
        } else if (data.startsWith('{"t":"event","event":{"type":"contact"')) {
          state.contactAt = performance.now();
        }
      });
    }
  }
  window.WebSocket = TimedSocket;

  document.addEventListener(
    'click',
    (e) => {
      if ((e.target as Element | null)?.closest?.('button[type=submit]')) state.clickAt = performance.now();
    },
    true,
  );

  const afterPaint = (done: (at: number) => void) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(null);
    });

  new MutationObserver(() => {
    const list = document.querySelector('[role=listbox][aria-label=Contacts]');
    const rows = list ? list.querySelectorAll('[role=option]').length : 0;
    if (!state.listShown && rows > 0) {
      state.listShown = true;
      const { clickAt, accountAt } = state;
      const domAt = performance.now();
      afterPaint((paintAt) => {
        state.firsts.push({ clickAt, accountAt, domAt, paintAt, rows });
        void w.__benchPainted('list');
      });
    } else if (state.listShown && rows === 0) {
      state.listShown = false;
    }
  }).observe(document, { subtree: true, childList: true });
}

/** Waits for the page to report a paint of this kind; rejects after timeoutMs. */
class PaintSignal {
  private waiting: { kind: string; resolve: (at: number) => void } | null = null;

  constructor(private readonly page: Page) {}

  async install(): Promise<void> {
    await this.page.exposeFunction('__benchPainted', (kind: string) => {
      const at = performance.now();
      if (this.waiting?.kind === kind) {
        const w = this.waiting;
        this.waiting = null;
        w.resolve(at);
      }
    });
  }

  next(kind: string, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        reject(new Error(`the page reported no ${kind} paint within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting = {
        kind,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
    });
  }
}

/** Starts watching the list for one status change of the row `rowId`, done when its figure says `words`. */
function armStatusWatch({ rowId, words }: { rowId: string; words: string }): void {
  const w = window as unknown as BenchWindow;
  const list = document.querySelector('[role=listbox][aria-label=Contacts]')!;
  const records: MutationRecord[] = [];
  const afterPaint = (done: (at: number) => void) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(null);
    });
  const watch: NonNullable<BenchState['status']> = {
    records,
    result: null,
    observer: new MutationObserver((batch) => {
      records.push(...batch);
      if (watch.result || records.length === 0) return;
      const figure = document.getElementById(rowId)?.querySelector('img, [role=img]');
      const shown = figure?.getAttribute('alt') ?? figure?.getAttribute('aria-label');
      if (shown !== words) return;
      const domAt = performance.now();
      const contactAt = w.__bench.contactAt;
      watch.result = { contactAt, domAt, paintAt: 0 };
      afterPaint((paintAt) => {
        watch.result = { contactAt, domAt, paintAt };
        void w.__benchPainted('status');
      });
    }),
  };
  watch.observer.observe(list, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
  w.__bench.status = watch;
}

/** After two more frames (anything late would have landed): which rows changed, and what changed outside rows. */
async function collectStatusWatch(): Promise<{ result: StatusPaint; rows: string[]; outside: number }> {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const watch = (window as unknown as BenchWindow).__bench.status!;
  watch.observer.disconnect();
  watch.records.push(...watch.observer.takeRecords());
  const rows = new Set<string>();
  let outside = 0;
  for (const r of watch.records) {
    const el = r.target.nodeType === Node.ELEMENT_NODE ? (r.target as Element) : r.target.parentElement;
    const row = el?.closest('[role=option]');
    if (row) rows.add(row.id);
    else outside += 1;
  }
  return { result: watch.result!, rows: [...rows], outside };
}

/**
 * In a blank page, the same work done plainly: the account message parsed, its people sorted by name into
 * online and not online, and only the rows that fit drawn (as the app's list draws them: `rows` absolutely
 * placed <div>s in a spacer as tall as the whole list), to the paint; then one row changing its text.
 */
function plainListPaint({ text, rows }: { text: string; rows: number }): Promise<{ listMs: number; changeMs: number; drawn: number }> {
  const afterPaint = () =>
    new Promise<number>((done) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => done(performance.now());
        channel.port2.postMessage(null);
      }),
    );
  document.body.replaceChildren();
  return (async () => {
    const t0 = performance.now();
    const message = JSON.parse(text) as {
      event: { account: { contacts: { email: string; nickname: string; status: string; lists: string[] }[] } };
    };
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
    const people = message.event.account.contacts.filter((c) => c.lists.includes('FL'));
    const name = (c: { email: string; nickname: string }) => c.nickname || c.email;
    const online = people.filter((c) => c.status !== 'FLN' && c.status !== 'HDN');
    const offline = people.filter((c) => c.status === 'FLN' || c.status === 'HDN');
    const order = [...online, ...offline].sort((a, b) => collator.compare(name(a), name(b)));
    const spacer = document.createElement('div');
    spacer.style.cssText = `position:relative;height:${order.length * 18}px`;
    for (let i = 0; i < Math.min(rows, order.length); i += 1) {
      const row = document.createElement('div');
      row.style.cssText = `position:absolute;top:${i * 18}px;height:18px`;
      row.textContent = name(order[i]!);
      spacer.append(row);
    }
    const viewport = document.createElement('div');
    viewport.style.cssText = 'height:600px;overflow:auto';
    viewport.append(spacer);
    document.body.append(viewport);
    const listMs = (await afterPaint()) - t0;
    const first = spacer.firstElementChild!;
    const t1 = performance.now();
    first.textContent = `${first.textContent} (Busy)`;
    const changeMs = (await afterPaint()) - t1;
    return { listMs, changeMs, drawn: spacer.childElementCount };
  })();
}

export async function runRenderBench(options: RenderBenchOptions = {}): Promise<RenderBenchResult> {
  const contactCount = options.contacts ?? 5000;
  const rounds = options.rounds ?? 5;
  const statusRounds = options.statusRounds ?? 12;
  const skip = renderBenchSkipReason();
  if (skip) throw new Error(`the render bench needs Chromium: ${skip}`);

  const big = largeAccount('big@example.com', 'big', contactCount);
  const msnp = new MsnpTestServer({ accounts: big.accounts });
  await msnp.start();
  const server = `127.0.0.1:${msnp.dispatchPort}`;
  const web = await startWebServerProcess().catch(async (err: unknown) => {
    await msnp.stop();
    throw err;
  });
  const browser = await launchChromium().catch(async (err: unknown) => {
    await web.stop();
    await msnp.stop();
    throw err;
  });
  let contactSession: NotificationSession | null = null;
  try {
    const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await context.addInitScript({ content: KEEP_NAMES_SHIM });
    const paints = new PaintSignal(page);
    await paints.install();
    await page.addInitScript(instrumentPage);
    await page.goto(web.url, { waitUntil: 'load' });

    // ---- first paint of the list, sign-in after sign-in ----
    const firsts: FirstPaint[] = [];
    for (let round = 0; round < rounds; round += 1) {
      await fillSignIn(page, big.owner.email, big.owner.password, server);
      const painted = paints.next('list', 120_000);
      await page.getByRole('button', { name: 'Sign In', exact: true }).click();
      await painted;
      const all = await page.evaluate(() => (window as unknown as BenchWindow).__bench.firsts);
      const first = all[all.length - 1]!;
      if (first.accountAt <= first.clickAt) throw new Error('the account event was not seen after the click');
      firsts.push(first);
      if (round < rounds - 1) {
        await chooseFromMenuBar(page, 'File', 'Sign Out');
        await page.getByLabel('E-mail address').waitFor({ state: 'visible' });
      }
    }
    const heading = await contactList(page)
      .getByRole('group', { name: /^Contacts Not Online \(/ })
      .evaluate((el) => document.getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent ?? '');
    if (heading !== `Contacts Not Online (${contactCount})`) throw new Error(`the list shows "${heading}"`);
    const accountText = await page.evaluate(() => (window as unknown as BenchWindow).__bench.accountText);

    // ---- one contact's status changes ----
    const person = big.accounts[1]!;
    contactSession = new NotificationSession({ keepAliveMs: 0 });
    await contactSession.signIn({
      host: '127.0.0.1',
      port: msnp.dispatchPort,
      email: person.email,
      password: person.password,
    });
    const row = page.getByRole('option', { name: `Online ${person.nickname}`, exact: true });
    await row.waitFor({ state: 'visible' });
    const rowId = `contact-${encodeURIComponent(person.email.toLowerCase())}`;
    const cycle: Exclude<Status, 'FLN' | 'IDL' | 'HDN'>[] = ['BSY', 'AWY', 'BRB', 'PHN', 'LUN', 'NLN'];
    const endToEnd: number[] = [];
    const inPage: number[] = [];
    const inPageDom: number[] = [];
    let rowsRerendered = 0;
    let otherMutations = 0;
    for (let i = 0; i < statusRounds; i += 1) {
      const status = cycle[i % cycle.length]!;
      await page.evaluate(armStatusWatch, { rowId, words: STATUS_NAMES[status] });
      const painted = paints.next('status', 30_000);
      const t0 = performance.now();
      await contactSession.setStatusRequest(status);
      endToEnd.push((await painted) - t0);
      const seen = await page.evaluate(collectStatusWatch);
      if (seen.rows.length !== 1 || seen.rows[0] !== rowId)
        throw new Error(`a status change of one contact changed rows ${seen.rows.join(', ')}`);
      inPage.push(seen.result.paintAt - seen.result.contactAt);
      inPageDom.push(seen.result.domAt - seen.result.contactAt);
      rowsRerendered = Math.max(rowsRerendered, seen.rows.length);
      otherMutations += seen.outside;
    }

    // ---- the baselines, in a blank page of the same browser ----
    const blank = await context.newPage();
    await blank.setContent('<!doctype html><html><body></body></html>');
    await blank.evaluate(KEEP_NAMES_SHIM);
    const listTimes: number[] = [];
    const changeTimes: number[] = [];
    let drawn = 0;
    const rowsInDom = firsts[firsts.length - 1]!.rows;
    for (let i = 0; i < Math.max(rounds, 5); i += 1) {
      const plain = await blank.evaluate(plainListPaint, { text: accountText, rows: rowsInDom });
      listTimes.push(plain.listMs);
      changeTimes.push(plain.changeMs);
      drawn = plain.drawn;
    }
    if (drawn !== rowsInDom) throw new Error(`the plain list drew ${drawn} rows, not ${rowsInDom}`);

    const firstPaintMs = median(firsts.map((f) => f.paintAt - f.accountAt));
    const baselineMs = median(listTimes);
    const statusRenderMs = median(inPage);
    const statusBaselineMs = median(changeTimes);
    return {
      contacts: contactCount,
      firstPaintMs,
      firstPaintDomMs: median(firsts.map((f) => f.domAt - f.accountAt)),
      coldFirstPaintMs: firsts[0]!.paintAt - firsts[0]!.accountAt,
      signInToPaintMs: median(firsts.map((f) => f.paintAt - f.clickAt)),
      baselineMs,
      firstPaintRatio: firstPaintMs / baselineMs,
      rowsInDom,
      statusChangeMs: median(endToEnd),
      statusRenderMs,
      statusDomMs: median(inPageDom),
      statusBaselineMs,
      statusRatio: statusRenderMs / statusBaselineMs,
      rowsRerendered,
      otherMutations,
      rounds,
      statusRounds,
    };
  } finally {
    await contactSession?.signOut().catch(() => {});
    await browser.close().catch(() => {});
    await web.stop();
    await msnp.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runRenderBench().then(
    (result) => {
      console.log(JSON.stringify(result, null, 2));
      process.exit(0);
    },
    (err: unknown) => {
      console.error(`render bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exit(1);
    },
  );
}
