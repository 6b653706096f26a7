// Loaded into every test process (package.json's test scripts). Under --test-force-exit a test file's
// process exits as soon as its last test ends, and on Linux its results travel to the runner over a pipe
// that Node writes asynchronously: results still buffered were dropped, and the run passed with fewer
// tests than it had (nodejs/node#64833; seen here: 977 of 986). Blocking writes cannot be cut off.
const handle = (process.stdout as unknown as { _handle?: { setBlocking?: (on: boolean) => void } })._handle;
handle?.setBlocking?.(true);
