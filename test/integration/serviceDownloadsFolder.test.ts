// Options ▸ Messages ▸ Change…: the folder picked is kept only when Options applies it, so Cancel forgets it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { makeService, tempDir } from './serviceHelpers';

describe('the folder for received files', () => {
  it('is kept only when Options applies it, made on the way, and refused in browser mode', async () => {
    const picked = path.join(await tempDir(), 'Received', 'Files');
    const t = await makeService({ files: { chooseFolder: async () => picked } });
    try {
      const before = (await t.service.getSnapshot()).settings.downloadsFolder;
      // Change… only picks: Cancel in Options would leave the folder as it was.
      assert.equal(await t.service.chooseDownloadFolder(), picked);
      assert.equal((await t.service.getSnapshot()).settings.downloadsFolder, before);
      await t.service.updateSettings({ downloadsFolder: picked });
      assert.equal((await t.service.getSnapshot()).settings.downloadsFolder, picked);
      await stat(picked);
    } finally {
      await t.close();
    }
    const web = await makeService({ environment: 'browser' });
    try {
      await assert.rejects(web.service.updateSettings({ downloadsFolder: picked }), {
        message: /^In browser mode, received files are saved in /,
      });
    } finally {
      await web.close();
    }
  });
});
