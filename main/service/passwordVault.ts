// Remembered passwords: only ever stored encrypted by the operating system's secret store (Electron's
// safeStorage), as base64 ciphertext per address in userDataDir/secrets.json. Without a secret store
// (browser mode) nothing is remembered. Passwords never leave this module except to sign in.
import path from 'node:path';
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
  /** Lower-cased address -> base64 ciphertext. */
  private entries = new Map<string, string>();

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
        `Could not read secrets.json (${err instanceof Error ? err.message : String(err)}); no password is remembered.`,
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
      for (const [email, cipher] of Object.entries(passwords)) {
        if (typeof cipher === 'string' && BASE64.test(cipher)) this.entries.set(email.toLowerCase(), cipher);
      }
    } catch {
      this.warn('secrets.json was damaged, so the remembered passwords were forgotten.');
      this.entries.clear();
      void this.save();
    }
  }

  has(email: string): boolean {
    return this.canRemember && this.entries.has(email.toLowerCase());
  }

  /** The remembered password, or null when there is none or it can no longer be decrypted. */
  get(email: string): string | null {
    const cipher = this.entries.get(email.toLowerCase());
    if (cipher === undefined || !this.secrets || !this.canRemember) return null;
    try {
      return this.secrets.decrypt(Buffer.from(cipher, 'base64'));
    } catch {
      this.warn(
        'A remembered password could not be decrypted (the system keyring may have changed); it was forgotten.',
      );
      void this.forget(email);
      return null;
    }
  }

  /** Keeps the password encrypted; does nothing where the system cannot encrypt. */
  async remember(email: string, password: string): Promise<void> {
    if (!this.secrets || !this.canRemember || password === '') return;
    const cipher = this.secrets.encrypt(password).toString('base64');
    if (this.entries.get(email.toLowerCase()) === cipher) return;
    this.entries.set(email.toLowerCase(), cipher);
    await this.save();
  }

  async forget(email: string): Promise<void> {
    if (!this.entries.delete(email.toLowerCase())) return;
    await this.save();
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  private save(): Promise<void> {
    return this.writer.write(`${JSON.stringify({ passwords: Object.fromEntries(this.entries) }, null, 2)}\n`);
  }
}
