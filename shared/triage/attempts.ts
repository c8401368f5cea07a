/**
 * How often fetch-tickets has handed each ticket on without it coming back triaged, and the
 * dead-letter list: after `maxAttempts` hand-overs a ticket is no longer dispatched (it would fail
 * the same way and spend the API budget every cycle) until it changes (its `updated_at` moves,
 * e.g. an agent filled the field whose absence failed the PUT). In process memory: fetch-tickets
 * runs as one replica; a restart forgets the counts and gives every ticket its tries again.
 */
export interface DeadLetter {
  ticketId: number;
  attempts: number;
}

interface Entry {
  attempts: number;
  /** `updated_at` when the ticket was dead-lettered. */
  deadAt?: string;
}

/** Bound on tracked tickets: the oldest entries go first. */
const MAX_TRACKED = 50_000;

export class AttemptTracker {
  private readonly entries = new Map<number, Entry>();

  constructor(readonly maxAttempts: number) {}

  /** The ticket came back triaged (or left the selection): forget it. */
  done(id: number): void {
    this.entries.delete(id);
  }

  /** Whether the ticket is dead-lettered now; a change since then releases it. */
  isDead(id: number, updatedAt: string): boolean {
    const e = this.entries.get(id);
    if (!e?.deadAt) return false;
    if (e.deadAt !== updatedAt) {
      this.entries.delete(id);
      return false;
    }
    return true;
  }

  /** Counts a hand-over; at `maxAttempts` the ticket is dead-lettered at this `updated_at`. */
  dispatched(id: number, updatedAt: string): void {
    const e = this.entries.get(id) ?? { attempts: 0 };
    this.entries.delete(id);
    e.attempts += 1;
    if (e.attempts >= this.maxAttempts) e.deadAt = updatedAt;
    this.entries.set(id, e);
    if (this.entries.size > MAX_TRACKED) this.entries.delete(this.entries.keys().next().value!);
  }

  deadLetters(): DeadLetter[] {
    return [...this.entries]
      .filter(([, e]) => e.deadAt !== undefined)
      .map(([ticketId, e]) => ({ ticketId, attempts: e.attempts }));
  }
}
