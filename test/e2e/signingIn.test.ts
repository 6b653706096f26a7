// The sign-in screen while it waits for the server: two figures turning round in turn beside the words
// (as 3.0 showed), still when the person asks the system for reduced motion. The server here accepts the
// connection and never answers, so the sign-in waits as long as the test looks.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { fillSignIn } from './butterflyPage';
import { chromiumMissingReason, openBrowserSession, type BrowserSession } from './harness';

const skip = chromiumMissingReason();

describe('signing in, in Chromium', { timeout: 120_000 }, () => {
  let session: BrowserSession;
  let silent: Server;
  const sockets = new Set<Socket>();

  before(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    if (!skip) session = await openBrowserSession({ width: 800, height: 600 });
  });
  after(async () => {
    await session?.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((done) => silent.close(done));
  });

  it(
    'shows the figures turning while it waits, and keeps them still for reduced motion',
    { skip },
    async () => {
      const { page } = session;
      const address = silent.address();
      assert.ok(address && typeof address === 'object');
      await fillSignIn(page, 'you@example.com', 'secret', `127.0.0.1:${address.port}`);
      await page.getByRole('button', { name: 'Sign In', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /Connecting|Checking your password|Signing in/ })
        .waitFor();

      const figures = page.locator('.signing-in g');
      const playing = () =>
        figures.evaluateAll((els) =>
          els.map((el) =>
            el
              .getAnimations()
              .map((a) => a.playState)
              .join(','),
          ),
        );
      assert.deepEqual(await playing(), ['running', 'running']);
      await session.screenshot('signing-in');

      await page.emulateMedia({ reducedMotion: 'reduce' });
      assert.deepEqual(await playing(), ['', '']);
      await page.emulateMedia({ reducedMotion: null });

      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      await figures.first().waitFor({ state: 'detached' });
      assert.deepEqual(session.problems, []);
    },
  );
});
