// The app's settings, kept as JSON in userDataDir/settings.json: the servers you use, the last address
// and server, the protocol versions to offer, sounds and toasts. A damaged file never stops the app: what
// can be read is kept, the rest goes back to the defaults, and a warning says so.
import path from 'node:path';
import {
  IDLE_MINUTES_RANGE,
  KEEP_ALIVE_RANGE,
  SANDBOX_DEMO_ACCOUNT,
  SANDBOX_SERVER,
  type ServerChoice,
} from '../../app/contract';
import { DEFAULT_FONT, DEFAULT_MAX_FILE_SIZE, type FontSettings } from '../../app/conversation';
import { errorMessage } from '../msnp/errors';
import { parseHostPort, SUPPORTED_PROTOCOLS } from '../msnp/nsLogin';
import { FileWriter, readTextIfExists } from './atomicFile';
import { readFont } from './fonts';
import { checkProxy, defaultProxy, type StoredProxy } from './proxySettings';

/** What is written to disk; rememberedPassword and canRememberPassword are worked out, never stored. */
export interface StoredSettings {
  /** Servers you added or signed in to, as "host:port"; the sandbox is not stored, it is always first. */
  servers: ServerChoice[];
  lastServer: string;
  lastEmail: string;
  protocols: string[];
  sounds: boolean;
  toasts: boolean;
  messageToasts: boolean;
  emoticons: boolean;
  askWhereToSave: boolean;
  messageLog: boolean;
  /** Where accepted files go; '' means the default folder (Downloads, or browser mode's data folder). */
  downloadsFolder: string;
  /** Bytes: a larger offer is accepted only after a second yes. */
  maxFileSize: number;
  /** Each account's font, newest last (the font dialog's choice, kept per address). */
  fonts: { email: string; font: FontSettings }[];
  strictMode: boolean;
  keepAliveSeconds: number;
  /** Options ▸ Connection (its password is in the vault). */
  proxy: StoredProxy;
  // Added with Options' Personal and Preferences tabs; an older file lacks them and gets the defaults, so its
  // `toasts: false` still turns every toast off.
  signInToasts: boolean;
  mailToasts: boolean;
  alertToasts: boolean;
  idleAway: boolean;
  idleMinutes: number;
  runAtStartup: boolean;
  runInBackground: boolean;
}

const SANDBOX_CHOICE: Readonly<ServerChoice> = Object.freeze({
  id: SANDBOX_SERVER,
  label: 'Local sandbox (built in)',
});
/** What the classic client offered; the engine adds CVR0 on its own. */
export const DEFAULT_PROTOCOL_CHOICE: readonly string[] = ['MSNP5', 'MSNP4'];
const MSNP_VERSIONS: readonly string[] = SUPPORTED_PROTOCOLS.filter((p) => p !== 'CVR0');
const MAX_SERVERS = 20;
const MAX_FONTS = 20;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

export function defaultSettings(): StoredSettings {
  return {
    servers: [],
    lastServer: SANDBOX_SERVER,
    lastEmail: SANDBOX_DEMO_ACCOUNT.email,
    protocols: [...DEFAULT_PROTOCOL_CHOICE],
    sounds: true,
    toasts: true,
    messageToasts: false,
    emoticons: true,
    askWhereToSave: false,
    messageLog: false,
    downloadsFolder: '',
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    fonts: [],
    strictMode: false,
    keepAliveSeconds: 60,
    proxy: defaultProxy(),
    signInToasts: true,
    mailToasts: true,
    alertToasts: true,
    idleAway: true,
    idleMinutes: 5,
    runAtStartup: false,
    // As before this setting: closing the contact list keeps Butterfly in the tray.
    runInBackground: true,
  };
}

/** 0 (never) or whole seconds within KEEP_ALIVE_RANGE; null for anything else. */
export function readKeepAlive(v: unknown): number | null {
  if (typeof v !== 'number' || !Number.isInteger(v)) return null;
  return v === 0 || (v >= KEEP_ALIVE_RANGE.min && v <= KEEP_ALIVE_RANGE.max) ? v : null;
}

/** Whole minutes within IDLE_MINUTES_RANGE; null for anything else. */
export function readIdleMinutes(v: unknown): number | null {
  if (typeof v !== 'number' || !Number.isInteger(v)) return null;
  return v >= IDLE_MINUTES_RANGE.min && v <= IDLE_MINUTES_RANGE.max ? v : null;
}

/** "host", "host:port" or "[v6]:port" as the canonical "host:port" id (the port defaults to 1863); null when unusable. */
export function normalizeServer(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 300 || /\s/.test(trimmed)) return null;
  const target = parseHostPort(trimmed);
  if (!target || !/^[\w.:-]+$/.test(target.host) || target.host.startsWith('-')) return null;
  return serverId(target.host, target.port);
}

