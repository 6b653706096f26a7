// The classic text emoticons, and the one walk over message text that finds them and the URLs they are never
// found in (app/messageTokens.ts turns the URLs into links).
// Pure string code, shared by the engine and the sandboxed renderer: no Node modules, no DOM.
//
// Each id has an image drawn for this project at resources/emoticons/<id>.svg.

export interface Emoticon {
  /** Stable identifier; also the image's file name without `.svg`. */
  id: string;
  /** Human-readable name, for tooltips, alt text and the picker. */
  label: string;
  /** The text shortcuts, the first being the one the picker inserts. Letters match in either case. */
  shortcuts: readonly string[];
}

export type EmoticonToken =
  | { type: 'text'; text: string }
  /** `text` is the shortcut exactly as it appeared in the input, in its original case. */
  | { type: 'emoticon'; id: string; text: string; label: string };

/** The table, in picker order: faces, people, hands, love, animals, sky, things, food and drink. */
export const EMOTICONS: readonly Emoticon[] = Object.freeze(
  [
    { id: 'smile', label: 'Smile', shortcuts: [':)', ':-)'] },
    { id: 'sad', label: 'Sad', shortcuts: [':(', ':-('] },
    { id: 'wink', label: 'Wink', shortcuts: [';)', ';-)'] },
    { id: 'grin', label: 'Open-mouthed smile', shortcuts: [':D', ':-D'] },
    { id: 'tongue', label: 'Tongue out', shortcuts: [':P', ':-P'] },
    { id: 'surprised', label: 'Surprised', shortcuts: [':O', ':-O'] },
    { id: 'neutral', label: 'Disappointed', shortcuts: [':|', ':-|'] },
    { id: 'confused', label: 'Confused', shortcuts: [':S', ':-S'] },
    { id: 'embarrassed', label: 'Embarrassed', shortcuts: [':$', ':-$'] },
    { id: 'crying', label: 'Crying', shortcuts: [":'("] },
    { id: 'angry', label: 'Angry', shortcuts: [':@', ':-@'] },
    { id: 'hot', label: 'Hot', shortcuts: ['(H)'] },
    { id: 'angel', label: 'Angel', shortcuts: ['(A)'] },
    { id: 'devil', label: 'Devil', shortcuts: ['(6)'] },
    { id: 'girl', label: 'Girl', shortcuts: ['(X)'] },
    { id: 'boy', label: 'Boy', shortcuts: ['(Z)'] },
    { id: 'hugleft', label: 'Left hug', shortcuts: ['({)'] },
    { id: 'hugright', label: 'Right hug', shortcuts: ['(})'] },
    { id: 'buddy', label: 'Messenger buddy', shortcuts: ['(M)'] },
    { id: 'thumbsup', label: 'Thumbs up', shortcuts: ['(Y)'] },
    { id: 'thumbsdown', label: 'Thumbs down', shortcuts: ['(N)'] },
    { id: 'heart', label: 'Red heart', shortcuts: ['(L)'] },
    { id: 'brokenheart', label: 'Broken heart', shortcuts: ['(U)'] },
    { id: 'kiss', label: 'Red lips', shortcuts: ['(K)'] },
    { id: 'flower', label: 'Red rose', shortcuts: ['(F)'] },
    { id: 'wiltedrose', label: 'Wilted rose', shortcuts: ['(W)'] },
    { id: 'gift', label: 'Gift with a bow', shortcuts: ['(G)'] },
    { id: 'cat', label: 'Cat face', shortcuts: ['(@)'] },
    { id: 'dog', label: 'Dog face', shortcuts: ['(&)'] },
    { id: 'bat', label: 'Vampire bat', shortcuts: [':[', ':-['] },
    { id: 'star', label: 'Star', shortcuts: ['(*)'] },
    { id: 'sun', label: 'Sun', shortcuts: ['(#)'] },
    { id: 'moon', label: 'Sleeping half-moon', shortcuts: ['(S)'] },
    { id: 'rainbow', label: 'Rainbow', shortcuts: ['(R)'] },
    { id: 'note', label: 'Musical note', shortcuts: ['(8)'] },
    { id: 'camera', label: 'Camera', shortcuts: ['(P)'] },
    { id: 'film', label: 'Filmstrip', shortcuts: ['(~)'] },
    { id: 'phone', label: 'Telephone receiver', shortcuts: ['(T)'] },
    { id: 'email', label: 'E-mail', shortcuts: ['(E)'] },
    { id: 'clock', label: 'Clock', shortcuts: ['(O)'] },
    { id: 'lightbulb', label: 'Light bulb', shortcuts: ['(I)'] },
    { id: 'coffee', label: 'Coffee cup', shortcuts: ['(C)'] },
    { id: 'beer', label: 'Beer mug', shortcuts: ['(B)'] },
    { id: 'martini', label: 'Martini glass', shortcuts: ['(D)'] },
    { id: 'cake', label: 'Birthday cake', shortcuts: ['(^)'] },
  ].map((e) => Object.freeze({ ...e, shortcuts: Object.freeze(e.shortcuts) })),
);

