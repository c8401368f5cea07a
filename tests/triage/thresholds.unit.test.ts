/**
 * Thresholds follow the model: the manifest's calibrated value per head (null = never) comes with
 * each classify answer; APPLY_THRESHOLD is a floor, THRESHOLD_<HEAD> an explicit override. The
 * registry's defaults are only fallbacks, and they must equal the shipped model's manifest.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_HEADS, decide, describeThresholds, renderNote } from '@shared/triage';
import { loadHeadConfig } from '../../functions/update-ticket/config';
import { choices, policy, result, snap } from './fixtures';

const withModel = (thresholds: Record<string, number | null>, preds: Record<string, [string, number]>) => {
  const r = result(preds);
  return { ...r, model: { ...r.model, thresholds } };
};

describe('apply thresholds from the model manifest', () => {
  it('a head whose manifest says never is never applied, however sure the model is', () => {
    const r = withModel({ queue: null, type: 0.8 }, { queue: ['IT Support', 0.99], type: ['Incident', 0.85] });
    const plan = decide(r, snap(), choices, policy({ floor: 0.6 }));
    expect(plan.heads.queue).toMatchObject({
      action: 'suggested',
      reason: "never applied (policy: the model's calibration found no safe threshold)",
    });
    expect(plan.heads.type).toMatchObject({ action: 'applied' });
    const note = renderNote(1, r, plan);
    expect(note).toContain('never applied (policy');
    expect(note).not.toContain('Infinity');
  });

  it('an explicit THRESHOLD_<HEAD> overrides the model; never as an override is named as such', () => {
    const cfg = loadHeadConfig({ THRESHOLD_QUEUE: '0.9', THRESHOLD_TYPE: 'never' });
    const p = policy({ ...cfg });
    const r = withModel({ queue: null, type: 0.5 }, { queue: ['IT Support', 0.95], type: ['Incident', 0.99] });
    const plan = decide(r, snap(), choices, p);
    expect(plan.heads.queue?.action).toBe('applied');
    expect(plan.heads.type).toMatchObject({
      action: 'suggested',
      reason: 'never applied (policy: THRESHOLD_TYPE=never)',
    });
  });

  it('APPLY_THRESHOLD is a floor under the model (a model threshold of 0.3 applies from 0.6)', () => {
    const cfg = loadHeadConfig({ APPLY_THRESHOLD: '0.6' });
    const r = withModel({ queue: 0.3 }, { queue: ['IT Support', 0.5] });
    const plan = decide(r, snap(), choices, policy({ ...cfg }));
    expect(plan.heads.queue).toMatchObject({ action: 'suggested', reason: 'confidence below 0.6' });
    expect(describeThresholds(policy({ ...cfg }), { queue: 0.3, type: null }, ['queue', 'type'])).toEqual([
      "  queue      0.6    APPLY_THRESHOLD=0.6 is above the model's 0.3",
      "  type       never  the model's calibration (manifest.json)",
    ]);
  });

  it('urgent priority is never applied by policy, in plain words', () => {
    const plan = decide(result({ priority: ['urgent', 0.99] }), snap(), choices, policy());
    expect(plan.heads.priority?.reason).toBe('never applied (policy: urgent is only set by agents)');
  });

  it("the registry's fallback defaults are the shipped model's calibrated thresholds", () => {
    const manifest = JSON.parse(readFileSync('models/ticket-triage/manifest.json', 'utf8')) as {
      thresholds: Record<string, { threshold: number | null }>;
    };
    for (const h of BUILTIN_HEADS)
      expect([h.name, h.threshold.default]).toEqual([h.name, manifest.thresholds[h.name]?.threshold]);
  });
});
