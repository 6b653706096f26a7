// The only links Butterfly hands to a web browser: http and https without credentials, checked by the call
// check, by the service, again right before shell.openExternal or the system opener (a file: or
// custom-scheme URL could run a program), and by the page before it opens a tab in browser mode. Pure.

const MAX_URL = 2048;

/** The one sentence every refusal of a link uses. */
export const ONLY_WEB_LINKS = 'Only web links (http or https) can be opened.';

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