const BY_ID = new Map(EMOTICONS.map((e) => [e.id, e]));

/** The emoticon with this id, or undefined. */
export function emoticonById(id: string): Emoticon | undefined {
  return BY_ID.get(id);
}

// ---- Matching ----
//
// One walk over message text finds both the URLs and the emoticons, for tokenizeEmoticons here and for
// tokenizeMessage (app/messageTokens.ts). Time is linear in the input length, with no regular expressions at all:
//  - a shortcut is found by walking a trie of the (lower-cased) shortcuts from the current position. The walk
//    stops after at most MAX_SHORTCUT characters, so each position costs a bounded amount of work; the longest
//    shortcut that ended during the walk wins (":-)" rather than nothing-then-")", since ":-" is no shortcut);
//  - a URL prefix is checked with a bounded comparison (at most 8 characters). Once found, the URL is read to
//    the next whitespace in one forward scan (counting brackets as it goes), then trailing punctuation is
//    taken off from the end, one character per step. Matching resumes after the URL; the punctuation taken
//    off is looked at once more for emoticons, but it holds no letters, so no URL can start inside it.
// So even ":" repeated hundreds of thousands of times, "(" followed by a long run, or a URL followed by a long
// run of ")" costs O(n).

interface TrieNode {
  next: Map<number, TrieNode>;
  /** The emoticon a shortcut ending at this node stands for. */
  emoticon?: Emoticon;
}

/** ASCII letters fold to lower case; everything else is kept. Shortcuts are ASCII, so this is enough. */
function fold(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
}

const TRIE: TrieNode = { next: new Map() };
let MAX_SHORTCUT = 0;
for (const emoticon of EMOTICONS) {
  for (const shortcut of emoticon.shortcuts) {
    let node = TRIE;
    for (let i = 0; i < shortcut.length; i++) {
      const code = fold(shortcut.charCodeAt(i));
      let child = node.next.get(code);
      if (!child) {
        child = { next: new Map() };
        node.next.set(code, child);
      }
      node = child;
    }
    if (node.emoticon) throw new Error(`duplicate emoticon shortcut ${shortcut}`);
    node.emoticon = emoticon;
    MAX_SHORTCUT = Math.max(MAX_SHORTCUT, shortcut.length);
  }
}

/** The longest shortcut starting at `pos`, as [emoticon, length], or undefined. */
function matchAt(text: string, pos: number): [Emoticon, number] | undefined {
  let node: TrieNode | undefined = TRIE;
  let best: [Emoticon, number] | undefined;
  const end = Math.min(text.length, pos + MAX_SHORTCUT);
  for (let i = pos; i < end; i++) {
    node = node.next.get(fold(text.charCodeAt(i)));
    if (!node) break;
    if (node.emoticon) best = [node.emoticon, i + 1 - pos];
  }
  return best;
}

const URL_PREFIXES = ['http://', 'https://', 'www.'];

function isWordChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * The length of the URL prefix at `pos` (matched case-insensitively), or 0. A prefix counts only at the start of
 * a word, so "awww.so cute" holds no URL.
 */
function urlPrefixAt(text: string, pos: number): number {
  if (pos > 0 && isWordChar(text.charCodeAt(pos - 1))) return 0;
  for (const prefix of URL_PREFIXES) {
    if (pos + prefix.length > text.length) continue;
    let ok = true;
    for (let j = 0; j < prefix.length; j++) {
      if (fold(text.charCodeAt(pos + j)) !== prefix.charCodeAt(j)) {
        ok = false;
        break;
      }
    }
    if (ok) return prefix.length;
  }
  return 0;
}

