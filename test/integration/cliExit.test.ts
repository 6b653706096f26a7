// The msnp process's exit keeps its output: a big --json report read slowly through a pipe arrives whole.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';

const exitModule = path.resolve(import.meta.dirname, '..', '..', 'main', 'cli', 'exit.ts');
const SIZE = 1_000_000;

describe('exitAfterOutput', () => {
  it('exits with the code only after a reader that was not reading has taken every byte', async () => {
    // The child writes far more than a pipe holds, says so on stderr, and exits; the parent starts reading
    // stdout only after that line, so plain process.exit would have cut the output at the pipe's size.
    const script = [
      `const { exitAfterOutput } = await import(${JSON.stringify(exitModule)});`,
      `process.stdout.write('x'.repeat(${SIZE}));`,
      `process.stderr.write('written\\n');`,
      `exitAfterOutput(7);`,
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pause();
    let received = 0;
    child.stdout.on('data', (d: Buffer) => (received += d.length));
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += String(d);
      if (stderr.includes('written')) child.stdout.resume();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 7, stderr);
    assert.equal(received, SIZE);
  });
});
