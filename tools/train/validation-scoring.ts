/**
 * Scores the validation tickets with the trained linear heads and the memory (each ticket in full
 * and as short copies: subject alone, first sentence alone, for the calibration), and the figures
 * of the final blended model: per head, per language, on new tickets.
 */
import { blendHead, type HeadBlend } from '@shared/classifier/blend';
import type { HeadSpec } from '@shared/classifier/manifest';
import type { NeighbourMemory } from '@shared/classifier/memory';
import { ticketTerms, type TicketTerms } from '@shared/classifier/terms';
import { prepareTicket } from '@shared/classifier/text';
import { headMetrics, type HeadMetrics } from '../evaluate/metrics';
import type { ScoredRow } from './blend-fit';
import type { Row } from './dataset';
import type { LinearModel } from './linear-model';

/** The first sentence of a text (up to 200 characters): what a short ticket often is. */
function firstSentence(text: string): string {
  const m = /^(.{8,200}?[.!?])(\s|$)/su.exec(text.trim());
  return (m?.[1] ?? text.trim().slice(0, 200)).trim();
}

export const termsOf = (subject: string, body: string): TicketTerms => ticketTerms(prepareTicket(subject, body));

export interface ScoringInput {
  validRows: Row[];
  isNew: boolean[];
  singles: HeadSpec[];
  targetsOf: (r: Row) => number[];
  /** Hashed features of a text, as the linear heads read them. */
  features: (subject: string, body: string) => { indices: ArrayLike<number>; values: ArrayLike<number> };
  model: LinearModel;
  memory: NeighbourMemory;
  /** Keep each scored row's memory terms too (for the memory study). */
  keepTerms: boolean;
}

export function scoreValidation(s: ScoringInput): { scored: ScoredRow[]; terms: TicketTerms[] } {
  const scratch = new Float32Array(s.model.columns);
  const scored: ScoredRow[] = [];
  const terms: TicketTerms[] = [];
  const add = (subject: string, body: string, r: Row, parent: number, variant: ScoredRow['variant']) => {
    const f = s.features(subject, body);
    const z = s.model.logits(f.indices as Int32Array, f.values as Float32Array, scratch);
    const t = termsOf(subject, body);
    scored.push({
      logits: s.singles.map((h) => z.slice(h.offset, h.offset + h.labels.length)),
      query: s.memory.query(t),
      targets: s.targetsOf(r),
      isNew: s.isNew[parent]!,
      language: r.language ?? 'unknown',
      parent,
      variant,
    });
    if (s.keepTerms) terms.push(t);
  };
  s.validRows.forEach((r, i) => {
    add(r.text.subject, r.text.body, r, i, 'full');
    if (r.text.subject.trim()) add('', r.text.subject, r, i, 'subject');
    const first = firstSentence(prepareTicket('', r.text.body).body);
    if (first) add('', first, r, i, 'sentence');
  });
  return { scored, terms };
}

export interface ValidationFigures {
  metrics: Record<string, HeadMetrics>;
  newAccuracy: Record<string, number>;
  byLanguage: Record<
    string,
    Record<string, { accuracy: number; rows: number; newAccuracy?: number; newRows?: number }>
  >;
}

/** The final blended model's figures on the full validation tickets (the calibration does not change labels). */
export function validationFigures(scored: ScoredRow[], singles: HeadSpec[], blends: HeadBlend[]): ValidationFigures {
  const pairs: Record<string, { actual: string; predicted: string; language: string; isNew: boolean }[]> = {};
  for (const r of scored) {
    if (r.variant !== 'full') continue;
    singles.forEach((h, hi) => {
      const t = r.targets[hi]!;
      if (t < 0) return;
      const p = blendHead(r.logits[hi]!, r.query.votes[hi], r.query.nearest, blends[hi]!);
      let b = 0;
      for (let c = 1; c < p.length; c += 1) if (p[c]! > p[b]!) b = c;
      (pairs[h.name] ??= []).push({
        actual: h.labels[t]!,
        predicted: h.labels[b]!,
        language: r.language,
        isNew: r.isNew,
      });
    });
  }
  const out: ValidationFigures = { metrics: {}, newAccuracy: {}, byLanguage: {} };
  for (const h of singles) {
    const ps = pairs[h.name] ?? [];
    out.metrics[h.name] = headMetrics(ps, h.labels);
    out.newAccuracy[h.name] = headMetrics(
      ps.filter((p) => p.isNew),
      h.labels,
    ).accuracy;
    for (const lang of [...new Set(ps.map((p) => p.language))].sort()) {
      const sub = ps.filter((p) => p.language === lang);
      const subNew = sub.filter((p) => p.isNew);
      (out.byLanguage[lang] ??= {})[h.name] = {
        accuracy: headMetrics(sub, h.labels).accuracy,
        rows: sub.length,
        newAccuracy: headMetrics(subNew, h.labels).accuracy,
        newRows: subNew.length,
      };
    }
  }
  return out;
}
