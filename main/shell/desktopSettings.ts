// What Options ▸ Preferences means to the desktop shell, pure so it is unit-tested: whether closing a
// window quits, whether the login item needs setting, and how often the system's idle time is read.
import type { Settings, WindowRoute } from '../../app/contract';

/** How often the shell reads the system's idle time for Automatic Idle (idlePolicy.ts decides). */
export const IDLE_POLL_MS = 5000;

/** Electron's login items exist on Windows and macOS only. */
export function canRunAtStartup(platform: NodeJS.Platform): boolean {
  return platform === 'win32' || platform === 'darwin';
}

/** Without "run in the background", closing the contact list quits, as 3.0 did; with it, the tray keeps it. */
export function quitsOnClose(route: WindowRoute, settings: Pick<Settings, 'runInBackground'>): boolean {
  return route.kind === 'contactList' && !settings.runInBackground;
}

/** The login item to set, when the setting differs from what was last set (null: leave it). */
export function loginItemChange(
  lastSet: boolean | null,
  settings: Pick<Settings, 'runAtStartup' | 'runAtStartupSupported'>,
): boolean | null {
  if (!settings.runAtStartupSupported || settings.runAtStartup === lastSet) return null;
  return settings.runAtStartup;
}

/** Names how long a toast stays, in seconds (1 to 3600), for demos and the desktop test; unset keeps 5 s. */
export const TOAST_SECONDS_ENV = 'BUTTERFLY_TOAST_SECONDS';

/** The toast lifetime BUTTERFLY_TOAST_SECONDS asks for (ms), or undefined when unset or not a sane number. */
export function toastLifetimeFromEnv(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const raw = env[TOAST_SECONDS_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  const s = Number(raw);
  return Number.isFinite(s) && s >= 1 && s <= 3600 ? Math.round(s * 1000) : undefined;
}
