import { describe, expect, it } from 'vitest';
import { parseCron } from '../../tools/runner/cron';

const at = (iso: string) => new Date(iso);
const next = (expr: string, from: string) => parseCron(expr).next(at(from)).toISOString();

describe('cron expressions (as the cron connector accepts them)', () => {
  it.each([
    ['*/5 * * * *', '2026-11-24T10:02:30Z', '2026-11-24T10:05:00.000Z'],
    ['*/5 * * * *', '2026-11-24T10:05:00Z', '2026-11-24T10:10:00.000Z'],
    ['0 9 * * mon-fri', '2026-11-28T12:00:00Z', '2026-11-30T09:00:00.000Z'], // Saturday -> Monday
    ['30 2 1 * *', '2026-11-24T00:00:00Z', '2026-12-01T02:30:00.000Z'],
    ['0 0 1 jan *', '2026-11-24T00:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['15,45 8-10 * * *', '2026-11-24T10:50:00Z', '2026-11-25T08:15:00.000Z'],
    ['0 12 13 * 5', '2026-11-24T00:00:00Z', '2026-11-27T12:00:00.000Z'], // day 13 OR Friday
    ['@hourly', '2026-11-24T10:59:59Z', '2026-11-24T11:00:00.000Z'],
    ['@daily', '2026-11-24T10:00:00Z', '2026-11-25T00:00:00.000Z'],
    ['@every 90s', '2026-11-24T10:00:00Z', '2026-11-24T10:01:30.000Z'],
    ['0 0 * * 7', '2026-11-24T10:00:00Z', '2026-11-29T00:00:00.000Z'], // 7 is Sunday too
  ])('%s after %s fires at %s', (expr, from, expected) => {
    expect(next(expr, from)).toBe(expected);
  });

  it.each([
    '* * * *',
    '61 * * * *',
    '*/0 * * * *',
    '5-1 * * * *',
    'CRON_TZ=Europe/Berlin 0 9 * * *',
    '@every 5x',
    '0 0 31 2 *',
  ])('refuses %s', (expr) => {
    expect(() => parseCron(expr).next(at('2026-11-24T00:00:00Z'))).toThrow();
  });
});
