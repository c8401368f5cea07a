/**
 * Unsigned triggers cannot burn the API budget. The cron connector's empty POST cannot sign, so
 * anyone who reaches the gateway can send it; each one used to cost a whole cycle of Freshdesk
 * calls (50 in a row: 708 calls). With signing on, an unsigned trigger now runs a cycle only when
 * none is running and the last one started at least `minIntervalMs` ago (default: half the cron
 * period); otherwise it answers 429 with Retry-After and touches nothing. Signed calls (a person
 * with the secret, the local runner's own cycles) are not limited here.
 * With signing off every caller is unsigned anyway and this gate would protect nothing, so it is
 * not applied (SIGNING=off is printed as a warning by the runner).
 */
import { InputError } from '@shared/http';

export class TriggerGate {
  private running = false;
  private lastStartMs = Number.NEGATIVE_INFINITY;
  /** Triggers refused so far (tests and logs count them). */
  refused = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Admits one unsigned cycle or throws a 429 InputError; call the returned function when it ends. */
  admit(minIntervalMs: number): () => void {
    const t = this.now();
    if (this.running) {
      this.refused += 1;
      throw new InputError('a cycle is already running: this unsigned trigger was skipped', 429, {
        retryAfterSeconds: 1,
      });
    }
    const wait = this.lastStartMs + minIntervalMs - t;
    if (wait > 0) {
      this.refused += 1;
      throw new InputError(
        `the last unsigned trigger started a cycle ${Math.round((t - this.lastStartMs) / 1000)} s ago: the next one runs in ${Math.ceil(wait / 1000)} s at the earliest (UNSIGNED_TRIGGER_MIN_INTERVAL_SECONDS)`,
        429,
        { retryAfterSeconds: Math.ceil(wait / 1000) },
      );
    }
    this.running = true;
    this.lastStartMs = t;
    return () => {
      this.running = false;
    };
  }
}
