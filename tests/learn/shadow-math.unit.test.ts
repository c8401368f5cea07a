import { describe, expect, it } from 'vitest';
import { timeSplit } from '../../tools/shadow/time-split';
import { accuracy, proposeThreshold, thresholdCurve, type Scored } from '../../tools/shadow/thresholds';

describe('time split', () => {
  it('trains on the older tickets and validates on the newest', () => {
    const rows = [5, 1, 4, 2, 3, 6, 8, 7, 9, 10].map((d) => ({
      id: d,
      created_at: `2026-01-${String(d).padStart(2, '0')}T00:00:00Z`,
    }));
    const s = timeSplit(rows, (r) => r.created_at, 0.2);
    expect(s.train.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(s.validation.map((r) => r.id)).toEqual([9, 10]);
    expect(s.cutoff).toBe('2026-01-09T00:00:00.000Z');
  });
  it('refuses rows without a timestamp and impossible shares', () => {
    expect(() => timeSplit([{ t: '2026-01-01' }, { t: '' }], (r) => r.t)).toThrow(/row 2 has no usable timestamp/);
    expect(() => timeSplit([{ t: '2026-01-01' }], (r) => r.t, 1.5)).toThrow(/between 0 and 1/);
  });
});

describe('threshold curve', () => {
  // 100 predictions: high confidence ones are right, low confidence ones mostly wrong.
  const rows: Scored[] = Array.from({ length: 100 }, (_, i) => {
    const confidence = i / 100;
    const right = confidence >= 0.6 || i % 3 === 0;
    return { predicted: 'A', actual: right ? 'A' : 'B', confidence };
  });
  it('gives coverage and precision per threshold', () => {
    const curve = thresholdCurve(rows, [0.5, 0.6, 0.99]);
    expect(curve[0]).toMatchObject({ threshold: 0.5, applied: 50 });
    expect(curve[0]!.precision).toBeCloseTo((40 + 3) / 50, 5); // 51, 54, 57 are right by chance;
    expect(curve[1]).toMatchObject({ threshold: 0.6, applied: 40, coverage: 0.4, precision: 1 });
    expect(curve[2]).toMatchObject({ applied: 1, precision: 1 });
    expect(accuracy(rows)).toBeCloseTo((40 + 20) / 100, 5);
  });
  it('proposes the lowest threshold that reaches the target precision with enough tickets', () => {
    const curve = thresholdCurve(rows);
    expect(proposeThreshold(curve, 0.95)).toBe(0.6);
    expect(proposeThreshold(curve, 0.95, 50)).toBeUndefined();
  });
});
