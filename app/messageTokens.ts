// Message text as the conversation window shows it: plain text, web links and emoticons. Pure string code,
// shared by the engine and the sandboxed renderer: no Node modules, no DOM.
//
// The text itself is never HTML: a token's `text` is shown as text, and only a `link` token's `href` may become
// a link, which main checks once more before a browser opens it.
import { scanMessage } from './emoticons';

export type MessageToken =
  | { type: 'text'; text: string }
  /** `href` is a valid http or https URL: the text itself, or `http://` + the text for a www. address. */
  | { type: 'link'; text: string; href: string }
  /** `text` is the shortcut exactly as it appeared in the input, in its original case. */
  | { type: 'emoticon'; id: string; text: string; label: string };

// The longest address main/service/webUrl.ts lets a browser open; a longer one would be a link that does nothing.
const MAX_URL = 2048;

/** The link target for URL text, or undefined when it is not a web address a browser may open. */
function linkHref(url: string): string | undefined {
  const www = url.length >= 4 && url.slice(0, 4).toLowerCase() === 'www.';
  const href = www ? `http://${url}` : url;
  if (href.length > MAX_URL) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(href);
  } catch {
    return undefined;
  }
  // Credentials are refused as main refuses them: "http://bank.com@evil.example" names evil.example.
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (parsed.username !== '' || parsed.password !== '' || parsed.hostname === '') return undefined;
  return href;
}

/**
 * Splits message text into plain text, web links and (when `options.emoticons` is true) emoticons.
 *
 * - `http://`, `https://` and `www.` (any case) at the start of a word begin a link that runs to the next
 *   whitespace, less trailing punctuation (`.,;:!?'"`, and a closing bracket with no partner inside the URL).
 *   A link must parse as an http(s) URL without credentials, or its text stays plain. Nothing else is a link.
 * - Emoticons are found as tokenizeEmoticons finds them: the longest shortcut wins, never inside a link.
 * - Adjacent text is merged into one token, and the tokens' `text` joined in order is exactly the input.
 * - Linear time in the input length (see app/emoticons.ts, whose scanMessage does the walk).
 */
export function tokenizeMessage(text: string, options: { emoticons: boolean }): MessageToken[] {
  const tokens: MessageToken[] = [];
  let textStart = 0;
  for (const span of scanMessage(text, options)) {
    const piece = text.slice(span.start, span.end);
    let token: MessageToken;
    if (span.kind === 'emoticon') {
      token = { type: 'emoticon', id: span.emoticon.id, text: piece, label: span.emoticon.label };
    } else {
      const href = linkHref(piece);
      if (href === undefined) continue; // stays in the text run
      token = { type: 'link', text: piece, href };
    }
    if (span.start > textStart) tokens.push({ type: 'text', text: text.slice(textStart, span.start) });
    tokens.push(token);
    textStart = span.end;
  }
  if (text.length > textStart) tokens.push({ type: 'text', text: text.slice(textStart) });
  return tokens;
}
