/**
 * `npm run bench:webhook [-- --json] [--rate 1] [--seconds 120] [--burst 100] [--plan pro]
 * [--window-ms 60000]`: time to triage with the Freshdesk webhook trigger. The local runner with
 * `webhooks` on; tickets arrive in the embedded sandbox as a requester's would, first at a steady
 * rate, then as one burst with the plan's rate limits on. For each ticket: milliseconds from its
 * creation to its triage note; at the end, tickets with more than one note (duplicates), without
 * one (missed), the API's 429 answers and the chain's errors. No cron runs during the measurement.
 */
import { z } from 'zod';
import { isTriageNote } from '../shared/contract';
import { parseCli, usageError } from '../tools/cli-args';
import { Plan } from '../tools/freshdesk-sandbox/rate-limiter';
import { startRunner, type Runner } from '../tools/runner/index';

export interface TriageTimes {
  tickets: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  duplicates: number;
  missed: number;
  seconds: number;
}

export interface WebhookBench {
  plan: string;
  windowMs: number;
  steady: TriageTimes & { ratePerSec: number };
  burst: TriageTimes & { rateLimited: number; webhookFailures: number };
  /** Function calls through the gateway that answered 4xx/5xx, over both phases. */
  chainErrors: number;
}

const quantile = (sorted: number[], q: number): number =>
  sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!) : Number.NaN;

/** Watches the sandbox until each ticket has its triage note; resolves with per-ticket latencies. */
function watchNotes(
  runner: Runner,
  log: (s: string) => void,
): { expect(id: number, createdAt: number): void; settle(timeoutMs: number): Promise<TriageTimes> } {
  const sb = runner.sandbox!;
  const pending = new Map<number, number>();
  const latencies = new Map<number, number>();
  const started = performance.now();
  const hasNote = (id: number) => sb.store.notes(id).some((n) => isTriageNote(n.body));
  sb.store.onChange(() => {
    for (const [id, at] of pending) {
      if (!hasNote(id)) continue;
      latencies.set(id, performance.now() - at);
      pending.delete(id);
    }
  });
  return {
    expect: (id, createdAt) => void pending.set(id, createdAt),
    async settle(timeoutMs) {
      const end = Date.now() + timeoutMs;
      let shown = -1;
      while (pending.size > 0 && Date.now() < end) {
        if (pending.size !== shown && pending.size % 10 === 0) log(`  ${pending.size} still without a note`);
        shown = pending.size;
        await new Promise((r) => setTimeout(r, 100));
      }
      await runner.drain();
      const ids = [...latencies.keys(), ...pending.keys()];
      const sorted = [...latencies.values()].sort((a, b) => a - b);
      return {
        tickets: ids.length,
        p50Ms: quantile(sorted, 0.5),
        p95Ms: quantile(sorted, 0.95),
        maxMs: Math.round(sorted.at(-1) ?? Number.NaN),
        duplicates: ids.filter((id) => sb.store.notes(id).filter((n) => isTriageNote(n.body)).length > 1).length,
        missed: pending.size,
        seconds: Math.round((performance.now() - started) / 100) / 10,
      };
    },
  };
}

const ticket = (i: number) => ({
  subject: `Order ${i}: invoice shows the wrong amount`,
  description: `Hello, our invoice for order ${i} lists 12 licences but we only have 10. Please correct it before the payment run.`,
  email: `customer${i % 50}@example.com`,
});

