/**
 * Classification metrics shared by training, evaluation and shadow evaluation: accuracy,
 * per-class precision/recall/F1, macro-F1 and the confusion matrix (actual -> predicted -> count).
 */
interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface HeadMetrics {
  accuracy: number;
  macroF1: number;
  rows: number;
  perClass: Record<string, ClassMetrics>;
  confusion: Record<string, Record<string, number>>;
}

const r4 = (x: number): number => Math.round(x * 10_000) / 10_000;

export function headMetrics(pairs: { actual: string; predicted: string }[], labels: string[]): HeadMetrics {
  const all = [...new Set([...labels, ...pairs.map((p) => p.actual)])];
  const confusion: Record<string, Record<string, number>> = {};
  for (const a of all) confusion[a] = Object.fromEntries(all.map((p) => [p, 0]));
  let right = 0;
  for (const { actual, predicted } of pairs) {
    const row = confusion[actual]!;
    row[predicted] = (row[predicted] ?? 0) + 1;
    if (actual === predicted) right += 1;
  }
  const perClass: Record<string, ClassMetrics> = {};
  for (const c of all) {
    const tp = confusion[c]?.[c] ?? 0;
    const support = Object.values(confusion[c] ?? {}).reduce((s, n) => s + n, 0);
    const predictedAs = all.reduce((s, a) => s + (confusion[a]?.[c] ?? 0), 0);
    const precision = predictedAs === 0 ? 0 : tp / predictedAs;
    const recall = support === 0 ? 0 : tp / support;
    perClass[c] = {
      precision: r4(precision),
      recall: r4(recall),
      f1: r4(precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)),
      support,
    };
  }
  const withSupport = all.filter((c) => (perClass[c]?.support ?? 0) > 0);
  const macroF1 =
    withSupport.length === 0 ? 0 : withSupport.reduce((s, c) => s + (perClass[c]?.f1 ?? 0), 0) / withSupport.length;
  return {
    accuracy: r4(pairs.length === 0 ? 0 : right / pairs.length),
    macroF1: r4(macroF1),
    rows: pairs.length,
    perClass,
    confusion,
  };
}
