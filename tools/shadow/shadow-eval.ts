/**
 * Shadow evaluation: the model's predictions against the agents' final decisions on recent
 * tickets, writing nothing. Per head: accuracy, and per confidence threshold the share of tickets
 * that would be applied and how often those were right; and a proposed threshold per head for a
 * target precision, as update-ticket's configuration takes it (THRESHOLD_<HEAD>=x).
 */
import type { Classifier } from '@shared/classifier';
import type { TicketSystem } from '@shared/ticket-system';
import { thresholdEnv } from '@shared/triage';
import { carriesMarker } from '@shared/contract';
import { agentLabels, mappedHeads, undecidedReason, type HeadMapping } from './agents-labels';
import { accuracy, proposeThreshold, thresholdCurve, type Scored, type ThresholdPoint } from './thresholds';

export interface ShadowReport {
  model: { name: string; version: string };
  tickets: number;
  heads: Record<
    string,
    {
      rows: number;
      accuracy: number;
      curve: ThresholdPoint[];
      proposedThreshold: number | null;
      skipped: Record<string, number>;
      unknownLabels: Record<string, number>;
    }
  >;
  /** Tickets read but not scored at all, by reason. */
  skipped: Record<string, number>;
  targetPrecision: number;
  /** Ready for update-ticket's environment. */
  config: Record<string, string>;
}

/** `mapping`: update-ticket's QUEUE_GROUP_MAP and CUSTOM_FIELD_HEADS, so agents' fields are read back as the labels that write them. */
export async function shadowEvaluate(
  ts: TicketSystem,
  clf: Classifier,
  o: {
    since: Date;
    targetPrecision: number;
    skipTriaged?: boolean;
    mapping?: HeadMapping;
    onProgress?: (n: number) => void;
  },
): Promise<ShadowReport> {
  const choices = await ts.fieldChoices();
  const registry = mappedHeads(o.mapping);
  const scored: Record<string, Scored[]> = {};
  const single = clf.heads.filter((h) => h.kind === 'single');
  const known = new Map(single.map((h) => [h.name, new Set(h.labels.map((l) => l.toLowerCase()))]));
  const headSkips: Record<string, Record<string, number>> = Object.fromEntries(single.map((h) => [h.name, {}]));
  const unknown: Record<string, Record<string, number>> = Object.fromEntries(single.map((h) => [h.name, {}]));
  const skipped: Record<string, number> = {};
  const count = (m: Record<string, number>, k: string) => void (m[k] = (m[k] ?? 0) + 1);
  let tickets = 0;
  let read = 0;
  let batch: { labels: Record<string, string | undefined>; subject: string; body: string }[] = [];
  const flush = async () => {
    const preds = await clf.classifyBatch(batch.map((b) => ({ subject: b.subject, body: b.body })));
    batch.forEach((b, i) => {
      for (const [head, p] of Object.entries(preds[i]!.heads)) {
        const actual = b.labels[head];
        if (actual) (scored[head] ??= []).push({ predicted: p.label, actual, confidence: p.confidence });
      }
    });
    batch = [];
  };
  for await (const t of ts.findTickets({ updatedSince: o.since })) {
    read += 1;
    // Tickets the product already triaged (any version) would grade the model with its own answers.
    if (o.skipTriaged !== false && carriesMarker(t.tags)) {
      count(skipped, 'triaged by the product (its values are not agent decisions)');
      continue;
    }
    const labels = agentLabels(t, choices, o.mapping);
    for (const h of single) {
      const label = labels[h.name];
      if (label === undefined) count(headSkips[h.name]!, undecidedReason(h.name, t, registry));
      else if (!known.get(h.name)!.has(label.toLowerCase())) count(unknown[h.name]!, label);
    }
    if (single.every((h) => labels[h.name] === undefined)) {
      count(skipped, 'no agent decision yet (no group, no type, default priority, not resolved)');
      continue;
    }
    tickets += 1;
    batch.push({ labels, subject: t.subject, body: t.description });
    if (batch.length === 256) {
      await flush();
      o.onProgress?.(read);
    }
  }
  if (batch.length > 0) await flush();
  const heads: ShadowReport['heads'] = {};
  const config: Record<string, string> = {};
  for (const [head, rows] of Object.entries(scored)) {
    const curve = thresholdCurve(rows);
    const t = proposeThreshold(curve, o.targetPrecision);
    heads[head] = {
      rows: rows.length,
      accuracy: Math.round(accuracy(rows) * 1000) / 1000,
      curve,
      proposedThreshold: t ?? null,
      skipped: headSkips[head] ?? {},
      unknownLabels: unknown[head] ?? {},
    };
    // No threshold reaches the target: `never` keeps the head suggest-only (update-ticket accepts it).
    config[registry.get(head)?.threshold.env ?? thresholdEnv(head)] = t === undefined ? 'never' : String(t);
  }
  return { model: clf.model, tickets, heads, skipped, targetPrecision: o.targetPrecision, config };
}

export function renderShadow(r: ShadowReport): string {
  const lines = [
    `${r.model.name} ${r.model.version} against the agents' decisions on ${r.tickets} tickets (nothing written)`,
  ];
  const skips = Object.entries(r.skipped);
  if (skips.length)
    lines.push(
      `skipped ${skips.reduce((n, [, c]) => n + c, 0)} tickets: ${skips.map(([why, n]) => `${n} ${why}`).join('; ')}`,
    );
  for (const [head, h] of Object.entries(r.heads)) {
    lines.push(
      '',
      `${head}: accuracy ${h.accuracy.toFixed(3)} on ${h.rows} tickets; proposed threshold for precision ${r.targetPrecision}: ${h.proposedThreshold ?? 'none (suggest only)'}`,
    );
    const hs = Object.entries(h.skipped);
    if (hs.length) lines.push(`  not scored: ${hs.map(([why, n]) => `${n} ${why}`).join('; ')}`);
    const unknown = Object.entries(h.unknownLabels);
    if (unknown.length)
      lines.push(
        `  agent labels the model cannot produce (always counted wrong; retrain to learn them): ${unknown.map(([l, n]) => `${l} (${n})`).join(', ')}`,
      );
    lines.push(
      `  ${'threshold'.padEnd(10)} ${'applied'.padStart(8)} ${'coverage'.padStart(9)} ${'precision'.padStart(10)}`,
    );
    for (const p of h.curve)
      lines.push(
        `  ${p.threshold.toFixed(2).padEnd(10)} ${String(p.applied).padStart(8)} ${p.coverage.toFixed(3).padStart(9)} ${(p.precision === null ? '-' : p.precision.toFixed(3)).padStart(10)}`,
      );
  }
  lines.push('', "update-ticket's configuration:", ...Object.entries(r.config).map(([k, v]) => `  ${k}=${v}`));
  return lines.join('\n');
}
