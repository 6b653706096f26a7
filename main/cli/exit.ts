// Ending the msnp process without losing its output.

/**
 * Exits once everything written to stdout and stderr has been taken: process.exit drops what a slow reader
 * of a pipe has not read yet (a `--json` report was cut at 64 kB when its reader was busy).
 */
export function exitAfterOutput(code: number): void {
  let pending = 2;
  const done = (): void => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}
