import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { AppSnapshot, WireMessage } from '../../app/contract';
import { Inbox, openSocket } from './webHelpers';

const root = resolve(import.meta.dirname, '..', '..');

function runCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'main/web/cli.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((done, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', done);
    child.once('exit', (code) => fail(new Error(`exited with ${code} before printing a line`)));
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (c: string) => (stderr += c));
  return new Promise((done) => child.once('exit', (code) => done({ code, stderr })));
}

describe('npm run web (main/web/cli.ts)', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];

  after(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('prints the address with its token first, serves the account service in browser mode, and stops on SIGTERM', async () => {
    const data = await mkdtemp(join(tmpdir(), 'butterfly-cli-'));
    dirs.push(data);
    // A server chosen on an earlier run; --sandbox selects the sandbox again.
    await writeFile(
      join(data, 'settings.json'),
      JSON.stringify({ lastServer: 'example.com:1863', servers: ['example.com:1863'] }),
    );
    const child = runCli(['--port', '0', '--data', data, '--sandbox']);
    children.push(child);
    const exited = exitOf(child);
    const line = await firstLine(child);
    const match = /^Butterfly is running at (http:\/\/127\.0\.0\.1:(\d+))\/\?token=([\w-]{43})$/.exec(line);
    assert.ok(match, line);
    const [, origin, , token] = match;

    const page = await fetch(`${origin}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="root">/);

    const ws = await openSocket(`ws://127.0.0.1:${match[2]}/ws?token=${token}`, origin);
    const inbox = new Inbox(ws);
    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'getSnapshot', args: [] }));
    const reply = (await inbox.next()) as Extract<WireMessage, { t: 'reply'; ok: true }>;
    assert.equal(reply.ok, true);
    const snapshot = reply.value as AppSnapshot;
    const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
    assert.equal(snapshot.environment, 'browser');
    assert.equal(snapshot.version, version);
    assert.equal(snapshot.settings.lastServer, 'sandbox');
    assert.equal(snapshot.settings.canRememberPassword, false);
    assert.equal(snapshot.session.phase, 'signedOut');
    ws.close();

    child.kill('SIGTERM');
    assert.equal((await exited).code, 0);
  });

  it('refuses a bad option with one sentence and exit status 2', async () => {
    const child = runCli(['--port', 'abc']);
    children.push(child);
    const { code, stderr } = await exitOf(child);
    assert.equal(code, 2);
    assert.equal(stderr, '--port must be a port number from 0 to 65535.\n');
  });

  it('says which port is taken instead of failing silently', async () => {
    const data = await mkdtemp(join(tmpdir(), 'butterfly-cli-'));
    dirs.push(data);
    const first = runCli(['--port', '0', '--data', data]);
    children.push(first);
    const firstExit = exitOf(first);
    const port = /:(\d+)\//.exec(await firstLine(first))![1]!;
    const second = runCli(['--port', port, '--data', data]);
    children.push(second);
    const { code, stderr } = await exitOf(second);
    assert.equal(code, 1);
    assert.equal(
      stderr.trim(),
      `Port ${port} is already in use. Choose another with --port, or --port 0 for any free one.`,
    );
    first.kill('SIGTERM');
    assert.equal((await firstExit).code, 0);
  });
});
