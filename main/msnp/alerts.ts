// .NET Alerts: the <NOTIFICATION> document of a NOT payload, read into a plain Alert.
// The document comes from the network, so it is parsed with entity expansion off and no DOCTYPE,
// and the few entities XML predefines are decoded here, in one pass, by hand.
import { XMLParser } from 'fast-xml-parser';
import type { Alert } from '../../app/types';

/** A NOTIFICATION document is small (its BODY is limited to 1 KiB); anything far larger is not one. */
export const DEFAULT_MAX_ALERT_BYTES = 16 * 1024;

export interface NotificationOptions {
  now?: number;
  maxBytes?: number;
}

export type NotificationResult = { alert: Alert } | { error: string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  cdataPropName: '#cdata',
  // Element and attribute names are matched case-insensitively: servers differ in their casing.
  transformTagName: tagName,
  transformAttributeName: (name) => name.toLowerCase(),
});

// The parser refuses a whole document holding one of these element names; an element so named is
// unknown to us anyway, so it is renamed ('#' starts no XML name) and the rest of the alert is read.
const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function tagName(name: string): string {
  const lower = name.toLowerCase();
  return RESERVED_NAMES.has(lower) ? `#${lower}` : lower;
}

type Node = Record<string, unknown>;

/** A node's own member only: names in the document are wire input, never Object.prototype's. */
function own(node: Node | undefined, key: string): unknown {
  return node !== undefined && Object.hasOwn(node, key) ? node[key] : undefined;
}

const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

/**
 * Decodes the five predefined XML entities and numeric character references, once:
 * `&amp;lt;` becomes the text `&lt;`, never `<`. Unknown or invalid references are kept as written.
 */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,10}|[a-zA-Z]{2,4});/g, (ref, body: string) => {
    if (body[0] !== '#') return NAMED_ENTITIES.get(body) ?? ref;
    const code =
      body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? String.fromCodePoint(code) : '\uFFFD';
  });
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function child(node: Node | undefined, name: string): Node | undefined {
  const value = first(own(node, name));
  if (value !== null && typeof value === 'object') return value as Node;
  // An element with text only comes back as a string; give it the node shape.
  if (typeof value === 'string') return { '#text': value };
  return undefined;
}

function attr(node: Node | undefined, name: string): string {
  const value = own(node, `@_${name}`);
  return typeof value === 'string' ? decodeXmlEntities(value).trim() : '';
}

/** The text of an element: its own text (entities decoded) and any CDATA, without child elements. */
function textOf(node: Node | undefined): string {
  if (!node) return '';
  const parts: string[] = [];
  const text = own(node, '#text');
  if (typeof text === 'string') parts.push(decodeXmlEntities(text));
  else if (Array.isArray(text))
    parts.push(...text.filter((t) => typeof t === 'string').map(decodeXmlEntities));
  const cdata = own(node, '#cdata');
  if (typeof cdata === 'string') parts.push(cdata);
  else if (Array.isArray(cdata)) parts.push(...cdata.filter((t) => typeof t === 'string'));
  // A toast shows one short paragraph: collapse the document's indentation and drop control characters.
  return parts.join(' ').replace(CONTROL, '').replace(/\s+/g, ' ').trim();
}

