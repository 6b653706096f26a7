// The conversation window in Chromium, through browser mode against a test server: how long a keystroke in
// the compose box takes to reach the screen with 10,000 lines in the conversation, and how long opening a
// conversation window takes from the double-click to its lines on screen. Each is given against a
// baseline from the same run in the same page: the same keystroke in a conversation with no lines, and the
// same double-click-to-paint path for Help ▸ About, an inline window that needs nothing from main.
//
// Run on its own: node --import tsx test/bench/conversationBench.ts   (prints the result as JSON)
import { pathToFileURL } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { ConversationManager } from '../../main/msnp/conversations';
import { MsnpTestServer } from '../../main/sandbox/server';
import { Sessions } from '../integration/helpers';
import { chooseFromMenuBar, contactList, fillSignIn } from '../e2e/butterflyPage';
import { ANN, BEN, CAT, CHAT_CAST } from '../e2e/chatPages';
import {
  chromiumMissingReason,
  KEEP_NAMES_SHIM,
  launchChromium,
  startWebServerProcess,
} from '../e2e/harness';
import { median } from './stats';

export interface ConversationBenchResult {
  lines: number;
  /** Median keystroke (keydown) to the paint of the frame that shows it, with `lines` lines in the conversation. */
  typingMs: number;
  /** The same in a conversation with no lines. */
  typingBaselineMs: number;
  typingRatio: number;
  /** The slowest keystroke of the long conversation (one frame is about 16.7 ms). */
  typingWorstMs: number;
  /** Median, double-click on the contact to the paint of the window with its newest lines. */
  openMs: number;
  /** Median, the click on Help ▸ About to the paint of its window. */
  openBaselineMs: number;
  openRatio: number;
  /** Median, the same double-click after a reload of the page: the window fetches its lines from main. */
  coldOpenMs: number;
  coldOpenRatio: number;
  coldOpens: number;
  /** Lines drawn in the history once the window shows (it draws the newest, not all `lines`). */
  linesDrawn: number;
  keystrokes: number;
  opens: number;
}

export function conversationBenchSkipReason(): string | false {
  return chromiumMissingReason();
}

type BenchWindow = Window & { __keys: number[]; __opened: number[]; __openStart: number };

/** In the page: keydown to the paint after it (a rAF, then a message), and a click to a window's paint. */
function instrument(): void {
  const w = window as unknown as BenchWindow;
  w.__keys = [];
  w.__opened = [];
  w.__openStart = 0;
  const afterPaint = (done: (at: number) => void) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(null);
    });
  document.addEventListener(
    'keydown',
    (e) => {
      if (!(e.target instanceof HTMLTextAreaElement)) return;
      const start = performance.now();
      afterPaint((at) => w.__keys.push(at - start));
    },
    true,
  );
  for (const type of ['dblclick', 'click']) {
    document.addEventListener(type, () => (w.__openStart = performance.now()), true);
  }
}

/** Starts watching for `selector` to match; resolves in the page to the click-to-paint time. */
async function armOpen(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    const w = window as unknown as BenchWindow;
    const observer = new MutationObserver(() => {
      if (!document.querySelector(sel)) return;
      observer.disconnect();
      const start = w.__openStart;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => w.__opened.push(performance.now() - start);
        channel.port2.postMessage(null);
      });
    });
    observer.observe(document, { subtree: true, childList: true });
  }, selector);
}

async function openedCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as BenchWindow).__opened.length);
}

async function waitForCount(page: Page, what: '__keys' | '__opened', count: number): Promise<void> {
  await page.waitForFunction(
    ([key, n]) => (window as unknown as Record<string, number[]>)[key]!.length >= n,
    [what, count] as const,
    {
      timeout: 30_000,
    },
  );
}

async function typeKeys(page: Page, box: Locator, count: number): Promise<number[]> {
  await box.click();
  const before = await page.evaluate(() => (window as unknown as BenchWindow).__keys.length);
  for (let i = 0; i < count; i += 1) {
    await page.keyboard.press(i % 20 === 19 ? 'Backspace' : 'a');
    await waitForCount(page, '__keys', before + i + 1);
  }
  return page.evaluate((from) => (window as unknown as BenchWindow).__keys.slice(from), before);
}

