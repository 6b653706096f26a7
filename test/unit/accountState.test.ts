import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AccountState, MAX_WARNINGS } from '../../main/msnp/accountState';
import { FileListCache, MemoryListCache, parseCachedLists } from '../../main/msnp/listCache';

describe('account state', () => {
  it('counts as pending only people on the reverse list and on none of your own', () => {
    const s = new AccountState();
    s.addToList('RL', 'a@x.com', 'A');
    s.addToList('RL', 'b@x.com', 'B');
    s.addToList('AL', 'b@x.com');
    s.addToList('RL', 'c@x.com', 'C');
    s.addToList('BL', 'c@x.com');
    s.addToList('FL', 'd@x.com', 'D');
    assert.deepEqual(s.pendingAdds(), [{ email: 'a@x.com', nickname: 'A' }]);
  });

  it('finds contacts whatever the case of the address, and forgets one that is on no list', () => {
    const s = new AccountState();
    s.addToList('FL', 'Mixed@Case.com', 'M');
    assert.ok(s.contact('mixed@case.com'));
    s.removeFromList('FL', 'MIXED@case.com');
    assert.equal(s.contact('mixed@case.com'), undefined);
  });

  it('keeps the Passport token out of the snapshot', () => {
    const s = new AccountState();
    s.profile = { LoginTime: '1', MSPAuth: 'secret', country: 'GB' };
    assert.deepEqual(s.snapshot().profile, { LoginTime: '1', country: 'GB' });
    assert.equal(s.profile.MSPAuth, 'secret');
  });

  it('caps the warnings it keeps', () => {
    const s = new AccountState();
    for (let i = 0; i < MAX_WARNINGS + 10; i++) s.addWarning({ code: 'x', message: String(i) });
    assert.equal(s.warnings.length, MAX_WARNINGS);
    assert.equal(s.warnings[0]!.message, '10');
  });

  it('counts new mail in the inbox or the other folders', () => {
    const s = new AccountState();
    const base = { from: 'F', fromAddr: 'f@x.com', subject: 'S', messageUrl: '', postUrl: '', receivedAt: 0 };
    s.addMailNotice({ ...base, folder: 'ACTIVE' });
    s.addMailNotice({ ...base, folder: 'Work' });
    assert.equal(s.mail.inboxUnread, 1);
    assert.equal(s.mail.foldersUnread, 1);
  });
});

describe('list cache', () => {
  it('round-trips the lists through memory and through files', async () => {
    const s = new AccountState();
    s.listVersion = 42;
    s.blp = 'BL';
    s.gtc = 'N';
    s.addToList('FL', 'a@x.com', 'A b').phones = { PHH: '1' };
    s.addToList('AL', 'a@x.com');
    s.setSelfPhone('PHM', '2');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'butterfly-cache-'));
    try {
      for (const cache of [new MemoryListCache(), new FileListCache(dir)]) {
        await cache.save('Me@X.com', s.toCache());
        const back = await cache.load('me@x.com');
        assert.deepEqual(back, s.toCache());
        const fresh = new AccountState();
        fresh.loadCache(back!);
        assert.deepEqual(fresh.snapshot().contacts, s.snapshot().contacts);
      }
      assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.tmp')), [], 'no temp file is left behind');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps two quick saves of one file from colliding: the file is whole, the last save wins, owner-only', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'butterfly-cache-'));
    try {
      const cache = new FileListCache(dir);
      const lists = (version: number): ReturnType<AccountState['toCache']> => {
        const s = new AccountState();
        s.listVersion = version;
        for (let i = 0; i < 200; i++) s.addToList('FL', `c${i}@x.com`, `Contact ${i} of version ${version}`);
        return s.toCache();
      };
      // Fired without waiting, as the session does after each list change.
      await Promise.all([cache.save('a@x.com', lists(1)), cache.save('a@x.com', lists(2)), cache.save('A@x.com', lists(3))]);
      const files = await readdir(dir);
      assert.equal(files.length, 1, `one file, no temp file left behind (got ${files.join(', ')})`);
      const text = await readFile(path.join(dir, files[0]!), 'utf8');
      assert.deepEqual(parseCachedLists(text), lists(3));
      assert.equal((await cache.load('a@x.com'))?.version, 3);
      if (process.platform !== 'win32') assert.equal((await stat(path.join(dir, files[0]!))).mode & 0o777, 0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('treats a damaged cache as no cache', async () => {
    assert.equal(parseCachedLists('{not json'), null);
    assert.equal(parseCachedLists('{"version":"1","blp":"AL","gtc":"A","contacts":[]}'), null);
    assert.equal(parseCachedLists('{"version":1,"blp":"XX","gtc":"A","contacts":[]}'), null);
    assert.equal(parseCachedLists('{"version":1,"blp":"AL","gtc":"A","contacts":[{"email":1}]}'), null);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'butterfly-cache-'));
    try {
      const cache = new FileListCache(dir);
      await cache.save('a@x.com', new AccountState().toCache());
      const [file] = await readdir(dir);
      await writeFile(path.join(dir, file!), 'garbage');
      assert.equal(await cache.load('a@x.com'), null);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
