/**
 * Pipeline throughput against the rate limit: the local runner in its cluster-like async mode, a
 * sandbox on a plan preset with a short window, N generated tickets. Reports tickets triaged per
 * window against the theoretical maximum for this design's calls per ticket, 429s, lost tickets,
 * API calls per triaged ticket, and the peak memory of each function process.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_MARKER_TAG, isTriageNote, versionTag } from '../shared/contract';
import { startRunner } from '../tools/runner/index';
import { PLAN_LIMITS, type Plan } from '../tools/freshdesk-sandbox/rate-limiter';
import { DESIGN_CALLS, theoreticalPerWindow } from './rate-budget';

export interface PipelineBench {
  tickets: number;
  plan: string;
  windowMs: number;
  perWindow: number;
  theoreticalPerWindow: number;
  ratio: number;
  lost: number;
  rateLimited: number;
  callsPerTicket: number;
  cycles: number;
  seconds: number;
  rssMb: Record<string, number>;
  httpClassify: { p50Ms: number; p99Ms: number };
}

/** Peak resident memory of a process (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
}

/**
 * Calls per ticket of this design: list pages (1 call per 100 tickets, 3 credits with the
 * descriptions), two GETs with the conversations (2 credits each: the first finds an existing note
 * and an agent's change, the second, after the note, catches a concurrent writer's note and gives
 * the fresh read right before the PUT), one PUT, one note POST. GET /agents/me once per process.
 */
export const CALLS = { ...DESIGN_CALLS, accountOnly: DESIGN_CALLS.accountOnly + 4 };

export async function runPipelineBench(
  tickets = 1000,
  plan: Plan = 'growth',
  windowMs = 1000,
  log: (s: string) => void = () => undefined,
): Promise<PipelineBench> {
  const runner = await startRunner({
    port: 0,
    sandbox: { seed: 'empty', plan, windowMs },
    env: {
      FRESHDESK_RATE_WINDOW_MS: String(windowMs),
      MAX_TICKETS_PER_RUN: '100000',
      LOOKBACK_MINUTES: String(7 * 24 * 60),
    },
    queueConcurrency: 4,
  });
  try {
    const sb = runner.sandbox!;
    sb.generateTickets({ count: tickets, seed: 11, spreadHours: 48 });
    // HTTP latency of classify-ticket through the gateway, before the pipeline loads the machine.
    const times: number[] = [];
    for (let i = 0; i < 300; i += 1) {
      const s = performance.now();
      const r = await fetch(`${runner.gatewayUrl}/function/classify-ticket`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: `Invoice question ${i}\nOur invoice ${i} was charged twice, please check.`,
      });
      await r.text();
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    sb.limiter.reset();
    const logStart = sb.requestLog().length;
    const started = performance.now();
    let cycles = 0;
    let triaged = 0;
    while (cycles < 20) {
      cycles += 1;
      const s = await runner.runCycle();
      triaged += s.triaged;
      log(`cycle ${cycles}: triaged ${s.triaged} (total ${triaged}/${tickets}), errors ${s.errors.length}`);
      if (s.eligible === 0) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const api = sb.requestLog().slice(logStart);
    const marker = versionTag(DEFAULT_MARKER_TAG, runner.envs.get('fetch-tickets')?.MODEL_VERSION ?? '');
    const done = sb.store
      .tickets()
      .filter(
        (t) => t.tags.includes(marker) && sb.store.notes(t.id).filter((n) => isTriageNote(n.body)).length === 1,
      ).length;
    const perWindow = triaged / ((seconds * 1000) / windowMs);
    const theory = theoreticalPerWindow(PLAN_LIMITS[plan], CALLS);
    const rssMb = Object.fromEntries(runner.processes.map((p) => [p.name, peakRssMb(p.child.pid!)]));
    return {
      tickets,
      plan,
      windowMs,
      perWindow: Math.round(perWindow * 10) / 10,
      theoreticalPerWindow: theory,
      ratio: Math.round((perWindow / theory) * 1000) / 1000,
      lost: tickets - done,
      rateLimited: api.filter((r) => r.status === 429).length,
      callsPerTicket: Math.round((api.length / Math.max(1, triaged)) * 100) / 100,
      cycles,
      seconds: Math.round(seconds * 10) / 10,
      rssMb,
      httpClassify: {
        p50Ms: Math.round(times[Math.floor(times.length / 2)]! * 1000) / 1000,
        p99Ms: Math.round(times[Math.floor(times.length * 0.99)]! * 1000) / 1000,
      },
    };
  } finally {
    await runner.close();
  }
}