/** Whitespace that ends a URL: ASCII controls and space, plus the common Unicode spaces and line separators. */
function isSpace(code: number): boolean {
  return (
    code <= 0x20 ||
    code === 0x7f ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Punctuation that ends a sentence or a quotation rather than a URL. */
const TRAILING = '.,;:!?\'"';
const OPENERS = '([{<';
const CLOSERS = ')]}>';

/**
 * Where the URL starting at `start` ends: at the next whitespace, less the trailing punctuation, and less any
 * closing bracket at the end that has no opening partner inside the URL ("(see http://x.com/a_(b))" keeps one).
 */
function urlEnd(text: string, start: number, prefixLength: number): number {
  // Per bracket kind, how many more closing than opening brackets the URL holds: at most that many of its
  // closing brackets can be strays, and only those are taken off its end.
  const excess = [0, 0, 0, 0];
  let end = start + prefixLength;
  for (; end < text.length && !isSpace(text.charCodeAt(end)); end++) {
    const ch = text[end]!;
    const open = OPENERS.indexOf(ch);
    if (open >= 0) excess[open]!--;
    const close = CLOSERS.indexOf(ch);
    if (close >= 0) excess[close]!++;
  }
  while (end > start + prefixLength) {
    const ch = text[end - 1]!;
    if (TRAILING.includes(ch)) {
      end--;
      continue;
    }
    const close = CLOSERS.indexOf(ch);
    if (close < 0 || excess[close]! <= 0) break;
    excess[close]!--;
    end--;
  }
  return end;
}

/** A URL or an emoticon found in message text, as offsets into it; `url` spans are not yet checked as URLs. */
export type MessageSpan =
  | { kind: 'url'; start: number; end: number }
  | { kind: 'emoticon'; start: number; end: number; emoticon: Emoticon };

/**
 * The URLs and (when `options.emoticons` is true) the emoticons in message text, in order and never
 * overlapping; everything between them is plain text.
 *
 * - A URL starts at `http://`, `https://` or `www.` (any case) at the start of a word and runs to the next
 *   whitespace, less trailing punctuation (see urlEnd). A prefix with nothing after it is no URL.
 * - Nothing inside a URL is an emoticon; the punctuation after one is looked at as usual (`http://x.com/:)`).
 * - At each position the longest shortcut wins; letters in shortcuts match in either case (`:d` is `:D`).
 * - Linear time in the input length (see the notes above `matchAt`).
 */
export function scanMessage(text: string, options: { emoticons: boolean }): MessageSpan[] {
  const spans: MessageSpan[] = [];
  let pos = 0;
  while (pos < text.length) {
    const prefixLength = urlPrefixAt(text, pos);
    if (prefixLength > 0) {
      const end = urlEnd(text, pos, prefixLength);
      if (end > pos + prefixLength) {
        spans.push({ kind: 'url', start: pos, end });
        pos = end;
        continue;
      }
    }
    const match = options.emoticons ? matchAt(text, pos) : undefined;
    if (!match) {
      pos++;
      continue;
    }
    const [emoticon, length] = match;
    spans.push({ kind: 'emoticon', start: pos, end: pos + length, emoticon });
    pos += length;
  }
  return spans;
}

/**
 * Splits message text into plain-text runs and emoticons, as scanMessage finds them: URLs stay plain text and
 * hold no emoticons. Adjacent text is merged into one token, and the tokens' `text` joined in order is exactly
 * the input.
 */
export function tokenizeEmoticons(text: string): EmoticonToken[] {
  const tokens: EmoticonToken[] = [];
  let textStart = 0;
  for (const span of scanMessage(text, { emoticons: true })) {
    if (span.kind !== 'emoticon') continue;
    if (span.start > textStart) tokens.push({ type: 'text', text: text.slice(textStart, span.start) });
    tokens.push({
      type: 'emoticon',
      id: span.emoticon.id,
      text: text.slice(span.start, span.end),
      label: span.emoticon.label,
    });
    textStart = span.end;
  }
  if (text.length > textStart) tokens.push({ type: 'text', text: text.slice(textStart) });
  return tokens;
}
