// Browser mode's stand-in for quitting the desktop app. Closing the last tab leaves the account signed in
// on the service (a reload or another tab picks it up where it was), so once no page has been connected for
// the set time the service signs out, as the desktop app does when it quits. A page back in time stops it.

/** The timer functions it uses; tests pass a fake clock. */
export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_TIMERS: Timers = {
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface UnattendedSignOutOptions {
  /** How long no page may be connected before signing out; 0 never signs out. */
  afterMs: number;
  /** Whether an account is signed in (or signing in, or reconnecting): only then is there anything to end. */
  signedIn(): Promise<boolean>;
  signOut(): Promise<void>;
  log(message: string): void;
  timers?: Timers;
}

export class UnattendedSignOut {
  private timer: unknown = null;
  private closed = false;
  private readonly timers: Timers;

  constructor(private readonly options: UnattendedSignOutOptions) {
    this.timers = options.timers ?? REAL_TIMERS;
  }

  /** The number of pages connected changed. */
  pages(count: number): void {
    if (count > 0) {
      this.cancel();
      return;
    }
    if (this.closed || this.options.afterMs <= 0 || this.timer !== null) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.expire();
    }, this.options.afterMs);
  }

  /** For good: browser mode is closing, which signs out anyway. */
  close(): void {
    this.closed = true;
    this.cancel();
  }

  private cancel(): void {
    if (this.timer === null) return;
    this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private async expire(): Promise<void> {
    const { options } = this;
    try {
      if (!(await options.signedIn())) return;
      const minutes = Math.round((options.afterMs / 60_000) * 10) / 10;
      options.log(`Signing out: no page has been open for ${minutes} minute${minutes === 1 ? '' : 's'}.`);
      await options.signOut();
    } catch (err) {
      options.log(`Could not sign out: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
