// The application menu: none where the page draws 3.0's menu bar, and on macOS no View menu, so no key
// opens DevTools or reloads a window.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appMenuTemplate } from '../../main/shell/appMenu';

describe('appMenuTemplate', () => {
  it('sets no native menu on Windows and Linux', () => {
    assert.equal(appMenuTemplate('win32'), null);
    assert.equal(appMenuTemplate('linux'), null);
  });

  it('gives macOS quit, editing and window menus, and nothing that opens DevTools or reloads', () => {
    const menu = appMenuTemplate('darwin')!;
    const roles = JSON.stringify(menu);
    assert.deepEqual(
      menu.map((m) => m.role),
      ['appMenu', 'editMenu', 'windowMenu'],
    );
    assert.match(roles, /"quit"/);
    for (const role of ['toggleDevTools', 'viewMenu', 'reload', 'forceReload'])
      assert.doesNotMatch(roles, new RegExp(`"${role}"`));
  });
});