export async function runConversationBench(
  options: { lines?: number; keystrokes?: number; opens?: number; coldOpens?: number } = {},
): Promise<ConversationBenchResult> {
  const lines = options.lines ?? 10_000;
  const keystrokes = options.keystrokes ?? 120;
  const opens = options.opens ?? 9;
  const coldOpens = options.coldOpens ?? 5;
  const msnp = new MsnpTestServer({ accounts: CHAT_CAST });
  await msnp.start();
  const sessions = new Sessions();
  const web = await startWebServerProcess();
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
    await context.addInitScript({ content: KEEP_NAMES_SHIM });
    await context.addInitScript(instrument);
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(web.url);
    await fillSignIn(page, ANN.email, ANN.password, `127.0.0.1:${msnp.dispatchPort}`);
    await page.getByRole('button', { name: 'Sign In', exact: true }).click();
    await contactList(page).waitFor();

    // Ben fills the conversation: `lines` messages, sent as fast as the switchboard acknowledges them.
    const ben = await sessions.signIn(msnp, BEN);
    await sessions.signIn(msnp, CAT);
    const bens = new ConversationManager(ben, { requestTimeoutMs: 30_000 });
    const theirs = bens.open([ANN.email]);
    for (let i = 1; i <= lines; i += 1)
      theirs.sendText(`Message ${i} of ${lines}: the quick brown fox jumps over the lazy dog :)`);
    const win = page.getByRole('dialog', { name: 'Ben - Instant Message' });
    await win.getByText(`Message ${lines} of ${lines}:`).waitFor({ timeout: 300_000 });
    const linesDrawn = await win.locator('.history .line').count();

    // Typing: the long conversation, then an empty one with Cat (its window opened by a double-click).
    const long = await typeKeys(page, win.getByRole('textbox', { name: 'Type your message' }), keystrokes);
    await contactList(page)
      .getByRole('option', { name: /^Online Cat$/ })
      .dblclick();
    const empty = page.getByRole('dialog', { name: 'Cat - Instant Message' });
    const short = await typeKeys(page, empty.getByRole('textbox', { name: 'Type your message' }), keystrokes);
    await empty.getByRole('button', { name: 'Close', exact: true }).click();

    // Opening: close Ben's window (main keeps its lines) and double-click him again, several times; and
    // Help ▸ About the same number of times.
    const key = await win.getAttribute('data-window-key');
    const openTimes: number[] = [];
    const aboutTimes: number[] = [];
    for (let i = 0; i < opens; i += 1) {
      await win.getByRole('button', { name: 'Close', exact: true }).click();
      await win.waitFor({ state: 'detached' });
      await armOpen(page, `[data-window-key="${key}"] .history .line`);
      let n = await openedCount(page);
      await contactList(page)
        .getByRole('option', { name: /^Online Ben$/ })
        .dblclick();
      await waitForCount(page, '__opened', n + 1);
      openTimes.push(await page.evaluate(() => (window as unknown as BenchWindow).__opened.at(-1)!));

      const about = page.getByRole('dialog', { name: 'About Butterfly' });
      await armOpen(page, '[data-window-key="#dialog/about"]');
      n = await openedCount(page);
      await chooseFromMenuBar(page, 'Help', 'About');
      await waitForCount(page, '__opened', n + 1);
      aboutTimes.push(await page.evaluate(() => (window as unknown as BenchWindow).__opened.at(-1)!));
      await about.getByRole('button', { name: 'Close', exact: true }).first().click();
      await about.waitFor({ state: 'detached' });
    }
    // Cold: the page reloaded, so it holds none of the lines; the window fetches the newest page from main.
    const coldTimes: number[] = [];
    for (let i = 0; i < coldOpens; i += 1) {
      await win.getByRole('button', { name: 'Close', exact: true }).click();
      await win.waitFor({ state: 'detached' });
      await page.reload();
      await contactList(page).waitFor();
      await armOpen(page, `[data-window-key="${key}"] .history .line`);
      await contactList(page)
        .getByRole('option', { name: /^Online Ben$/ })
        .dblclick();
      await waitForCount(page, '__opened', 1);
      coldTimes.push(await page.evaluate(() => (window as unknown as BenchWindow).__opened.at(-1)!));
    }
    bens.closeAll();
    await context.close();

    const typingMs = median(long);
    const typingBaselineMs = median(short);
    const openMs = median(openTimes);
    const openBaselineMs = median(aboutTimes);
    const coldOpenMs = median(coldTimes);
    return {
      lines,
      typingMs,
      typingBaselineMs,
      typingRatio: typingMs / typingBaselineMs,
      typingWorstMs: Math.max(...long),
      openMs,
      openBaselineMs,
      openRatio: openMs / openBaselineMs,
      coldOpenMs,
      coldOpenRatio: coldOpenMs / openBaselineMs,
      coldOpens,
      linesDrawn,
      keystrokes,
      opens,
    };
  } finally {
    await browser.close().catch(() => {});
    await sessions.closeAll().catch(() => {});
    await web.stop();
    await msnp.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const skip = conversationBenchSkipReason();
  if (skip) console.log(JSON.stringify({ skipped: skip }));
  else console.log(JSON.stringify(await runConversationBench(), null, 2));
}