export function serverId(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The protocol versions to offer, newest first, or a sentence saying why they cannot be used. */
export function checkProtocols(
  protocols: readonly string[],
): { ok: true; protocols: string[] } | { ok: false; message: string } {
  const unknown = protocols.filter((p) => !MSNP_VERSIONS.includes(p));
  if (unknown.length > 0) {
    return {
      ok: false,
      message: `Butterfly speaks ${MSNP_VERSIONS.join(', ')}; ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among them.`,
    };
  }
  const unique = [...new Set(protocols)].sort((a, b) => Number(b.slice(4)) - Number(a.slice(4)));
  return { ok: true, protocols: unique };
}

/** Reads a settings file; each field that does not check out gets its default. Never throws. */
export function parseSettings(text: string): { settings: StoredSettings; problem: string | null } {
  const defaults = defaultSettings();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { settings: defaults, problem: 'the file is not valid JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { settings: defaults, problem: 'the file does not hold a settings object' };
  const d = data as Record<string, unknown>;
  const bad: string[] = [];
  // Own members only: the file is outside input, and a key it lacks must not be found on Object.prototype.
  const pick = <T>(key: string, check: (v: unknown) => T | null, fallback: T): T => {
    const raw = Object.hasOwn(d, key) ? d[key] : undefined;
    if (raw === undefined) return fallback;
    const value = check(raw);
    if (value === null) bad.push(key);
    return value ?? fallback;
  };
  const settings: StoredSettings = {
    servers: pick('servers', readServers, defaults.servers),
    lastServer: pick(
      'lastServer',
      (v) => (v === SANDBOX_SERVER ? v : typeof v === 'string' ? normalizeServer(v) : null),
      defaults.lastServer,
    ),
    lastEmail: pick(
      'lastEmail',
      (v) => (typeof v === 'string' && (v === '' || EMAIL.test(v)) ? v : null),
      defaults.lastEmail,
    ),
    protocols: pick('protocols', readProtocols, defaults.protocols),
    sounds: pick('sounds', (v) => (typeof v === 'boolean' ? v : null), defaults.sounds),
    toasts: pick('toasts', (v) => (typeof v === 'boolean' ? v : null), defaults.toasts),
    messageToasts: pick('messageToasts', readBool, defaults.messageToasts),
    emoticons: pick('emoticons', readBool, defaults.emoticons),
    askWhereToSave: pick('askWhereToSave', readBool, defaults.askWhereToSave),
    messageLog: pick('messageLog', readBool, defaults.messageLog),
    downloadsFolder: pick(
      'downloadsFolder',
      (v) => (typeof v === 'string' && v.length <= 1024 && !v.includes('\0') ? v : null),
      defaults.downloadsFolder,
    ),
    maxFileSize: pick('maxFileSize', readSize, defaults.maxFileSize),
    fonts: pick('fonts', readFonts, defaults.fonts),
    strictMode: pick('strictMode', readBool, defaults.strictMode),
    keepAliveSeconds: pick('keepAliveSeconds', readKeepAlive, defaults.keepAliveSeconds),
    proxy: pick('proxy', readProxy, defaults.proxy),
    signInToasts: pick('signInToasts', readBool, defaults.signInToasts),
    mailToasts: pick('mailToasts', readBool, defaults.mailToasts),
    alertToasts: pick('alertToasts', readBool, defaults.alertToasts),
    idleAway: pick('idleAway', readBool, defaults.idleAway),
    idleMinutes: pick('idleMinutes', readIdleMinutes, defaults.idleMinutes),
    runAtStartup: pick('runAtStartup', readBool, defaults.runAtStartup),
    runInBackground: pick('runInBackground', readBool, defaults.runInBackground),
  };
  return { settings, problem: bad.length > 0 ? `these settings could not be read: ${bad.join(', ')}` : null };
}

const readProxy = (v: unknown): StoredProxy | null => {
  const checked = checkProxy(v);
  return typeof checked === 'string' ? null : checked;
};
const readBool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const readSize = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);

/** The named members of an object read from the file, each only if the object has it as its own. */
function ownFields<K extends string>(v: Record<string, unknown>, ...keys: K[]): Record<K, unknown> {
  const out = Object.create(null) as Record<K, unknown>;
  for (const k of keys) out[k] = Object.hasOwn(v, k) ? v[k] : undefined;
  return out;
}

/** Each account's font; an entry that does not check out is dropped, never the whole list. */
function readFonts(v: unknown): StoredSettings['fonts'] | null {
  if (!Array.isArray(v)) return null;
  const out: StoredSettings['fonts'] = [];
  for (const entry of v.slice(-MAX_FONTS)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { email, font } = ownFields(entry as Record<string, unknown>, 'email', 'font');
    const checked = readFont(font);
    if (typeof email === 'string' && EMAIL.test(email) && typeof checked !== 'string')
      out.push({ email, font: checked });
  }
  return out;
}

function readServers(v: unknown): ServerChoice[] | null {
  if (!Array.isArray(v)) return null;
  const out: ServerChoice[] = [];
  for (const entry of v.slice(0, MAX_SERVERS)) {
    const id =
      typeof entry === 'string'
        ? entry
        : typeof entry === 'object' && entry !== null
          ? ownFields(entry as Record<string, unknown>, 'id').id
          : undefined;
    const normal = typeof id === 'string' ? normalizeServer(id) : null;
    if (normal && !out.some((s) => s.id === normal)) out.push({ id: normal, label: normal });
  }
  return out;
}

function readProtocols(v: unknown): string[] | null {
  if (!Array.isArray(v) || !v.every((p) => typeof p === 'string')) return null;
  const checked = checkProtocols(v as string[]);
  return checked.ok ? checked.protocols : null;
}

/** The settings file: loaded once (synchronously, at start-up), saved whole after every change. */
export class SettingsStore {
  readonly file: string;
  private readonly writer: FileWriter;
  private current: StoredSettings;

  constructor(
    userDataDir: string,
    private readonly warn: (message: string) => void,
  ) {
    this.file = path.join(userDataDir, 'settings.json');
    this.writer = new FileWriter(this.file, warn);
    this.current = this.load();
  }

  get value(): StoredSettings {
    return this.current;
  }

  private load(): StoredSettings {
    let text: string | null;
    try {
      text = readTextIfExists(this.file);
    } catch (err) {
      this.warn(
        `Could not read settings.json (${errorMessage(err)}); the default settings are used.`,
      );
      return defaultSettings();
    }
    if (text === null) return defaultSettings();
    const { settings, problem } = parseSettings(text);
    if (problem) {
      this.warn(`settings.json was damaged (${problem}); those settings were reset to their defaults.`);
      void this.writer.write(serialize(settings));
    }
    return settings;
  }

  /** The list shown in the sign-in form: the sandbox first, then every remembered server. */
  choices(): ServerChoice[] {
    return [{ ...SANDBOX_CHOICE }, ...this.current.servers.map((s) => ({ ...s }))];
  }

  /** Applies a change and writes the file; resolves once it is on disk (a failed write is only warned about). */
  update(change: (s: StoredSettings) => void): Promise<void> {
    const next: StoredSettings = {
      ...this.current,
      servers: [...this.current.servers],
      protocols: [...this.current.protocols],
      fonts: [...this.current.fonts],
    };
    change(next);
    this.current = next;
    return this.writer.write(serialize(next));
  }

  /** This account's font; the defaults when none was chosen. */
  fontOf(email: string): FontSettings {
    const key = email.toLowerCase();
    return { ...(this.current.fonts.find((f) => f.email.toLowerCase() === key)?.font ?? DEFAULT_FONT) };
  }

  /** Keeps this account's font (the newest MAX_FONTS accounts are remembered). */
  setFont(email: string, font: FontSettings): Promise<void> {
    const key = email.toLowerCase();
    return this.update((s) => {
      s.fonts = [...s.fonts.filter((f) => f.email.toLowerCase() !== key), { email, font: { ...font } }].slice(-MAX_FONTS);
    });
  }

  /** Remembers a server at the end of the list; when the list is full the oldest entry goes. */
  rememberServer(id: string): Promise<void> {
    if (id === SANDBOX_SERVER || this.current.servers.some((c) => c.id === id)) return Promise.resolve();
    return this.update((s) => addServer(s, id));
  }

  /**
   * Takes a server someone added off the list; the sandbox is built in and stays. When it was the last
   * server used, the form goes back to the sandbox. False when there was no such entry.
   */
  async removeServer(id: string): Promise<boolean> {
    if (id === SANDBOX_SERVER || !this.current.servers.some((c) => c.id === id)) return false;
    await this.update((s) => {
      s.servers = s.servers.filter((c) => c.id !== id);
      if (s.lastServer === id) s.lastServer = SANDBOX_SERVER;
    });
    return true;
  }

  /** After a successful sign-in: the server and address the form pre-fills next time, in one write. */
  rememberSignIn(serverId: string, email: string): Promise<void> {
    return this.update((s) => {
      s.lastServer = serverId;
      s.lastEmail = email;
      addServer(s, serverId);
    });
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }
}

/** Adds a server at the end of the list (the oldest goes when it is full); the sandbox and known servers are left alone. */
function addServer(s: StoredSettings, id: string): void {
  if (id === SANDBOX_SERVER || s.servers.some((c) => c.id === id)) return;
  s.servers = [...s.servers, { id, label: id }].slice(-MAX_SERVERS);
}

function serialize(settings: StoredSettings): string {
  return `${JSON.stringify(settings, null, 2)}\n`;
}
