// File transfer through the UI: both ways between two pages with Accept and progress, and a scripted
// sender on the wire that pauses half way (so the progress can be seen and photographed) and names its
// file with a hostile path.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  FILE_TRANSFER_GUID,
  serializeInvitation,
  invitationBody,
  parseInvitation,
} from '../../app/invitation';
import { BLOCK_HEADER, MAX_BLOCK_DATA, encodeBlocks } from '../../main/msnp/msnftpFraming';
import { expectLine, nextOf, scriptedServer, sha256 } from '../integration/transferHelpers';
import { STEP_MS } from './butterflyPage';
import { ANN, BEN, chatWindow, historyOf, say, startChat, useChatWorld, type ChatWorld } from './chatPages';
import { chromiumMissingReason } from './harness';

const skip = chromiumMissingReason();

describe('file transfer in Chromium', { timeout: 240_000 }, () => {
  const world = useChatWorld();
  let w: ChatWorld;
  let dir: string;
  beforeEach(async () => {
    if (skip) return;
    w = world();
    dir = await mkdtemp(path.join(tmpdir(), 'butterfly-e2e-files-'));
  });
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('moves a file each way through the UI, and it lands with the same SHA-256', { skip }, async () => {
    const ann = await w.signIn(ANN);
    const ben = await w.signIn(BEN);
    const toBen = await startChat(ann.page, 'Ben');
    await say(toBen, 'a file is coming');
    const fromAnn = chatWindow(ben.page, 'Ann');
    await historyOf(fromAnn).getByText('a file is coming').waitFor({ timeout: STEP_MS });

    // Ann → Ben: File ▸ Send a File…, Ben accepts with Alt+C.
    const photo = path.join(dir, 'holiday photo.jpg');
    const photoBytes = randomBytes(3 * 1024 * 1024 + 17);
    await writeFile(photo, photoBytes);
    const chooser = ann.page.waitForEvent('filechooser', { timeout: STEP_MS });
    await toBen
      .getByRole('menubar', { name: 'Menu bar' })
      .getByRole('menuitem', { name: 'File', exact: true })
      .click();
    await toBen.getByRole('menu', { name: 'File' }).getByRole('menuitem', { name: 'Send a File…' }).click();
    await (await chooser).setFiles(photo);
    await historyOf(toBen)
      .getByText(/^Waiting for Ben to accept the file "holiday photo\.jpg" \(3\.0 MB\)\.$/)
      .waitFor({ timeout: STEP_MS });
    const offer = historyOf(fromAnn).locator('.line.invitation').filter({ hasText: 'holiday photo.jpg' });
    await offer
      .getByText('Ann would like to send you the file "holiday photo.jpg" (3.0 MB).')
      .waitFor({ timeout: STEP_MS });
    await offer.getByRole('button', { name: 'Accept (Alt+C)' }).waitFor();
    await composeFocus(fromAnn);
    await ben.page.keyboard.press('Alt+c');
    const received = offer.getByText(/^You have received "holiday photo\.jpg" \(3\.0 MB\) from Ann\./);
    await received.waitFor({ timeout: STEP_MS });
    await offer.getByText(`SHA-256 ${sha256(photoBytes)}`).waitFor();
    await historyOf(toBen)
      .getByText('Ben has received "holiday photo.jpg" (3.0 MB).')
      .waitFor({ timeout: STEP_MS });
    assert.equal(
      sha256(await readFile(path.join(ben.web.dataDir, 'downloads', 'holiday photo.jpg'))),
      sha256(photoBytes),
    );

    // Ben → Ann: dropped on the window; Ann accepts with the button, then downloads it from the service.
    const noteBytes = Buffer.from('Notes from Ben\r\n'.repeat(5000), 'utf8');
    const dropped = await ben.page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['Notes from Ben\r\n'.repeat(5000)], 'notes.txt', { type: 'text/plain' }));
      return transfer;
    });
    await historyOf(fromAnn).dispatchEvent('dragover', { dataTransfer: dropped });
    await historyOf(fromAnn).dispatchEvent('drop', { dataTransfer: dropped });
    const back = historyOf(toBen).locator('.line.invitation').filter({ hasText: 'notes.txt' });
    await back.getByRole('button', { name: 'Accept (Alt+C)' }).click({ timeout: STEP_MS });
    await back.getByText(/^You have received "notes\.txt"/).waitFor({ timeout: STEP_MS });
    await back.getByText(`SHA-256 ${sha256(noteBytes)}`).waitFor();
    const download = ann.page.waitForEvent('download', { timeout: STEP_MS });
    await back.getByRole('link', { name: 'Download' }).click();
    const file = await download;
    assert.equal(sha256(await readFile((await file.path())!)), sha256(noteBytes));
    assert.deepEqual(w.problems(), []);
  });

  it('warns about a program before it is accepted, and Alt+D declines it', { skip }, async () => {
    const ann = await w.signIn(ANN);
    const bens = await w.peer(BEN);
    const theirs = bens.open([ANN.email]);
    theirs.sendText('try my game');
    const win = chatWindow(ann.page, 'Ben');
    await historyOf(win).getByText('try my game').waitFor({ timeout: STEP_MS });
    const declined = nextOf(
      theirs.invitations,
      'cancelled',
      (e) => e.by === 'peer' && e.code === 'REJECT',
      STEP_MS,
    );
    await theirs.sendFile({ name: 'setup.exe', data: randomBytes(5000) });
    const offer = historyOf(win).locator('.line.invitation').filter({ hasText: 'setup.exe' });
    await offer
      .getByRole('note')
      .getByText(/can run programs/)
      .waitFor({ timeout: STEP_MS });
    await composeFocus(win);
    await ann.page.keyboard.press('Alt+d');
    await declined;
    await offer.getByText('setup.exe: You declined the file.').waitFor({ timeout: STEP_MS });
    assert.deepEqual(w.problems(), []);
  });

  it(
    'shows a transfer in progress (bytes, rate, time left), and saves a hostile name inside the folder',
    { skip },
    async () => {
      const { person: ann, win: toBen, theirs } = await w.chatting(ANN, BEN, 'send me the file');

      // Ben's side, by hand: an INVITE with a hostile name, then a sender that stops half way.
      const data = randomBytes(600_000);
      const cookie = '4242';
      const accepted = nextOf(
        theirs,
        'payload',
        (p) => {
          const inv = parseInvitation(invitationBody(p.body || p.raw.toString('utf8')));
          return !('error' in inv) && inv.command === 'ACCEPT' && inv.cookie === cookie;
        },
        STEP_MS,
      );
      await theirs.sendPayload(
        serializeInvitation('INVITE', cookie, [
          ['Application-Name', 'File Transfer'],
          ['Application-GUID', FILE_TRANSFER_GUID],
          ['Application-File', '../../evil\\..\\CON.txt'],
          ['Application-FileSize', String(data.length)],
        ]),
      );
      const offer = historyOf(toBen).locator('.line.invitation');
      await offer.getByRole('button', { name: 'Accept (Alt+C)' }).waitFor({ timeout: STEP_MS });
      await ann.view.screenshot('conversation-offer');

      let resume: () => void = () => {};
      const halfway = new Promise<void>((resolve) => {
        resume = resolve;
      });
      const framed = encodeBlocks(data);
      const cut =
        Math.floor(framed.length / (BLOCK_HEADER + MAX_BLOCK_DATA) / 2) * (BLOCK_HEADER + MAX_BLOCK_DATA);
      const peer = await scriptedServer(async (socket, lines) => {
        await expectLine(lines, /^VER MSNFTP/);
        socket.write('VER MSNFTP\r\n');
        await expectLine(lines, new RegExp(`^USR ${ANN.email.replace('.', '\\.')} 1234$`));
        socket.write(`FIL ${data.length}\r\n`);
        await expectLine(lines, /^TFR$/);
        socket.write(framed.subarray(0, cut));
        await halfway;
        socket.write(framed.subarray(cut));
        await expectLine(lines, /^BYE 16777989$/);
        socket.end();
      });
      try {
        await offer.getByRole('button', { name: 'Accept (Alt+C)' }).click();
        await accepted;
        await theirs.sendPayload(
          serializeInvitation('ACCEPT', cookie, [
            ['IP-Address', '127.0.0.1'],
            ['Port', String(peer.port)],
            ['AuthCookie', '1234'],
            ['Launch-Application', 'FALSE'],
            ['Request-Data', 'IP-Address:'],
          ]),
        );
        const bar = offer.getByRole('progressbar');
        await offer.getByText(/of 586 KB \((4\d|5\d)%\)/).waitFor({ timeout: STEP_MS });
        const pct = Number(await bar.getAttribute('aria-valuenow'));
        assert.ok(pct >= 40 && pct < 100, `half way, at ${pct}%`);
        // Bytes, percentage, rate and time left, as the window says them.
        assert.match(
          (await offer.locator('.transfer-figures').textContent()) ?? '',
          /^\d+ KB of 586 KB \(\d+%\) at [\d.]+ (bytes|KB|MB|GB)\/s, (less than a second|about \d+ (seconds?|minutes)|about [\d.]+ hours) left$/,
        );
        await ann.view.screenshot('conversation-transfer');
        resume();
        await offer.getByText(/^You have received "_CON\.txt"/).waitFor({ timeout: STEP_MS });
      } finally {
        resume();
        peer.close();
      }
      const downloads = path.join(ann.web.dataDir, 'downloads');
      const names = await readdir(downloads);
      assert.deepEqual(names, ['_CON.txt']);
      assert.equal(sha256(await readFile(path.join(downloads, '_CON.txt'))), sha256(data));
      assert.deepEqual(w.problems(), []);
    },
  );
});

/** Puts the focus in a conversation window (its compose box), as a person clicking into it would. */
async function composeFocus(win: ReturnType<typeof chatWindow>): Promise<void> {
  await win.getByRole('textbox', { name: 'Type your message' }).click();
}
