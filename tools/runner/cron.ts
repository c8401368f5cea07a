/**
 * Cron expressions as the OpenFaaS cron connector accepts them (robfig/cron v3, docs/openfaas.md#the-cron-connector):
 * five fields (minute hour day-of-month month day-of-week) with `*`, lists, ranges, steps and
 * names, or a descriptor (@yearly @monthly @weekly @daily @hourly, @every <duration>). UTC.
 * When both day fields are restricted, a day matches if either matches (standard cron).
 */
export interface CronSchedule {
  next(after: Date): Date;
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

class CronError extends Error {
  override name = 'CronError';
}

function parseField(
  text: string,
  min: number,
  max: number,
  names: string[] = [],
  nameBase = 0,
): { set: Set<number>; star: boolean } {
  const set = new Set<number>();
  const value = (v: string): number => {
    const i = names.indexOf(v.toLowerCase());
    const n = i >= 0 ? i + nameBase : /^\d+$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isInteger(n) || n < min || n > max) throw new CronError(`"${v}" is not in ${min}-${max}`);
    return n;
  };
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronError(`bad step in "${part}"`);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') [lo, hi] = [min, max];
    else if (range!.includes('-')) {
      const [a, b] = range!.split('-');
      [lo, hi] = [value(a!), value(b!)];
      if (lo > hi) throw new CronError(`empty range "${range}"`);
    } else {
      lo = value(range!);
      hi = stepText === undefined ? lo : max;
    }
    for (let v = lo; v <= hi; v += step) set.add(v);
  }
  return { set, star: text.startsWith('*') || text.startsWith('?') };
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseCron(expr: string): CronSchedule {
  const e = expr.trim();
  if (e.startsWith('@every ')) {
    const parts = [
      ...e
        .slice(7)
        .trim()
        .matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g),
    ];
    const ms = parts.reduce((s, m) => s + Number(m[1]) * (UNITS[m[2]!] ?? 0), 0);
    if (parts.map((m) => m[0]).join('') !== e.slice(7).trim() || ms < 1000)
      throw new CronError(`bad @every duration in "${expr}" (e.g. @every 5m, at least 1s)`);
    return { next: (after) => new Date(after.getTime() + ms) };
  }
  const fields = (DESCRIPTORS[e] ?? e).split(/\s+/);
  if (fields.length !== 5)
    throw new CronError(`"${expr}" must have 5 fields (minute hour day-of-month month day-of-week) or be a descriptor`);
  const [mi, ho, dm, mo, dw] = fields as [string, string, string, string, string];
  const minute = parseField(mi, 0, 59);
  const hour = parseField(ho, 0, 23);
  const dom = parseField(dm, 1, 31);
  const month = parseField(mo, 1, 12, MONTHS, 1);
  const dow = parseField(dw.replace(/\b7\b/g, '0'), 0, 6, DAYS);
  const dayMatches = (d: Date): boolean => {
    const a = dom.set.has(d.getUTCDate());
    const b = dow.set.has(d.getUTCDay());
    if (dom.star || dow.star) return dom.star ? b : a;
    return a || b;
  };
  return {
    next(after: Date): Date {
      const d = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
      for (let i = 0; i < 5 * 366 * 24 * 60; i += 1) {
        if (!month.set.has(d.getUTCMonth() + 1)) {
          d.setUTCMonth(d.getUTCMonth() + 1, 1);
          d.setUTCHours(0, 0, 0, 0);
          continue;
        }
        if (!dayMatches(d)) {
          d.setUTCDate(d.getUTCDate() + 1);
          d.setUTCHours(0, 0, 0, 0);
          continue;
        }
        if (!hour.set.has(d.getUTCHours())) {
          d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
          continue;
        }
        if (!minute.set.has(d.getUTCMinutes())) {
          d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
          continue;
        }
        return d;
      }
      throw new CronError(`"${expr}" never fires`);
    },
  };
}
