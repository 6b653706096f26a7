// Options ▸ Connection end to end: a SOCKS 5 proxy with a user name and password set in the tab, a port
// it refuses in its sentence, and the next sign-in going through the proxy (counted by a local one).
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumMissingReason } from './harness';
import {
  ALICE,
  ERIN,
  STEP_MS,
  chooseFromMenuBar,
  contactList,
  fillSignIn,
  useScenario,
  type Scenario,
} from './butterflyPage';
import { startSocksProxy, type TestProxy } from '../support/proxyServers';

const skip = chromiumMissingReason();

describe('Options ▸ Connection in Chromium', { timeout: 120_000 }, () => {
  const scenario = useScenario();
  let s: Scenario;
  let socks: TestProxy;
  before(async () => {
    socks = await startSocksProxy({ credentials: { user: 'alice', password: 'looking glass' } });
  });
  after(() => socks.close());
  beforeEach(() => {
    if (!skip) s = scenario();
  });

  it(
    'sets a SOCKS 5 proxy with a password, refuses a port that is none, and signs in through it next time',
    { skip },
    async () => {
      const { page } = s;
      await s.signInAs(ALICE);
      assert.deepEqual(socks.relayed, [], 'no proxy until one is set');
      const added = page.getByRole('dialog', { name: `${ERIN.email} Added You` });
      await added.getByRole('button', { name: 'Cancel', exact: true }).click();
      await added.waitFor({ state: 'detached' });

      await chooseFromMenuBar(page, 'Tools', 'Options…');
      const options = page.getByRole('dialog', { name: 'Options' });
      await options.getByRole('tab', { name: 'Connection' }).click();
      const tab = options.getByRole('tabpanel', { name: 'Connection' });
      const server = tab.getByLabel('Server', { exact: true });
      assert.equal(await tab.getByRole('radio', { name: 'None' }).isChecked(), true);
      assert.equal(await server.isDisabled(), true, 'nothing to fill in without a proxy');

      await tab.getByRole('radio', { name: 'SOCKS 5' }).check();
      await server.fill('127.0.0.1');
      await tab.getByLabel('Port').fill('0');
      await tab.getByLabel('User name').fill('alice');
      await tab.getByLabel('Password').fill('looking glass');
      await options.getByRole('button', { name: 'Apply', exact: true }).click();
      await tab
        .getByRole('alert')
        .filter({ hasText: 'The proxy port is a number from 1 to 65535.' })
        .waitFor({ timeout: STEP_MS });

      await tab.getByLabel('Port').fill(String(socks.port));
      await tab.getByText('Butterfly uses the proxy from the next sign-in').waitFor();
      await s.screenshot('options-connection-socks5');
      await options.getByRole('button', { name: 'OK', exact: true }).click();
      await options.waitFor({ state: 'detached' });

      // Kept: the tab shows the proxy, and a password kept without showing it.
      await chooseFromMenuBar(page, 'Tools', 'Options…');
      await options.getByRole('tab', { name: 'Connection' }).click();
      assert.equal(await tab.getByRole('radio', { name: 'SOCKS 5' }).isChecked(), true);
      assert.equal(await tab.getByLabel('Port').inputValue(), String(socks.port));
      assert.equal(await tab.getByLabel('Password').inputValue(), '');
      assert.equal(await tab.getByLabel('Password').getAttribute('placeholder'), '(kept)');
      await options.getByRole('button', { name: 'Cancel', exact: true }).click();
      await options.waitFor({ state: 'detached' });

      await chooseFromMenuBar(page, 'File', 'Sign Out');
      await fillSignIn(page, ALICE.email, ALICE.password, s.serverAddress);
      await page.getByRole('button', { name: 'Sign In', exact: true }).click();
      await contactList(page).waitFor({ state: 'visible', timeout: STEP_MS });
      assert.deepEqual(socks.relayed, [s.serverAddress, `127.0.0.1:${s.msnp.nsPort}`]);
      assert.deepEqual(s.problems(), []);
    },
  );
});
