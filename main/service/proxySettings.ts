// Options ▸ Connection's proxy: the one check for what the settings file and a window may hold, the key
// its password is kept under, and the engine's ProxyConfig for a sign-in.
import { SANDBOX_SERVER, type ProxyKind, type ProxyPatch, type ProxySettings } from '../../app/contract';
import type { ProxyConfig } from '../msnp/proxy';
import type { PasswordVault } from './passwordVault';
import type { SettingsStore } from './settingsStore';

/** What is stored: ProxySettings without hasPassword, which is worked out from the vault. */
export type StoredProxy = Omit<ProxySettings, 'hasPassword'>;

export const PROXY_KINDS: readonly ProxyKind[] = ['none', 'socks4', 'socks5', 'http'];

export function defaultProxy(): StoredProxy {
  return { type: 'none', host: '', port: 1080, user: '' };
}

/** SOCKS 5 carries a user name and a password in at most 255 bytes each (RFC 1929). */
const MAX_CREDENTIAL_BYTES = 255;
const HOST = /^(?:[\w-]+(?:\.[\w-]+)*\.?|\[?[0-9a-f:.]+\]?)$/i;

/** The proxy as given, checked; a sentence saying what is wrong with it otherwise. */
export function checkProxy(v: unknown): StoredProxy | string {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'The proxy setting is missing.';
  const own = (key: string): unknown =>
    Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined;
  const type = own('type');
  if (typeof type !== 'string' || !(PROXY_KINDS as readonly string[]).includes(type))
    return 'The proxy is None, SOCKS 4, SOCKS 5 or HTTP.';
  const host = own('host');
  const port = own('port');
  const user = own('user');
  if (typeof host !== 'string' || typeof user !== 'string' || typeof port !== 'number')
    return 'The proxy setting is incomplete.';
  const trimmed = host.trim();
  if (trimmed.length > 255 || (trimmed !== '' && (!HOST.test(trimmed) || trimmed.startsWith('-'))))
    return 'That is not a proxy server address. Type a host name or an IP address.';
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return 'The proxy port is a number from 1 to 65535.';
  if (Buffer.byteLength(user, 'utf8') > MAX_CREDENTIAL_BYTES || /[\0\r\n]/.test(user))
    return 'That proxy user name is too long.';
  if (type !== 'none' && trimmed === '') return 'Type the address of the proxy server.';
  return { type: type as ProxyKind, host: trimmed.replace(/^\[|\]$/g, ''), port, user };
}

/** A proxy password as a window may send it; a sentence when it cannot be one. */
export function checkProxyPassword(v: unknown): string | { error: string } {
  if (typeof v !== 'string') return { error: 'The proxy password must be text.' };
  if (Buffer.byteLength(v, 'utf8') > MAX_CREDENTIAL_BYTES || v.includes('\0'))
    return { error: 'That proxy password is too long.' };
  return v;
}

/** The vault's key for the proxy's password: a password kept for one proxy and user goes to no other. */
export function proxyKey(p: StoredProxy): string {
  return `${p.type} ${p.host}:${p.port} ${p.user}`;
}

/**
 * The proxy a sign-in to `server` goes through, with its password; undefined for none. The built-in
 * sandbox runs inside Butterfly, on this computer, where a proxy elsewhere could not reach it.
 */
export function proxyFor(p: StoredProxy, vault: PasswordVault, server: string): ProxyConfig | undefined {
  if (p.type === 'none' || p.host === '' || server === SANDBOX_SERVER) return undefined;
  const password = p.type === 'socks4' ? undefined : (vault.proxyPassword(proxyKey(p)) ?? undefined);
  return { type: p.type, host: p.host, port: p.port, user: p.user || undefined, password };
}

/** Options ▸ Connection applied: the proxy stored, its password kept, replaced or forgotten. */
export async function saveProxy(
  store: SettingsStore,
  vault: PasswordVault,
  patch: ProxyPatch,
): Promise<void> {
  const { password, ...proxy } = patch;
  const before = proxyKey(store.value.proxy);
  const key = proxyKey(proxy);
  await store.update((s) => {
    s.proxy = proxy;
  });
  if (proxy.type === 'none') {
    // Turned off for a while: the password stays kept for the proxy turned back on, unless Forget said so.
    if (password === '') await vault.setProxyPassword(before, '');
    return;
  }
  // SOCKS 4 takes no password; another proxy or user never inherits the last one's.
  if (password !== undefined) await vault.setProxyPassword(key, proxy.type === 'socks4' ? '' : password);
  else if (key !== before && vault.hasProxyPassword(before)) await vault.setProxyPassword(key, '');
}

/** The proxy as the windows see it: whether a password is kept, never the password. */
export function proxyView(p: StoredProxy, vault: PasswordVault): ProxySettings {
  return { ...p, hasPassword: vault.hasProxyPassword(proxyKey(p)) };
}
