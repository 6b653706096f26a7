// The classic text emoticons and a tokenizer that finds them in message text.
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

/** The table, in picker order. */
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
    { id: 'crying', label: 'Crying', shortcuts: [":'("] },
    { id: 'angry', label: 'Angry', shortcuts: [':@', ':-@'] },
    { id: 'thumbsup', label: 'Thumbs up', shortcuts: ['(Y)'] },
    { id: 'thumbsdown', label: 'Thumbs down', shortcuts: ['(N)'] },
    { id: 'heart', label: 'Red heart', shortcuts: ['(L)'] },
    { id: 'brokenheart', label: 'Broken heart', shortcuts: ['(U)'] },
    { id: 'kiss', label: 'Red lips', shortcuts: ['(K)'] },
    { id: 'flower', label: 'Red rose', shortcuts: ['(F)'] },
    { id: 'star', label: 'Star', shortcuts: ['(*)'] },
    { id: 'note', label: 'Musical note', shortcuts: ['(8)'] },
    { id: 'beer', label: 'Beer mug', shortcuts: ['(B)'] },
    { id: 'coffee', label: 'Coffee cup', shortcuts: ['(C)'] },
    { id: 'lightbulb', label: 'Light bulb', shortcuts: ['(I)'] },
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
// Time is linear in the input length, with no regular expressions at all:
//  - a shortcut is found by walking a trie of the (lower-cased) shortcuts from the current position. The walk
//    stops after at most MAX_SHORTCUT characters, so each position costs a bounded amount of work; the longest
//    shortcut that ended during the walk wins (":-)" rather than nothing-then-")", since ":-" is no shortcut);
//  - a URL prefix is checked with a bounded comparison (at most 8 characters), and once found the URL is
//    skipped to the next whitespace in one forward scan that is never revisited.
// So even ":" repeated hundreds of thousands of times, or "(" followed by a long run, costs O(n).

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

/** Whether a URL starts at `pos` (the prefixes are matched case-insensitively). */
function urlStartsAt(text: string, pos: number): boolean {
  for (const prefix of URL_PREFIXES) {
    if (pos + prefix.length > text.length) continue;
    let ok = true;
    for (let j = 0; j < prefix.length; j++) {
      if (fold(text.charCodeAt(pos + j)) !== prefix.charCodeAt(j)) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
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

/**
 * Splits message text into plain-text runs and emoticons.
 *
 * - At each position the longest shortcut wins; letters in shortcuts match in either case (`:d` is `:D`).
 * - Nothing inside a URL is an emoticon: from `http://`, `https://` or `www.` (any case) up to the next whitespace
 *   the text stays plain, so `http://x.com/:P` is untouched.
 * - Adjacent text is merged into one token, and the tokens' `text` joined in order is exactly the input.
 * - Linear time in the input length (see the notes above `matchAt`).
 */
export function tokenizeEmoticons(text: string): EmoticonToken[] {
  const tokens: EmoticonToken[] = [];
  let textStart = 0;
  let pos = 0;
  while (pos < text.length) {
    if (urlStartsAt(text, pos)) {
      pos++;
      while (pos < text.length && !isSpace(text.charCodeAt(pos))) pos++;
      continue;
    }
    const match = matchAt(text, pos);
    if (!match) {
      pos++;
      continue;
    }
    const [emoticon, length] = match;
    if (pos > textStart) tokens.push({ type: 'text', text: text.slice(textStart, pos) });
    tokens.push({
      type: 'emoticon',
      id: emoticon.id,
      text: text.slice(pos, pos + length),
      label: emoticon.label,
    });
    pos += length;
    textStart = pos;
  }
  if (text.length > textStart) tokens.push({ type: 'text', text: text.slice(textStart) });
  return tokens;
}
