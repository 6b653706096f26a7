// Remembered passwords: only ever stored encrypted by the operating system's secret store (Electron's
// safeStorage), as base64 ciphertext per server and address in userDataDir/secrets.json. Keyed by server
// too, so a password remembered for one server is never sent to another one the user picks later. Without a secret store
// (browser mode) nothing is remembered. Passwords never leave this module except to sign in.
import path from 'node:path';
import { errorMessage } from '../msnp/errors';
import { FileWriter, readTextIfExists } from './atomicFile';

/** What Electron's safeStorage offers; tests pass a real cipher with a random key. */
export interface SecretStore {
  /** Whether encryption works on this machine now (on Linux it needs a keyring). */
  available(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export class PasswordVault {
  readonly file: string;
  private readonly writer: FileWriter;
  /** "server address" (address lower-cased) -> base64 ciphertext. */
  private entries = new Map<string, string>();
  /**
   * Options ▸ Connection's proxy password, for one proxy and user (`key`): encrypted like the others and
   * saved with them where the system can encrypt; elsewhere (browser mode) only in memory, until the service stops.
   */
  private proxy: { key: string; cipher?: string; plain?: string } | null = null;

  constructor(
    userDataDir: string,
    private readonly secrets: SecretStore | undefined,
    private readonly warn: (message: string) => void,
  ) {
    this.file = path.join(userDataDir, 'secrets.json');
    this.writer = new FileWriter(this.file, warn);
    this.load();
  }

  get canRemember(): boolean {
    try {
      return this.secrets?.available() ?? false;
    } catch {
      return false;
    }
  }

  private load(): void {
    let text: string | null;
    try {
      text = readTextIfExists(this.file);
    } catch (err) {
      this.warn(
        `Could not read secrets.json (${errorMessage(err)}); no password is remembered.`,
      );
      return;
    }
    if (text === null) return;
    try {
      const data = JSON.parse(text) as unknown;
      const passwords =
        typeof data === 'object' && data !== null
          ? (data as Record<string, unknown>)['passwords']
          : undefined;
      if (typeof passwords !== 'object' || passwords === null || Array.isArray(passwords))
        throw new Error('no password table');
      for (const [key, cipher] of Object.entries(passwords)) {
        // Entries without a server (an older layout) are dropped: they cannot say where they belong.
        if (typeof cipher === 'string' && BASE64.test(cipher) && key.includes(' '))
          this.entries.set(key, cipher);
      }
      const proxy = (data as Record<string, unknown>)['proxy'];
      if (typeof proxy === 'object' && proxy !== null) {
        const { key, cipher } = proxy as Record<string, unknown>;
        if (typeof key === 'string' && typeof cipher === 'string' && BASE64.test(cipher)) this.proxy = { key, cipher };
      }
    } catch {
      this.warn('secrets.json was damaged, so the remembered passwords were forgotten.');
      this.entries.clear();
      void this.save();
    }
  }

  has(server: string, email: string): boolean {
    return this.canRemember && this.entries.has(keyOf(server, email));
  }

  /** The password remembered for this address on this server, or null when there is none or it cannot be decrypted. */
  get(server: string, email: string): string | null {
    const cipher = this.entries.get(keyOf(server, email));
    if (cipher === undefined || !this.secrets || !this.canRemember) return null;
    try {
      return this.secrets.decrypt(Buffer.from(cipher, 'base64'));
    } catch {
      this.warn(
        'A remembered password could not be decrypted (the system keyring may have changed); it was forgotten.',
      );
      this.entries.delete(keyOf(server, email));
      void this.save();
      return null;
    }
  }

  /** Keeps the password encrypted; does nothing where the system cannot encrypt. */
  async remember(server: string, email: string, password: string): Promise<void> {
    if (!this.secrets || !this.canRemember || password === '') return;
    const cipher = this.secrets.encrypt(password).toString('base64');
    if (this.entries.get(keyOf(server, email)) === cipher) return;
    this.entries.set(keyOf(server, email), cipher);
    await this.save();
  }

  /** Forgets this address's password on one server, or on every server when none is named. */
  async forget(email: string, server?: string): Promise<void> {
    const suffix = ` ${email.toLowerCase()}`;
    let changed = false;
    for (const key of [...this.entries.keys()]) {
      if (server === undefined ? key.endsWith(suffix) : key === keyOf(server, email))
        changed = this.entries.delete(key) || changed;
    }
    if (changed) await this.save();
  }

  hasProxyPassword(key: string): boolean {
    return this.proxy?.key === key;
  }

  /** The proxy's password kept for this proxy and user, or null. */
  proxyPassword(key: string): string | null {
    const kept = this.proxy;
    if (!kept || kept.key !== key) return null;
    if (kept.plain !== undefined) return kept.plain;
    try {
      if (!this.secrets || !this.canRemember || kept.cipher === undefined) return null;
      return this.secrets.decrypt(Buffer.from(kept.cipher, 'base64'));
    } catch {
      this.warn('The proxy password could not be decrypted (the system keyring may have changed); it was forgotten.');
      this.proxy = null;
      void this.save();
      return null;
    }
  }

  /** Keeps the proxy's password for this proxy and user (replacing any other); '' forgets it. */
  async setProxyPassword(key: string, password: string): Promise<void> {
    const onDisk = this.proxy?.cipher !== undefined;
    if (password === '') this.proxy = null;
    else if (this.secrets && this.canRemember) this.proxy = { key, cipher: this.secrets.encrypt(password).toString('base64') };
    else this.proxy = { key, plain: password };
    if (onDisk || this.proxy?.cipher !== undefined) await this.save();
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  private save(): Promise<void> {
    const proxy = this.proxy?.cipher !== undefined ? { key: this.proxy.key, cipher: this.proxy.cipher } : undefined;
    return this.writer.write(`${JSON.stringify({ passwords: Object.fromEntries(this.entries), proxy }, null, 2)}\n`);
  }
}

function keyOf(server: string, email: string): string {
  return `${server} ${email.toLowerCase()}`;
}
