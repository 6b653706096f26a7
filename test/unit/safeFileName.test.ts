import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MAX_NAME_BYTES, discardDownload, numberedName, reserveDownload, safeFileName, uniquePath } from '../../main/msnp/safeFileName';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

describe('safeFileName', () => {
  const cases: [string, string, string][] = [
    ['a Unix path climbing out', '../../etc/passwd', 'passwd'],
    ['a Windows path', 'C:\\Windows\\x.exe', 'x.exe'],
    ['a mixed path', 'a/b\\c/d.txt', 'd.txt'],
    ['a bare ..', '..', 'file'],
    ['a bare .', '.', 'file'],
    ['a path ending in ..', 'folder/..', 'file'],
    ['a hidden file', '.bashrc', 'bashrc'],
    ['several leading dots', '...hidden.txt', 'hidden.txt'],
    ['a device name', 'CON', '_CON'],
    ['a device name with an extension', 'con.txt', '_con.txt'],
    ['a numbered device with two extensions', 'Lpt9.tar.gz', '_Lpt9.tar.gz'],
    ['a device name with a space before the dot', 'aux .txt', '_aux .txt'],
    ['a device-like name that is not one', 'console.txt', 'console.txt'],
    ['characters Windows forbids', 'a<b>c|d', 'a_b_c_d'],
    ['quotes, colons, stars and question marks', 'what?"is":*this*', 'what__is___this_'],
    ['a drive-relative name', 'C:evil.exe', 'C_evil.exe'],
    ['control characters', 'in\u0000voi\u0007ce\r\n.pdf', 'invoice.pdf'],
    ['a right-to-left override hiding .exe', 'photo\u202Egpj.exe', 'photogpj.exe'],
    ['trailing dots and spaces', 'report.txt. . ', 'report.txt'],
    ['an empty name', '', 'file'],
    ['only spaces and dots', ' . . ', 'file'],
    ['only a separator', '/', 'file'],
    ['an ordinary name', 'Holiday photo (1).jpg', 'Holiday photo (1).jpg'],
    ['accents and emoji', 'café ☕ 🎉.txt', 'café ☕ 🎉.txt'],
  ];
  for (const [what, raw, expected] of cases) {
    it(`makes ${what} harmless: ${JSON.stringify(raw)} -> ${JSON.stringify(expected)}`, () => {
      assert.equal(safeFileName(raw), expected);
    });
  }

  it('caps a 400-byte emoji name at 200 UTF-8 bytes, keeps the extension and never splits an emoji', () => {
    const raw = '😀'.repeat(100) + '.jpeg'; // 400 bytes of emoji plus the extension
    const safe = safeFileName(raw);
    assert.ok(bytes(safe) <= MAX_NAME_BYTES, `${bytes(safe)} bytes`);
    assert.ok(safe.endsWith('.jpeg'));
    assert.equal(safe.replace(/\.jpeg$/, ''), '😀'.repeat(48));
    assert.ok(!/[\ud800-\udfff]/.test(safe.replace(/😀/g, '')), 'no lone surrogate');
  });

  it('keeps whole family emoji (joined graphemes) when it cuts', () => {
    const family = '👨‍👩‍👧‍👦'; // 25 bytes
    const safe = safeFileName(family.repeat(20) + '.png');
    assert.ok(bytes(safe) <= MAX_NAME_BYTES);
    assert.equal(safe, family.repeat(7) + '.png');
  });

  it('caps a long name without an extension', () => {
    const safe = safeFileName('x'.repeat(500));
    assert.equal(safe, 'x'.repeat(MAX_NAME_BYTES));
  });

  it('always returns a name that sanitizes to itself', () => {
    const samples = ['../../etc/passwd', 'CON', '😀'.repeat(100) + '.jpeg', 'a<b>c|d', ' .x. ', 'nul.', '\u202e'];
    for (const raw of samples) assert.equal(safeFileName(safeFileName(raw)), safeFileName(raw), raw);
  });

  it('numbers names before the extension', () => {
    assert.equal(numberedName('notes.txt', 0), 'notes.txt');
    assert.equal(numberedName('notes.txt', 2), 'notes (2).txt');
    assert.equal(numberedName('archive.tar.gz', 1), 'archive.tar (1).gz');
    assert.equal(numberedName('README', 3), 'README (3)');
  });
});

describe('uniquePath and reserveDownload', () => {
  let root: string;
  let folder: string;
  let outside: string;

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'butterfly-safe-'));
    folder = path.join(root, 'downloads');
    outside = path.join(root, 'outside');
    await Promise.all([mkdir(folder), mkdir(outside)]);
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('picks name, name (1), name (2) as earlier ones exist', async () => {
    const created: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const file = await uniquePath(folder, 'report.txt');
      await file.handle.write(`copy ${i}`);
      await file.handle.close();
      created.push(path.basename(file.path));
    }
    assert.deepEqual(created, ['report.txt', 'report (1).txt', 'report (2).txt']);
    assert.equal(await readFile(path.join(folder, 'report.txt'), 'utf8'), 'copy 0');
  });

  it('never writes through a symlink named like the target, even a dangling one', async () => {
    const victim = path.join(outside, 'victim.txt');
    await writeFile(victim, 'precious');
    await symlink(victim, path.join(folder, 'photo.jpg'));
    await symlink(path.join(outside, 'not-there-yet'), path.join(folder, 'photo (1).jpg'));
    const file = await uniquePath(folder, 'photo.jpg');
    await file.handle.write('attacker data');
    await file.handle.close();
    assert.equal(file.path, path.join(folder, 'photo (2).jpg'));
    assert.equal(await readFile(victim, 'utf8'), 'precious');
    assert.deepEqual(await readdir(outside), ['victim.txt']);
  });

  it('lands every hostile name directly inside the folder', async () => {
    for (const raw of ['../../etc/passwd', '..\\..\\boot.ini', '/abs/olute', 'C:\\x.exe', '..', '']) {
      const file = await uniquePath(folder, safeFileName(raw));
      await file.handle.close();
      assert.equal(path.dirname(file.path), path.resolve(folder), raw);
    }
    assert.deepEqual(await readdir(outside), ['victim.txt']);
  });

  it('refuses a name that was not sanitized first', async () => {
    await assert.rejects(uniquePath(folder, '../escape.txt'), /not a safe file name/);
    await assert.rejects(reserveDownload(folder, 'a/b'), /not a safe file name/);
  });

  it('survives many racing reservations of one name: each gets its own file', async () => {
    const files = await Promise.all(Array.from({ length: 20 }, () => uniquePath(folder, 'race.bin')));
    await Promise.all(files.map((f) => f.handle.close()));
    assert.equal(new Set(files.map((f) => f.path)).size, 20);
  });

  it('reserves a download as an empty placeholder plus a .part file, skipping names whose .part is taken', async () => {
    await writeFile(path.join(folder, 'movie.avi.part'), 'someone else');
    const d = await reserveDownload(folder, 'movie.avi');
    assert.equal(d.path, path.join(folder, 'movie (1).avi'));
    assert.equal(d.partPath, path.join(folder, 'movie (1).avi.part'));
    await d.handle.close();
    // The placeholder of the skipped name was not left behind.
    const names = await readdir(folder);
    assert.ok(!names.includes('movie.avi'));
    assert.ok(names.includes('movie (1).avi'));
    await discardDownload(d);
    const after = await readdir(folder);
    assert.ok(!after.includes('movie (1).avi') && !after.includes('movie (1).avi.part'));
  });
});
