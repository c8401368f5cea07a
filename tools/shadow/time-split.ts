/**
 * A time-based split: train on the older tickets, validate on the newest, because that is how a
 * model meets tickets in production (it never sees the future). Rows without a usable timestamp
 * cannot be placed in time, so the split refuses them instead of guessing.
 */
export interface TimeSplit<T> {
  train: T[];
  validation: T[];
  /** The first timestamp in the validation part (ISO). */
  cutoff: string;
}

export function timeSplit<T>(rows: T[], timeOf: (row: T) => string | undefined, validationShare = 0.1): TimeSplit<T> {
  if (!(validationShare > 0 && validationShare < 1))
    throw new Error(`validation share must be between 0 and 1, got ${validationShare}`);
  const dated = rows.map((row, i) => {
    const raw = timeOf(row);
    const t = raw === undefined || raw === '' ? Number.NaN : Date.parse(raw);
    if (Number.isNaN(t))
      throw new Error(
        `row ${i + 1} has no usable timestamp (${JSON.stringify(raw)}); --split time needs a created_at or updated_at column`,
      );
    return { row, t, i };
  });
  // Stable on ties: equal timestamps keep file order.
  dated.sort((a, b) => a.t - b.t || a.i - b.i);
  const nValidation = Math.max(1, Math.round(dated.length * validationShare));
  if (dated.length - nValidation < 1) throw new Error(`need at least 2 rows for a time split, got ${dated.length}`);
  const cut = dated.length - nValidation;
  return {
    train: dated.slice(0, cut).map((d) => d.row),
    validation: dated.slice(cut).map((d) => d.row),
    cutoff: new Date(dated[cut]!.t).toISOString(),
  };
}
