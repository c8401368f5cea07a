/**
 * The promotion gate: the candidate replaces the live model only if, on the newest tickets
 * agents decided and neither model was trained on, it is at least as good on every head (within
 * `tolerance`) and better on at least one (by `minGain`). Per head, "as good" means: accuracy
 * not lower, and, where the candidate applies anything, precision among applied not lower; "better"
 * means higher accuracy, or a larger share applied at a precision not lower. The default rule is
 * written down in docs/retraining.md; both numbers are options of `npm run retrain`.
 */
import type { ModelScore } from './score';

export interface GateRules {
  /** How much worse a head may be and still count as "as good". @default 0.01 */
  tolerance: number;
  /** How much better one head must be. @default 0.005 */
  minGain: number;
}
export const DEFAULT_GATE: GateRules = { tolerance: 0.01, minGain: 0.005 };

export interface GateVerdict {
  promote: boolean;
  /** Why, one line per head that decided it. */
  reasons: string[];
}

const f = (x: number | null): string => (x === null ? '-' : x.toFixed(3));

export function gate(live: ModelScore, cand: ModelScore, rules: GateRules = DEFAULT_GATE): GateVerdict {
  const worse: string[] = [];
  const better: string[] = [];
  for (const [head, c] of Object.entries(cand.heads)) {
    const l = live.heads[head];
    if (!l) {
      better.push(`${head}: a head the live model does not have`);
      continue;
    }
    if (c.accuracy < l.accuracy - rules.tolerance)
      worse.push(`${head}: accuracy ${f(c.accuracy)} against live ${f(l.accuracy)} (tolerance ${rules.tolerance})`);
    const precisionHolds = c.precision === null || l.precision === null || c.precision >= l.precision - rules.tolerance;
    if (!precisionHolds)
      worse.push(`${head}: precision among applied ${f(c.precision)} against live ${f(l.precision)}`);
    if (c.accuracy > l.accuracy + rules.minGain)
      better.push(`${head}: accuracy ${f(c.accuracy)} against live ${f(l.accuracy)}`);
    else if (precisionHolds && c.precision !== null && c.applied > l.applied + rules.minGain)
      better.push(
        `${head}: applies ${f(c.applied)} of tickets against live ${f(l.applied)} at precision ${f(c.precision)}`,
      );
  }
  for (const head of Object.keys(live.heads))
    if (!cand.heads[head]) worse.push(`${head}: the candidate has no such head`);
  if (worse.length > 0) return { promote: false, reasons: worse.map((w) => `worse on ${w}`) };
  if (better.length === 0)
    return { promote: false, reasons: ['no head is better than the live model by the minimum gain'] };
  return { promote: true, reasons: better.map((b) => `better on ${b}`) };
}