function isHttp(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

/** Resolves a URL against the site URL; only an absolute http(s) result is kept. */
export function resolveAlertUrl(relative: string, siteUrl: string): URL | null {
  if (relative === '') return null;
  let base: URL | undefined;
  try {
    base = siteUrl === '' ? undefined : new URL(siteUrl);
  } catch {
    base = undefined;
  }
  if (base && !isHttp(base)) base = undefined;
  try {
    const url = base ? new URL(relative, base) : new URL(relative);
    return isHttp(url) ? url : null;
  } catch {
    return null;
  }
}

/**
 * Adds the query parameters a client adds when it opens an alert's link, after whatever query the
 * site already put there (kept byte for byte: re-serializing it could change what the site reads).
 */
export function withAlertParams(
  url: URL,
  params: { toPid: string; notificationId: string; messageId: string },
): string {
  const extra = new URLSearchParams();
  if (params.toPid !== '') extra.append('to_pid', params.toPid);
  extra.append('notification_id', params.notificationId);
  extra.append('message_id', params.messageId);
  extra.append('agent', 'messenger');
  const copy = new URL(url.href);
  copy.search = copy.search.length > 1 ? `${copy.search}&${extra}` : `?${extra}`;
  return copy.href;
}

function parseXml(xml: string): Node | null {
  try {
    const doc: unknown = parser.parse(xml, true);
    return doc !== null && typeof doc === 'object' ? (doc as Node) : null;
  } catch {
    return null;
  }
}

/** Reads one NOTIFICATION document. Never throws: a document we cannot use yields a one-sentence error. */
export function parseNotification(xml: string, opts: NotificationOptions = {}): NotificationResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_ALERT_BYTES;
  // Cheap bound first: a UTF-8 byte is at least a character, at most a third of one.
  if (xml.length > maxBytes || Buffer.byteLength(xml, 'utf8') > maxBytes) {
    return { error: `The alert was larger than ${maxBytes} bytes, so it was ignored.` };
  }
  if (/<!DOCTYPE/i.test(xml))
    return { error: 'The alert declared a DOCTYPE, which is not accepted, so it was ignored.' };
  const doc = parseXml(xml);
  if (!doc) return { error: 'The alert was not well-formed XML, so it was ignored.' };
  const root = child(doc, 'notification');
  if (!root) return { error: 'The alert had no NOTIFICATION element, so it was ignored.' };
  const msg = child(root, 'msg');
  if (!msg) return { error: 'The alert had no MSG element, so it was ignored.' };
  const body = child(msg, 'body');
  const text = textOf(child(body, 'text'));
  if (text === '') {
    // Later protocols send machine-readable updates (NotificationData) here; there is nothing to show.
    return { error: 'The alert had no text to show, so it was ignored.' };
  }

  // Only an http(s) site is kept: the site URL is shown and opened, and nothing else is safe to open.
  const siteUrl = resolveAlertUrl(attr(root, 'siteurl'), '')?.href ?? '';
  const params = {
    toPid: attr(child(root, 'to'), 'pid'),
    notificationId: attr(root, 'id'),
    messageId: attr(msg, 'id') || '0',
  };
  const action = resolveAlertUrl(attr(child(msg, 'action'), 'url'), siteUrl);
  const subscription = resolveAlertUrl(attr(child(msg, 'subscr'), 'url'), siteUrl);
  const icon = resolveAlertUrl(attr(body, 'icon'), siteUrl);
  const alert: Alert = {
    id: params.notificationId,
    siteId: attr(root, 'siteid'),
    siteUrl,
    messageId: params.messageId,
    text,
    actionUrl: action ? withAlertParams(action, params) : '',
    subscriptionUrl: subscription ? withAlertParams(subscription, params) : '',
    receivedAt: opts.now ?? Date.now(),
  };
  if (icon) alert.icon = icon.href;
  return { alert };
}

/** IPG's NOTIFICATION document: a page for you, or (MSG id 407, or no text) word that one of yours failed. */
export function parseIncomingPage(
  xml: string,
): { page: { from: string; text: string; failed: boolean; pageTrId?: number } } | { error: string } {
  if (xml.length > DEFAULT_MAX_ALERT_BYTES || Buffer.byteLength(xml, 'utf8') > DEFAULT_MAX_ALERT_BYTES)
    return { error: `The page was larger than ${DEFAULT_MAX_ALERT_BYTES} bytes, so it was ignored.` };
  if (/<!DOCTYPE/i.test(xml))
    return { error: 'The page declared a DOCTYPE, which is not accepted, so it was ignored.' };
  const root = child(parseXml(xml) ?? undefined, 'notification');
  const msg = child(root, 'msg');
  if (!root || !msg)
    return { error: 'The page was not a NOTIFICATION document with a MSG, so it was ignored.' };
  const from = child(root, 'from');
  const text = textOf(child(child(msg, 'body'), 'text'));
  // MSG id 407 is the report that a page of ours failed; its NOTIFICATION id is that PAG's TrID.
  const failed = attr(msg, 'id') === '407';
  if (!failed && text === '') return { error: 'The page had no text to show, so it was ignored.' };
  const id = attr(root, 'id');
  const page: { from: string; text: string; failed: boolean; pageTrId?: number } = {
    from: attr(from, 'name') || attr(from, 'email'),
    text,
    failed,
  };
  if (failed && /^[1-9]\d{0,8}$/.test(id)) page.pageTrId = Number(id);
  return { page };
}
