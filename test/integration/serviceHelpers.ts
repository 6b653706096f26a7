// Shared set-up for the account service's tests: a service on a temporary userDataDir, the events it
// emitted, what it opened, and a real cipher standing in for Electron's safeStorage.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MessengerEvent, SignInRequest, WindowRoute } from '../../app/contract';
import { AccountService, type AccountServiceDeps, type SecretStore } from '../../main/service/accountService';

/** AES-256-GCM with a key that lives only in this process: ciphertext that genuinely hides the password. */
export function testSecrets(): SecretStore {
  const key = randomBytes(32);
  return {
    available: () => true,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), data]);
    },
    decrypt(blob) {
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      decipher.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'butterfly-service-'));
}

export interface TestService {
  service: AccountService;
  dir: string;
  events: MessengerEvent[];
  opened: string[];
  windows: WindowRoute[];
  warnings: string[];
  /** Resolves with the first event (from now on) that matches; rejects after timeoutMs. */
  next<T extends MessengerEvent['type']>(
    type: T,
    match?: (e: Extract<MessengerEvent, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<MessengerEvent, { type: T }>>;
  close(): Promise<void>;
}

export async function makeService(
  deps: Partial<AccountServiceDeps> = {},
  dir?: string,
): Promise<TestService> {
  const userDataDir = dir ?? (await tempDir());
  const opened: string[] = [];
  const windows: WindowRoute[] = [];
  const warnings: string[] = [];
  const events: MessengerEvent[] = [];
  const service = new AccountService({
    userDataDir,
    environment: 'desktop',
    version: 'test',
    openExternal: async (url) => {
      opened.push(url);
    },
    openWindow: async (route) => {
      windows.push(route);
    },
    session: { keepAliveMs: 0, requestTimeoutMs: 5_000, connectTimeoutMs: 5_000 },
    sandbox: { greetingDelayMs: null, mood: { minMs: 3_600_000, maxMs: 3_600_000 } },
    warn: (w) => warnings.push(w),
    ...deps,
  });
  service.subscribe((e) => events.push(e));
  return {
    service,
    dir: userDataDir,
    events,
    opened,
    windows,
    warnings,
    next(type, match = () => true, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`no matching ${type} event within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = service.subscribe((e) => {
          if (e.type !== type || !match(e as never)) return;
          clearTimeout(timer);
          off();
          resolve(e as never);
        });
      });
    },
    async close() {
      await service.close();
      if (!dir) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export function request(
  email: string,
  password: string,
  server: string,
  extra: Partial<SignInRequest> = {},
): SignInRequest {
  return { email, password, server, protocols: [], status: 'NLN', remember: false, ...extra };
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
