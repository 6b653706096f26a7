// Runs the real command line as a user would (through the package's bin), for the CLI tests.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface MsnpRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The run went past its limit and was killed: the test fails instead of hanging. */
  killed: boolean;
}

export interface MsnpRunOptions {
  /** The whole environment of the child (the parent's when absent). */
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which then closes; null keeps stdin open and silent; absent, it is closed at once. */
  stdin?: string | null;
  limitMs?: number;
}

export function runMsnp(args: string[], options: MsnpRunOptions = {}): Promise<MsnpRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'msnp.js'), ...args], {
      cwd: root,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill();
    }, options.limitMs ?? 20_000);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    if (typeof options.stdin === 'string') child.stdin.end(options.stdin);
    else if (options.stdin === undefined) child.stdin.end();
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, stdout, stderr, killed });
    });
  });
}
