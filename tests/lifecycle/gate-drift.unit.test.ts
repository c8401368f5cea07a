/** The promotion gate's rule and the drift watch's verdicts on hand-made figures (pure). */
import { describe, expect, it } from 'vitest';
import type { TicketSnapshot } from '@shared/ticket-system';
import { driftReport } from '../../tools/drift/drift';
import type { TriagedTicket } from '../../tools/overrides/triaged';
import { gate } from '../../tools/retrain/gate';
import type { ModelScore } from '../../tools/retrain/score';

const model = (version: string, heads: Record<string, [number, number, number | null]>): ModelScore => ({
  name: 'm',
  version,
  dir: version,
  heads: Object.fromEntries(
    Object.entries(heads).map(([h, [accuracy, applied, precision]]) => [
      h,
      { rows: 200, accuracy, threshold: 0.6, applied, precision },
    ]),
  ),
});

describe('promotion gate', () => {
  const live = model('1.0.0', { queue: [0.8, 0.5, 0.95], type: [0.9, 0.6, 0.97] });
  it('promotes a candidate as good everywhere and better on one head', () => {
    const v = gate(live, model('1.1.0', { queue: [0.85, 0.55, 0.95], type: [0.895, 0.6, 0.965] }));
    expect(v).toEqual({ promote: true, reasons: ['better on queue: accuracy 0.850 against live 0.800'] });
  });
  it('refuses a candidate worse on one head beyond the tolerance, naming it', () => {
    const v = gate(live, model('1.1.0', { queue: [0.95, 0.9, 0.99], type: [0.85, 0.6, 0.97] }));
    expect(v.promote).toBe(false);
    expect(v.reasons).toEqual(['worse on type: accuracy 0.850 against live 0.900 (tolerance 0.01)']);
  });
  it('refuses a candidate whose applied values are less precise, and one that is merely equal', () => {
    expect(gate(live, model('1.1.0', { queue: [0.8, 0.9, 0.9], type: [0.9, 0.6, 0.97] })).reasons).toEqual([
      'worse on queue: precision among applied 0.900 against live 0.950',
    ]);
    expect(gate(live, live).reasons).toEqual(['no head is better than the live model by the minimum gain']);
  });
  it('counts a larger share applied at no lower precision as better', () => {
    const v = gate(live, model('1.1.0', { queue: [0.8, 0.7, 0.95], type: [0.9, 0.6, 0.97] }));
    expect(v.reasons).toEqual(['better on queue: applies 0.700 of tickets against live 0.500 at precision 0.950']);
  });
});

const DAY = 86_400_000;
const now = Date.UTC(2026, 5, 30);
const snap = (daysAgo: number): TicketSnapshot => {
  const at = new Date(now - daysAgo * DAY).toISOString();
  return {
    id: daysAgo,
    subject: '',
    description: '',
    status: 5,
    priority: 1,
    type: null,
    groupId: null,
    tags: [],
    customFields: {},
    updatedAt: at,
    createdAt: at,
    spam: false,
    deleted: false,
  };
};
/** `n` tickets `daysAgo`, a share `wrong` of their applied queue changed by agents. */
const triaged = (daysAgo: number, n: number, wrong: number, action = 'applied'): TriagedTicket[] =>
  Array.from({ length: n }, (_, i) => ({
    ticket: snap(daysAgo),
    note: { model: { name: 'm', version: '1' }, rows: {} },
    heads: { queue: { label: 'IT', action, now: i < n * wrong ? 'Billing' : 'IT' } },
  }));

describe('drift watch', () => {
  const labels = { queue: ['IT', 'Billing'] };
  it('is steady while the override rate holds, and says RETRAIN when it rises', () => {
    const base = triaged(55, 100, 0.1);
    const steady = driftReport([...base, ...triaged(5, 100, 0.12)], [], labels, new Date(now));
    expect(steady).toMatchObject({ verdict: 'steady', reasons: [] });
    const rising = driftReport([...base, ...triaged(5, 100, 0.3)], [], labels, new Date(now));
    expect(rising.verdict).toBe('retrain');
    expect(rising.reasons).toEqual([
      'queue: agents changed 30.0% of applied values in the last 14 days, against 10.0% after go-live',
    ]);
  });
  it('flags a rising review share and agent labels the model cannot produce', () => {
    const r = driftReport(
      [...triaged(55, 100, 0.1), ...triaged(5, 50, 0.1), ...triaged(5, 50, 0, 'review')],
      Array.from({ length: 6 }, () => ({ ticket: snap(3), labels: { queue: 'Data Protection' } })),
      labels,
      new Date(now),
    );
    expect(r.reasons).toEqual([
      'review: 50.0% of triaged tickets went to review, against 0.0% after go-live',
      'queue: agents chose "Data Protection" 6 times in the last 14 days; the model cannot predict it',
    ]);
  });
  it('says too little data rather than steady when almost nothing was applied', () => {
    expect(driftReport(triaged(5, 5, 0), [], labels, new Date(now)).verdict).toBe('too little data');
  });
});
