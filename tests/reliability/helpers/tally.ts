/**
 * Counts of what a reliability test tried and how much of it held, printed as one table at the
 * end of the file (vitest shows it with the test output), so a run reports measured figures.
 */
import { afterAll } from 'vitest';

export interface Tally {
  /** Records one attempt of `what`; `held` says whether the promise held. Returns `held`. */
  check(what: string, held: boolean): boolean;
  rows(): { what: string; tried: number; held: number }[];
}

export function tally(title: string): Tally {
  const counts = new Map<string, { tried: number; held: number }>();
  const t: Tally = {
    check(what, held) {
      const c = counts.get(what) ?? { tried: 0, held: 0 };
      c.tried += 1;
      if (held) c.held += 1;
      counts.set(what, c);
      return held;
    },
    rows: () => [...counts].map(([what, c]) => ({ what, ...c })),
  };
  afterAll(() => {
    const rows = t.rows();
    if (rows.length === 0) return;
    const width = Math.max(...rows.map((r) => r.what.length), 10);
    const lines = rows.map(
      (r) => `${r.what.padEnd(width)}  ${String(r.tried).padStart(5)}  ${String(r.held).padStart(5)}`,
    );
    console.log([`${title}`, `${'promise'.padEnd(width)}  tried   held`, ...lines].join('\n'));
  });
  return t;
}
