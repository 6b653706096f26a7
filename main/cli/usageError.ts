// A mistake on the command line: one sentence, exit status 2. Its own module so that every parser can throw
// it without importing the others.
export class UsageError extends Error {
  override name = 'UsageError';
}
