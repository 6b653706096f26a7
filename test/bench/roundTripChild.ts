// What both children of the round-trip benchmark share: they answer the bench's questions on stdin.

/** Answers the bench's "cpu" lines on stdin with this process's CPU time in µs; exits when stdin closes. */
export function answerCpuQueries(): void {
  let input = '';
  process.stdin.on('data', (d) => {
    input += d;
    for (let nl = input.indexOf('\n'); nl !== -1; nl = input.indexOf('\n')) {
      input = input.slice(nl + 1);
      const { user, system } = process.cpuUsage();
      process.stdout.write(`${user + system}\n`);
    }
  });
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
