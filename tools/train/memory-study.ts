/**
 * What bounding the memory costs: the validation figures again with memories of the training part
 * capped at smaller sizes (paraphrase families merged first, then a seeded sample), blends and
 * calibration refitted for each, so the model card can say what a bound costs on this data.
 */
import { blendHead } from '@shared/classifier/blend';
import { NeighbourMemory, type VoteSettings } from '@shared/classifier/memory';
import type { TicketTerms } from '@shared/classifier/terms';
import { fitBlends, fitCalibration, type ScoredRow } from './blend-fit';
import { buildMemory, type MemoryInput } from './memory-build';

export interface MemoryStudyRow {
  maxTickets: number;
  kept: number;
  duplicates: number;
  accuracy: Record<string, number>;
  newAccuracy: Record<string, number>;
  /** Share of validation tickets applied at the refitted thresholds. */
  applied: Record<string, number>;
}

export function memoryStudy(
  input: MemoryInput,
  scored: ScoredRow[],
  scoredTerms: TicketTerms[],
  heads: { name: string; labels: string[] }[],
  vote: VoteSettings,
  caps: number[],
  targets: number[],
  seed: number,
): MemoryStudyRow[] {
  return caps.map((cap) => {
    const b = buildMemory(input, { maxTickets: cap, dedupe: true, seed });
    const mem = new NeighbourMemory(b.arrays, heads, vote);
    const rows = scored.map((s, i) => ({ ...s, query: mem.query(scoredTerms[i]!) }));
    const blends = fitBlends(rows, heads.length);
    const { reports } = fitCalibration(rows, blends, targets);
    const accuracy: Record<string, number> = {};
    const newAccuracy: Record<string, number> = {};
    const applied: Record<string, number> = {};
    heads.forEach((h, hi) => {
      let right = 0;
      let n = 0;
      let rightNew = 0;
      let nNew = 0;
      for (const r of rows) {
        if (r.variant !== 'full' || r.targets[hi]! < 0) continue;
        const p = blendHead(r.logits[hi]!, r.query.votes[hi], r.query.nearest, blends[hi]!);
        let best = 0;
        for (let c = 1; c < p.length; c += 1) if (p[c]! > p[best]!) best = c;
        const ok = best === r.targets[hi] ? 1 : 0;
        right += ok;
        n += 1;
        if (r.isNew) {
          rightNew += ok;
          nNew += 1;
        }
      }
      accuracy[h.name] = round(right / Math.max(1, n));
      newAccuracy[h.name] = round(rightNew / Math.max(1, nNew));
      applied[h.name] = reports[hi]!.atThreshold.coverage;
    });
    return { maxTickets: cap, kept: b.kept, duplicates: b.duplicates, accuracy, newAccuracy, applied };
  });
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
