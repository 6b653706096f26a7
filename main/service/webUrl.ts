// The only links Butterfly hands to the system browser: http and https, checked again in main right before
// shell.openExternal, whatever the caller already checked (a file: or custom-scheme URL could run a program).

const MAX_URL = 2048;

/** The normalized URL if it is a web address the browser may open, otherwise null. */
export function webUrl(candidate: unknown): string | null {
  if (typeof candidate !== 'string' || candidate.length > MAX_URL) return null;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  return url.href;
}
