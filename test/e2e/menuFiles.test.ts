// File ▸ Send a File to and File ▸ Open Received Files end to end, between two pages in browser mode: the
// menu starts the conversation's send-a-file flow (the page's file picker), and the received file is listed
// with the Download link its conversation shows.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { STEP_MS } from './butterflyPage';
import { ANN, BEN, chatWindow, historyOf, useChatWorld, type ChatWorld } from './chatPages';
import { chromiumMissingReason } from './harness';

const skip = chromiumMissingReason();

const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Chooses File ▸ <submenu> ▸ <item> in the main window. */
async function fromFileMenu(page: Page, item: string, within?: string): Promise<void> {
  await page
    .getByRole('region', { name: 'Butterfly' })
    .getByRole('menubar', { name: 'Menu bar' })
    .getByRole('menuitem', { name: 'File', exact: true })
    .click();
  const file = page.getByRole('menu', { name: 'File', exact: true });
  if (!within) return file.getByRole('menuitem', { name: item, exact: true }).click();
  await file.getByRole('menuitem', { name: within, exact: true }).hover();
  await page
    .getByRole('menu', { name: within, exact: true })
    .getByRole('menuitem', { name: item, exact: true })
    .click();
}

describe('File menu files in Chromium', { timeout: 180_000 }, () => {
  const world = useChatWorld();
  let w: ChatWorld;
  let dir = '';
  beforeEach(async () => {
    if (skip) return;
    w = world();
    dir = await mkdtemp(path.join(tmpdir(), 'butterfly-e2e-menu-files-'));
  });
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    'sends a file from File ▸ Send a File to, and lists it in Open Received Files with its Download link',
    { skip },
    async () => {
      const ann = await w.signIn(ANN);
      const ben = await w.signIn(BEN);
      await ann.page
        .getByRole('listbox', { name: 'Contacts' })
        .getByRole('option', { name: /^Online Ben/ })
        .waitFor({ timeout: STEP_MS });

      const notes = path.join(dir, 'notes.txt');
      const bytes = Buffer.from('Minutes of the meeting\r\n'.repeat(400), 'utf8');
      await writeFile(notes, bytes);
      // The menu opens the page's file picker; the chosen file goes to a conversation with Ben.
      const chooser = ann.page.waitForEvent('filechooser', { timeout: STEP_MS });
      await fromFileMenu(ann.page, 'Ben', 'Send a File to');
      await (await chooser).setFiles(notes);
      const toBen = chatWindow(ann.page, 'Ben');
      await historyOf(toBen)
        .getByText(/^Waiting for Ben to accept the file "notes\.txt"/)
        .waitFor({ timeout: STEP_MS });

      const fromAnn = chatWindow(ben.page, 'Ann');
      const offer = historyOf(fromAnn).locator('.line.invitation').filter({ hasText: 'notes.txt' });
      await offer.getByRole('button', { name: 'Accept (Alt+C)' }).click({ timeout: STEP_MS });
      await offer.getByText(/^You have received "notes\.txt"/).waitFor({ timeout: STEP_MS });

      // Closing the conversation does not lose the file: main keeps this session's files.
      await fromAnn.getByRole('button', { name: 'Close', exact: true }).first().click();
      await fromAnn.waitFor({ state: 'detached' });
      await fromFileMenu(ben.page, 'Open Received Files');
      const received = ben.page.getByRole('dialog', { name: 'Received Files' });
      const row = received.getByRole('list', { name: 'Files received' }).getByRole('listitem');
      await row.filter({ hasText: 'notes.txt' }).waitFor({ timeout: STEP_MS });
      assert.equal(await row.count(), 1);
      assert.match((await row.textContent()) ?? '', /^notes\.txt \(9\.[0-9] KB\) from Ann/);
      const href = await row.getByRole('link', { name: 'Download' }).getAttribute('href');
      assert.ok(href);
      const downloaded = await ben.page.evaluate(async (url) => {
        const response = await fetch(url);
        return [...new Uint8Array(await response.arrayBuffer())];
      }, href);
      assert.equal(sha256(Uint8Array.from(downloaded)), sha256(bytes));
      await ben.view.screenshot('menus-received-files');
      assert.deepEqual(w.problems(), []);
    },
  );
});