export async function runWebhookBench(
  o: { ratePerSec: number; seconds: number; burst: number; plan: Plan; windowMs: number },
  log: (s: string) => void = () => undefined,
): Promise<WebhookBench> {
  let chainErrors = 0;
  const runner = await startRunner({
    port: 0,
    onExchange: (e) => {
      if (e.status >= 400) chainErrors += 1;
    },
    sandbox: { seed: 'empty', plan: o.plan, windowMs: o.windowMs },
    webhooks: true,
    queueConcurrency: 4,
    env: { FRESHDESK_RATE_WINDOW_MS: String(o.windowMs) },
  });
  try {
    const sb = runner.sandbox!;
    const total = Math.round(o.ratePerSec * o.seconds);
    log(`steady: ${total} tickets at ${o.ratePerSec}/s…`);
    const steadyWatch = watchNotes(runner, log);
    const t0 = performance.now();
    for (let i = 0; i < total; i += 1) {
      const wait = t0 + (i * 1000) / o.ratePerSec - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const [t] = sb.createTickets([ticket(i)]);
      steadyWatch.expect(t!.id, performance.now());
      if ((i + 1) % 10 === 0) log(`  ${i + 1}/${total} created`);
    }
    const steady = await steadyWatch.settle(60_000);
    // The burst starts with a fresh rate-limit window, as after a quiet minute.
    sb.limiter.reset();
    const before = sb.requestLog().length;
    const deliveriesBefore = sb.webhookDeliveries().length;
    log(`burst: ${o.burst} tickets at once, plan ${o.plan}…`);
    const burstWatch = watchNotes(runner, log);
    const now = performance.now();
    for (const t of sb.createTickets(Array.from({ length: o.burst }, (_, i) => ticket(total + i))))
      burstWatch.expect(t.id, now);
    const burst = await burstWatch.settle(Math.min(600_000, Math.max(60_000, 5 * o.windowMs)));
    const deliveries = sb.webhookDeliveries().slice(deliveriesBefore);
    return {
      plan: o.plan,
      windowMs: o.windowMs,
      steady: { ...steady, ratePerSec: o.ratePerSec },
      burst: {
        ...burst,
        rateLimited: sb
          .requestLog()
          .slice(before)
          .filter((r) => r.status === 429).length,
        webhookFailures: deliveries.filter((d) => d.outcome !== 'delivered').length,
      },
      chainErrors,
    };
  } finally {
    await runner.close();
  }
}

const CLI = {
  name: 'bench:webhook',
  usage:
    'usage: npm run bench:webhook -- [--json] [--rate 1] [--seconds 120] [--burst 100] [--plan pro] [--window-ms 60000]',
};
const Args = z.object({
  rate: z.coerce.number().positive().max(100),
  seconds: z.coerce.number().int().min(1).max(3600),
  burst: z.coerce.number().int().min(0).max(5000),
  plan: Plan,
  'window-ms': z.coerce.number().int().min(100),
});

async function main(): Promise<void> {
  const values = parseCli(CLI, {
    json: { type: 'boolean', default: false },
    rate: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '120' },
    burst: { type: 'string', default: '100' },
    plan: { type: 'string', default: 'pro' },
    'window-ms': { type: 'string', default: '60000' },
  });
  const a = Args.safeParse(values);
  if (!a.success) usageError(CLI, a.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  const say = (s: string) => void (values.json ? undefined : process.stderr.write(`${s}\n`));
  const r = await runWebhookBench(
    {
      ratePerSec: a.data.rate,
      seconds: a.data.seconds,
      burst: a.data.burst,
      plan: a.data.plan,
      windowMs: a.data['window-ms'],
    },
    say,
  );
  if (values.json)
    return void console.log(
      JSON.stringify({
        webhook: {
          tickets: r.steady.tickets,
          p50Ms: r.steady.p50Ms,
          p95Ms: r.steady.p95Ms,
          duplicates: r.steady.duplicates,
          missed: r.steady.missed,
          ...r,
        },
      }),
    );
  const rows: [string, string][] = [
    [`steady ${r.steady.ratePerSec}/s: tickets`, String(r.steady.tickets)],
    ['  creation → note p50 / p95 / max', `${r.steady.p50Ms} / ${r.steady.p95Ms} / ${r.steady.maxMs} ms`],
    ['  duplicates / missed', `${r.steady.duplicates} / ${r.steady.missed}`],
    [`burst of ${r.burst.tickets} (plan ${r.plan}, ${r.windowMs} ms window)`, `all noted after ${r.burst.maxMs} ms`],
    ['  creation → note p50 / p95', `${r.burst.p50Ms} / ${r.burst.p95Ms} ms`],
    ['  duplicates / missed', `${r.burst.duplicates} / ${r.burst.missed}`],
    ['  429 answers (waited out) / failed webhooks', `${r.burst.rateLimited} / ${r.burst.webhookFailures}`],
    ['function calls that failed (both phases)', String(r.chainErrors)],
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(46)} ${v}`);
}

if (process.argv[1]?.endsWith('webhook.ts')) {
  main().catch((err: unknown) => {
    console.error(`bench:webhook: ${(err as Error).message}`);
    process.exit(1);
  });
}
