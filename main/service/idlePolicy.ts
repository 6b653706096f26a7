// Automatic Idle, as 3.0 had it: after some minutes without keyboard or mouse input, Online becomes Idle, and
// the first input puts the status back. Only an Online status goes idle: a status chosen by hand (Busy, Away
// ...) is never overridden, and one chosen while idle stays (the return is cancelled). Both the desktop
// (the system's idle time, polled by the shell) and browser mode (the page's input) report how long it has
// been since the last input; this decides what that means. No clock of its own: the reports are the clock.
import type { Status } from '../../app/types';
import { errorMessage } from '../msnp/errors';
import type { NotificationSession } from '../msnp/notificationSession';

export interface IdleSettings {
  idleAway: boolean;
  idleMinutes: number;
}

export class IdlePolicy {
  /** The status to put back on input, while the idle status is ours; null otherwise. */
  private returnTo: Status | null = null;

  /**
   * What the status should become now, or null to leave it: `idleMs` is the time since the last input,
   * `current` the status the server holds.
   */
  decide(idleMs: number, settings: IdleSettings, current: Status): Status | null {
    const idle = settings.idleAway && idleMs >= settings.idleMinutes * 60_000;
    if (this.returnTo === null) {
      if (!idle || current !== 'NLN') return null;
      this.returnTo = current;
      return 'IDL';
    }
    // Someone else changed the status meanwhile (a choice in another window, the server): it stays.
    if (current !== 'IDL') {
      this.returnTo = null;
      return null;
    }
    if (idle) return null;
    const back = this.returnTo;
    this.returnTo = null;
    return back;
  }

  /** The person chose a status by hand: any return from idle is cancelled. */
  chosen(): void {
    this.returnTo = null;
  }

  /** Whether the idle status showing now was set by this policy. */
  get idle(): boolean {
    return this.returnTo !== null;
  }
}

/** The policy applied to the signed-in session: one status change at a time, a failure only warned about. */
export class AutoIdle {
  private readonly policy = new IdlePolicy();
  private changing = false;

  constructor(
    private readonly deps: {
      online: () => NotificationSession | null;
      settings: () => IdleSettings;
      warn: (message: string) => void;
    },
  ) {}

  async report(idleMs: number): Promise<void> {
    const ns = this.deps.online();
    // A report while a change is on its way would read the status before it: the next report decides.
    if (!ns || this.changing) return;
    const next = this.policy.decide(idleMs, this.deps.settings(), ns.state.self.status);
    if (next === null) return;
    this.changing = true;
    try {
      await ns.setStatusRequest(next);
    } catch (err) {
      // No window asked for this; the status stays as the server has it, and the policy starts afresh.
      this.policy.chosen();
      this.deps.warn(`Could not change the status to ${next} after inactivity: ${errorMessage(err)}`);
    } finally {
      this.changing = false;
    }
  }

  chosen(): void {
    this.policy.chosen();
  }
}
