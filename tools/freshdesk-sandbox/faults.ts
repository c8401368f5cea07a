/**
 * Fault injection for `/api/v2` calls, driven by a seeded PRNG so a test that sets the same seed
 * sees the same faults on the same calls. Configurable at start and at run time (admin API,
 * `setFaults`). Each request draws the same number of random values whatever the outcome, so
 * the sequence only depends on the seed and the call count.
 */
import { z } from 'zod';
import { prng } from './text';

export const FaultConfig = z.strictObject({
  /** PRNG seed; setting faults again restarts the sequence. @default 1 */
  seed: z.number().int().default(1),
  /** Share of calls (0–1) answered with a 5xx from `errorStatuses`. @default 0 */
  errorRate: z.number().min(0).max(1).default(0),
  errorStatuses: z.array(z.number().int().min(500).max(599)).min(1).default([500, 502, 503]),
  /** Added latency before the answer, in ms, plus a uniform 0..`jitterMs`. @default 0 */
  latencyMs: z.number().min(0).max(120_000).default(0),
  jitterMs: z.number().min(0).max(120_000).default(0),
  /** Share of calls whose connection is destroyed before anything is handled. @default 0 */
  dropRate: z.number().min(0).max(1).default(0),
  /**
   * Share of calls handled normally whose response is then lost (socket destroyed): the
   * "note created but response lost" scenario (docs/freshdesk.md#what-the-sandbox-imitates). @default 0
   */
  loseResponseRate: z.number().min(0).max(1).default(0),
  /** After `afterCalls` more calls, the next `count` calls get 429 with `retryAfterSec`. */
  rateLimitBurst: z
    .strictObject({
      count: z.number().int().min(1),
      retryAfterSec: z.number().int().min(0).default(1),
      afterCalls: z.number().int().min(0).default(0),
    })
    .optional(),
  /** Spread the response body over this many ms (chunks with pauses). @default 0 */
  slowBodyMs: z.number().min(0).max(120_000).default(0),
  /** Full outage: every `/api/v2` call fails with `outageStatus`. @default false */
  outage: z.boolean().default(false),
  outageStatus: z.number().int().min(500).max(599).default(503),
});
export type FaultConfig = z.infer<typeof FaultConfig>;
export type FaultInput = z.input<typeof FaultConfig>;

type FaultAction =
  | { kind: 'none' }
  | { kind: 'error'; status: number }
  | { kind: 'drop' }
  | { kind: 'rate-limit'; retryAfterSec: number };

export interface FaultDecision {
  delayMs: number;
  action: FaultAction;
  loseResponse: boolean;
  slowBodyMs: number;
}

export class Faults {
  config: FaultConfig = FaultConfig.parse({});
  private rand: () => number = prng(1);
  private calls = 0;
  private burstLeft = 0;
  private burstStartsAt = 0;
  /** How many faults of each kind were injected (admin API, tests). */
  counts: Record<string, number> = {};

  constructor(input: FaultInput = {}) {
    this.set(input);
  }

  /** Replaces the whole fault configuration (unset keys fall back to "no fault"). */
  set(input: FaultInput): FaultConfig {
    this.config = FaultConfig.parse(input);
    this.rand = prng(this.config.seed);
    this.calls = 0;
    this.counts = {};
    const burst = this.config.rateLimitBurst;
    this.burstLeft = burst?.count ?? 0;
    this.burstStartsAt = burst?.afterCalls ?? 0;
    return this.config;
  }

  decide(): FaultDecision {
    const c = this.config;
    const call = this.calls++;
    // Always five draws per call so the sequence is independent of which faults fire.
    const [jitter, drop, error, pick, lose] = [this.rand(), this.rand(), this.rand(), this.rand(), this.rand()];
    const delayMs = c.latencyMs + Math.round(jitter * c.jitterMs);
    let action: FaultAction = { kind: 'none' };
    if (c.outage) action = { kind: 'error', status: c.outageStatus };
    else if (drop < c.dropRate) action = { kind: 'drop' };
    else if (this.burstLeft > 0 && call >= this.burstStartsAt) {
      this.burstLeft--;
      action = { kind: 'rate-limit', retryAfterSec: c.rateLimitBurst?.retryAfterSec ?? 1 };
    } else if (error < c.errorRate) {
      const statuses = c.errorStatuses;
      action = { kind: 'error', status: statuses[Math.floor(pick * statuses.length)] ?? 500 };
    }
    const loseResponse = action.kind === 'none' && lose < c.loseResponseRate;
    const key = loseResponse ? 'lose-response' : action.kind;
    if (key !== 'none') this.counts[key] = (this.counts[key] ?? 0) + 1;
    return { delayMs, action, loseResponse, slowBodyMs: c.slowBodyMs };
  }

  describe(): { config: FaultConfig; calls: number; injected: Record<string, number>; burstLeft: number } {
    return { config: this.config, calls: this.calls, injected: { ...this.counts }, burstLeft: this.burstLeft };
  }
}
