/**
 * The drift watch: is the live model still right for this help desk? It compares the first days
 * after go-live (the baseline) with the most recent days, on what agents did with the product's
 * work, and on what agents decided that the model cannot say:
 *   - per head, the share of applied values agents changed (override rate) rising;
 *   - the share of triaged tickets sent to review rising;
 *   - agent labels (a group, a type) that the model has no class for.
 * Any of them says: retrain. Pure over tickets already read (readTriaged), so it is tested on
 * the sandbox's generated history and reads any help desk the same way.
 */
import type { TicketSnapshot } from '@shared/ticket-system';
import type { TriagedTicket } from '../overrides/triaged';
import { overridden } from '../overrides/triaged';

export interface DriftRules {
  /** Days after go-live that set the baseline. @default 14 */
  baselineDays: number;
  /** The most recent days, compared with it. @default 14 */
  recentDays: number;
  /** An override rate or review share this much above the baseline (absolute) is drift. @default 0.05 */
  maxRise: number;
  /** Fewer applied values than this in a window: no verdict for that head. @default 20 */
  minApplied: number;
  /** An unknown agent label seen this often in the recent window is drift. @default 5 */
  minNewLabel: number;
}
export const DEFAULT_DRIFT_RULES: DriftRules = {
  baselineDays: 14,
  recentDays: 14,
  maxRise: 0.05,
  minApplied: 20,
  minNewLabel: 5,
};

interface Window {
  from: string;
  to: string;
  tickets: number;
  heads: Record<string, { applied: number; overridden: number; rate: number }>;
  reviewShare: number;
}

export interface DriftReport {
  verdict: 'retrain' | 'steady' | 'too little data';
  /** One sentence per finding. */
  reasons: string[];
  baseline: Window;
  recent: Window;
  /** Per head: agent labels in the recent window the model cannot produce, with counts. */
  newLabels: Record<string, Record<string, number>>;
  rules: DriftRules;
}

const DAY = 86_400_000;
const when = (t: TicketSnapshot): number => Date.parse(t.createdAt ?? t.updatedAt);
const round = (x: number): number => Math.round(x * 1000) / 1000;

function window(tickets: TriagedTicket[], from: number, to: number): Window {
  const inside = tickets.filter((t) => when(t.ticket) >= from && when(t.ticket) < to);
  const heads: Window['heads'] = {};
  let review = 0;
  for (const t of inside) {
    if (Object.values(t.heads).some((h) => h.action === 'review')) review += 1;
    for (const [head, h] of Object.entries(t.heads)) {
      if (h.action !== 'applied') continue;
      const w = (heads[head] ??= { applied: 0, overridden: 0, rate: 0 });
      w.applied += 1;
      if (overridden(h)) w.overridden += 1;
    }
  }
  for (const w of Object.values(heads)) w.rate = round(w.overridden / w.applied);
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    tickets: inside.length,
    heads,
    reviewShare: inside.length ? round(review / inside.length) : 0,
  };
}

/**
 * `decided`: every agent-decided ticket read (triaged or not) with its labels; `modelLabels`: per
 * head, the classes the live model knows (its manifest); `now`: the end of the recent window.
 */
export function driftReport(
  triaged: TriagedTicket[],
  decided: { ticket: TicketSnapshot; labels: Record<string, string | undefined> }[],
  modelLabels: Record<string, string[]>,
  now: Date,
  rules: DriftRules = DEFAULT_DRIFT_RULES,
): DriftReport {
  const end = now.getTime();
  const live = triaged.filter((t) => when(t.ticket) < end);
  const goLive = Math.min(...live.map((t) => when(t.ticket)));
  const recentFrom = end - rules.recentDays * DAY;
  const baseline = window(live, goLive, Math.min(goLive + rules.baselineDays * DAY, recentFrom));
  const recent = window(live, recentFrom, end);
  const reasons: string[] = [];
  for (const [head, r] of Object.entries(recent.heads)) {
    const b = baseline.heads[head];
    if (!b || b.applied < rules.minApplied || r.applied < rules.minApplied) continue;
    if (r.rate > b.rate + rules.maxRise)
      reasons.push(
        `${head}: agents changed ${(r.rate * 100).toFixed(1)}% of applied values in the last ${rules.recentDays} days, against ${(b.rate * 100).toFixed(1)}% after go-live`,
      );
  }
  if (recent.tickets >= rules.minApplied && recent.reviewShare > baseline.reviewShare + rules.maxRise)
    reasons.push(
      `review: ${(recent.reviewShare * 100).toFixed(1)}% of triaged tickets went to review, against ${(baseline.reviewShare * 100).toFixed(1)}% after go-live`,
    );
  const newLabels: DriftReport['newLabels'] = {};
  for (const d of decided) {
    const at = when(d.ticket);
    if (at < recentFrom || at >= end) continue;
    for (const [head, label] of Object.entries(d.labels)) {
      const known = modelLabels[head];
      if (label === undefined || !known || known.some((k) => k.toLowerCase() === label.toLowerCase())) continue;
      const h = (newLabels[head] ??= {});
      h[label] = (h[label] ?? 0) + 1;
    }
  }
  for (const [head, labels] of Object.entries(newLabels))
    for (const [label, n] of Object.entries(labels))
      if (n >= rules.minNewLabel)
        reasons.push(
          `${head}: agents chose "${label}" ${n} times in the last ${rules.recentDays} days; the model cannot predict it`,
        );
  const enough = live.length > 0 && Object.values(recent.heads).some((h) => h.applied >= rules.minApplied);
  const verdict = reasons.length > 0 ? 'retrain' : enough ? 'steady' : 'too little data';
  return { verdict, reasons, baseline, recent, newLabels, rules };
}

export function renderDrift(r: DriftReport): string {
  const heads = [...new Set([...Object.keys(r.baseline.heads), ...Object.keys(r.recent.heads)])];
  const cell = (w: Window, h: string) =>
    w.heads[h] ? `${(w.heads[h].rate * 100).toFixed(1)}% of ${w.heads[h].applied}` : '-';
  return [
    `drift: ${r.verdict === 'retrain' ? 'RETRAIN' : r.verdict}${r.reasons.length ? ` (${r.reasons.length} finding${r.reasons.length > 1 ? 's' : ''})` : ''}`,
    ...r.reasons.map((x) => `  - ${x}`),
    '',
    `${'override rate'.padEnd(16)} ${'after go-live'.padStart(18)} ${'recent'.padStart(18)}`,
    ...heads.map((h) => `  ${h.padEnd(14)} ${cell(r.baseline, h).padStart(18)} ${cell(r.recent, h).padStart(18)}`),
    `  ${'review share'.padEnd(14)} ${`${(r.baseline.reviewShare * 100).toFixed(1)}%`.padStart(18)} ${`${(r.recent.reviewShare * 100).toFixed(1)}%`.padStart(18)}`,
    `  ${'tickets'.padEnd(14)} ${String(r.baseline.tickets).padStart(18)} ${String(r.recent.tickets).padStart(18)}`,
    `  baseline ${r.baseline.from.slice(0, 10)}..${r.baseline.to.slice(0, 10)}, recent ${r.recent.from.slice(0, 10)}..${r.recent.to.slice(0, 10)}`,
  ].join('\n');
}
