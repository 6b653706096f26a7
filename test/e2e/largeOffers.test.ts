// An offer larger than the person's limit (4 GiB unless changed) in the conversation window: it shows its
// size, and Accept turns into a question that takes a second yes; Decline there turns it down. The sender
// is an engine session on the wire that only announces the size, so no gigabytes move.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FILE_TRANSFER_GUID, parseInvitationPayload, serializeInvitation } from '../../app/invitation';
import type { Conversation } from '../../main/msnp/conversation';
import { nextOf } from '../integration/transferHelpers';
import { STEP_MS, chooseFromMenuBar } from './butterflyPage';
import { ANN, BEN, chatWindow, historyOf, useChatWorld } from './chatPages';
import { chromiumMissingReason, screenshotPage } from './harness';

const skip = chromiumMissingReason();
const FIVE_GIB = 5 * 1024 ** 3;

/** Ben announces a file of `size` bytes; resolves to Ann's answer to it, once she gives one. */
async function offer(theirs: Conversation, cookie: string, name: string, size: number) {
  const answer = nextOf(
    theirs,
    'payload',
    (p) => {
      const inv = parseInvitationPayload(p.body);
      return !('error' in inv) && inv.cookie === cookie;
    },
    STEP_MS * 4,
  ).then((p) => {
    const inv = parseInvitationPayload(p.body);
    return 'error' in inv
      ? { command: '', code: '' }
      : { command: inv.command, code: inv.fields['cancel-code'] ?? '' };
  });
  await theirs.sendPayload(
    serializeInvitation('INVITE', cookie, [
      ['Application-Name', 'File Transfer'],
      ['Application-GUID', FILE_TRANSFER_GUID],
      ['Application-File', name],
      ['Application-FileSize', String(size)],
    ]),
  );
  return answer;
}

describe('offers over the limit in Chromium', { timeout: 240_000 }, () => {
  const world = useChatWorld();

  it(
    'asks a second time before accepting a 5 GB file, and Decline there turns it down',
    { skip },
    async () => {
      const w = world();
      const ann = await w.signIn(ANN);
      const bens = await w.peer(BEN);
      const theirs = bens.open([ANN.email]);
      theirs.sendText('a film for you');
      const win = chatWindow(ann.page, 'Ben');
      await historyOf(win).getByText('a film for you').waitFor({ timeout: STEP_MS });

      const accepted = offer(theirs, '801', 'film.mkv', FIVE_GIB);
      const first = historyOf(win).locator('.line.invitation').filter({ hasText: 'film.mkv' });
      await first
        .getByText('Ben would like to send you the file "film.mkv" (5.0 GB).')
        .waitFor({ timeout: STEP_MS });
      await first.getByRole('button', { name: 'Accept (Alt+C)' }).click();
      await first
        .getByRole('alert')
        .getByText('This file is 5.0 GB, larger than your limit of 4.0 GB. Accept it anyway?')
        .waitFor({ timeout: STEP_MS });
      await screenshotPage(ann.page, 'large-offer-question');
      await first.getByRole('button', { name: 'Accept anyway' }).click();
      assert.equal((await accepted).command, 'ACCEPT');

      const declined = offer(theirs, '802', 'box set.mkv', FIVE_GIB);
      const second = historyOf(win).locator('.line.invitation').filter({ hasText: 'box set.mkv' });
      await second.getByRole('button', { name: 'Accept (Alt+C)' }).click({ timeout: STEP_MS });
      await second.getByRole('button', { name: 'Decline', exact: true }).click({ timeout: STEP_MS });
      assert.deepEqual(await declined, { command: 'CANCEL', code: 'REJECT' });
      await second.getByText('box set.mkv: You declined the file.').waitFor({ timeout: STEP_MS });
      assert.deepEqual(w.problems(), []);
    },
  );

  it(
    'asks the same second question on Alt+C, and accepts nothing until Accept anyway',
    { skip },
    async () => {
      const w = world();
      const ann = await w.signIn(ANN);
      const bens = await w.peer(BEN);
      const theirs = bens.open([ANN.email]);
      theirs.sendText('keys only');
      const win = chatWindow(ann.page, 'Ben');
      await historyOf(win).getByText('keys only').waitFor({ timeout: STEP_MS });

      const declined = offer(theirs, '811', 'series.mkv', FIVE_GIB);
      const line = historyOf(win).locator('.line.invitation').filter({ hasText: 'series.mkv' });
      await line.getByRole('button', { name: 'Accept (Alt+C)' }).waitFor({ timeout: STEP_MS });
      await win.getByRole('textbox', { name: 'Type your message' }).click();
      await ann.page.keyboard.press('Alt+c');
      await line
        .getByRole('alert')
        .getByText('This file is 5.0 GB, larger than your limit of 4.0 GB. Accept it anyway?')
        .waitFor({ timeout: STEP_MS });
      // Alt+D turns it down from the question too; the first answer Ben hears is that, not an ACCEPT.
      await ann.page.keyboard.press('Alt+d');
      assert.deepEqual(await declined, { command: 'CANCEL', code: 'REJECT' });

      const accepted = offer(theirs, '812', 'season two.mkv', FIVE_GIB);
      const second = historyOf(win).locator('.line.invitation').filter({ hasText: 'season two.mkv' });
      await second.getByRole('button', { name: 'Accept (Alt+C)' }).waitFor({ timeout: STEP_MS });
      await ann.page.keyboard.press('Alt+c');
      await second.getByRole('button', { name: 'Accept anyway' }).click({ timeout: STEP_MS });
      assert.equal((await accepted).command, 'ACCEPT');
      assert.deepEqual(w.problems(), []);
    },
  );

  it(
    'takes a 5 GB file with one click once Options ▸ Messages raises the limit to 8 GB',
    { skip },
    async () => {
      const w = world();
      const ann = await w.signIn(ANN);
      await chooseFromMenuBar(ann.page, 'Tools', 'Options…');
      const options = ann.page.getByRole('dialog', { name: 'Options' });
      await options.getByRole('tab', { name: 'Messages' }).click();
      const limit = options.getByRole('combobox', { name: /Ask again before accepting files larger than/ });
      assert.equal(await limit.inputValue(), String(4 * 1024 ** 3));
      await limit.selectOption({ label: '8.0 GB' });
      await screenshotPage(ann.page, 'options-file-size-limit');
      await options.getByRole('button', { name: 'OK' }).click();

      const bens = await w.peer(BEN);
      const theirs = bens.open([ANN.email]);
      theirs.sendText('another film');
      const win = chatWindow(ann.page, 'Ben');
      await historyOf(win).getByText('another film').waitFor({ timeout: STEP_MS });
      const accepted = offer(theirs, '803', 'film.mkv', FIVE_GIB);
      const line = historyOf(win).locator('.line.invitation').filter({ hasText: 'film.mkv' });
      await line.getByRole('button', { name: 'Accept (Alt+C)' }).click({ timeout: STEP_MS });
      assert.equal((await accepted).command, 'ACCEPT');
      assert.equal(await line.getByRole('alert').count(), 0, 'no second question');
      assert.deepEqual(w.problems(), []);
    },
  );
});
