// Quitting signs out first, but never hangs: the cleanup gets a deadline, then the app quits anyway.

/**
 * Returns a function that runs `cleanup` the first time it is called and resolves when it finished or
 * `timeoutMs` passed, whichever is first; later calls return the same promise. Never rejects.
 */
export function onceWithDeadline(cleanup: () => Promise<void>, timeoutMs: number): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        resolve();
      };
      Promise.resolve()
        .then(cleanup)
        .then(finish, (err: unknown) => {
          console.error('Butterfly could not sign out cleanly:', err);
          finish();
        });
    });
    return running;
  };
}
