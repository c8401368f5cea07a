/**
 * The async queue's bound: calls waiting or running, and their request bytes. Without one, 200
 * calls of 4 MB each grew the runner from 113 to 924 MB. A full queue answers 429 to the caller
 * (who may retry later) instead of taking the call: like a gateway whose NATS queue is at its
 * limit, the caller learns at once rather than the runner failing later.
 * Settings: RUNNER_QUEUE_MAX_CALLS (default 10,000: a 500-ticket burst twice over and more) and
 * RUNNER_QUEUE_MAX_BYTES (default 64 MiB).
 */
const DEFAULT_QUEUE_MAX_CALLS = 10_000;
const DEFAULT_QUEUE_MAX_BYTES = 64 * 1024 * 1024;

export class QueueBounds {
  private calls = 0;
  private bytes = 0;
  /** Calls refused because the queue was full. */
  refused = 0;
  /** The most bytes ever held at once (tests check it stays within maxBytes). */
  peakBytes = 0;

  constructor(
    readonly maxCalls = DEFAULT_QUEUE_MAX_CALLS,
    readonly maxBytes = DEFAULT_QUEUE_MAX_BYTES,
  ) {}

  /** Takes `count` deliveries of a `bytes`-long body if they fit; false (and nothing taken) if not. */
  admit(bytes: number, count = 1): boolean {
    if (this.calls + count > this.maxCalls || this.bytes + bytes * count > this.maxBytes) {
      this.refused += 1;
      return false;
    }
    this.calls += count;
    this.bytes += bytes * count;
    this.peakBytes = Math.max(this.peakBytes, this.bytes);
    return true;
  }

  /** One delivery finished (answered and called back, or failed). */
  release(bytes: number): void {
    this.calls -= 1;
    this.bytes -= bytes;
  }

  /** The 429 answer's text. */
  describe(): string {
    return `the async queue is full (${this.calls} calls, ${this.bytes} bytes; limits RUNNER_QUEUE_MAX_CALLS=${this.maxCalls}, RUNNER_QUEUE_MAX_BYTES=${this.maxBytes}): retry later`;
  }

  static fromEnv(env: Record<string, string | undefined>): QueueBounds {
    const n = (v: string | undefined, d: number) => (v && Number(v) > 0 ? Math.floor(Number(v)) : d);
    return new QueueBounds(
      n(env.RUNNER_QUEUE_MAX_CALLS, DEFAULT_QUEUE_MAX_CALLS),
      n(env.RUNNER_QUEUE_MAX_BYTES, DEFAULT_QUEUE_MAX_BYTES),
    );
  }
}
