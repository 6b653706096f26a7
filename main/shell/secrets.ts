// Remembered passwords are kept only where the OS encrypts them (Electron's safeStorage). Pure over a
// safeStorage-shaped object, so the rule is unit-tested without Electron.
import type { SecretStore } from '../service/passwordVault';

/** The part of Electron's safeStorage this uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

// On Linux without a keyring, safeStorage "encrypts" with a hard-coded key (basic_text): that is not keeping
// a password safe, so Butterfly does not offer to remember one there.
const WEAK_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

export function safeStorageSecrets(storage: SafeStorageLike, platform: NodeJS.Platform): SecretStore {
  return {
    available(): boolean {
      if (!storage.isEncryptionAvailable()) return false;
      if (platform !== 'linux') return true;
      const backend = storage.getSelectedStorageBackend?.() ?? 'unknown';
      return !WEAK_LINUX_BACKENDS.has(backend);
    },
    encrypt: (plain) => storage.encryptString(plain),
    decrypt: (encrypted) => storage.decryptString(encrypted),
  };
}
