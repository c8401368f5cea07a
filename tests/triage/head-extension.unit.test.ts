/**
 * Adding a head is one registry entry: a head with its own field, mapping, threshold and note name
 * flows through update-ticket's thresholds, decide(), the note and the inverse mapping without
 * any other code knowing it; and a custom "product" field needs only CUSTOM_FIELD_HEADS.
 */
import { describe, expect, it } from 'vitest';
import { decide, decidedLabels, policyHeads, readNote, renderNote, type Head } from '@shared/triage';
import { loadConfig, loadHeadConfig } from '../../functions/update-ticket/config';
import { choices, policy, result, snap } from './fixtures';

/** The one entry: a language head writing a custom dropdown with its own names for the labels. */
const NAMES: Record<string, string> = { en: 'English', de: 'German' };
const language: Head = {
  name: 'language',
  field: 'custom field cf_language',
  threshold: { env: 'THRESHOLD_LANGUAGE', default: 0.9 },
  read: (t) => t.customFields?.cf_language,
  isOpen: (t) => t.customFields.cf_language == null,
  write: (label) => (NAMES[label] ? { customFields: { cf_language: NAMES[label] } } : undefined),
  labelOf: (t) => Object.entries(NAMES).find(([, n]) => n === t.customFields.cf_language)?.[0],
  noteLabel: 'Language',
};

describe('a new head', () => {
  const applyAt = loadHeadConfig({}, [language]).applyAt;
  const p = policy({ applyAt, heads: [language] });

  it('gets its threshold from its entry, and from THRESHOLD_LANGUAGE', () => {
    expect(applyAt.language).toBe(0.9);
    expect(loadHeadConfig({ THRESHOLD_LANGUAGE: '0.97' }, [language]).applyAt.language).toBe(0.97);
  });

  it('is decided next to the others and written into the same change', () => {
    const plan = decide(
      result({ queue: ['Billing', 0.9], category: ['Login', 0.9], language: ['de', 0.95] }),
      snap(),
      choices,
      p,
    );
    expect(plan.changes).toMatchObject({ groupId: 21, customFields: { cf_category: 'Login', cf_language: 'German' } });
    expect(plan.heads.language).toMatchObject({ action: 'applied' });
    expect(decide(result({ language: ['de', 0.85] }), snap(), choices, p).heads.language).toMatchObject({
      action: 'suggested',
      reason: 'confidence below 0.9',
    });
    expect(decide(result({ language: ['fr', 0.95] }), snap(), choices, p).heads.language).toMatchObject({
      action: 'unmapped',
    });
    expect(
      decide(result({ language: ['en', 0.95] }), snap({ customFields: { cf_language: 'German' } }), choices, p).heads
        .language,
    ).toMatchObject({ action: 'kept' });
  });

  it('appears in the note under its own name', () => {
    const r = result({ queue: ['Billing', 0.9], language: ['de', 0.95] });
    const note = renderNote(1, r, decide(r, snap(), choices, p), policyHeads(p));
    expect(note).toContain(
      '<tr><td>Language</td><td><b>de</b> 95%</td><td>applied</td><td>other 5%</td><td>invoice</td></tr>',
    );
    expect(note).toContain('<tr><td>queue</td><td><b>Billing</b> 90%</td><td>applied</td>');
  });

  it('reads back as the label that writes it', () => {
    const labels = decidedLabels(
      snap({ customFields: { cf_language: 'English' } }),
      { choices, settings: p },
      policyHeads(p).values(),
    );
    expect(labels.language).toBe('en');
  });
});

describe('a custom "product" field', () => {
  it('needs only CUSTOM_FIELD_HEADS (and, if wanted, THRESHOLD_PRODUCT)', () => {
    const env = {
      FRESHDESK_BASE_URL: 'http://127.0.0.1:1/api/v2',
      FRESHDESK_API_KEY: 'k',
      SECRETS_DIR: '/nonexistent',
      CUSTOM_FIELD_HEADS: '{"category":"cf_category","product":"cf_product"}',
      THRESHOLD_PRODUCT: '0.8',
    };
    const cfg = loadConfig(env).policy;
    const r = result({ category: ['Login', 0.9], product: ['Web', 0.85] });
    const plan = decide(
      r,
      snap(),
      { ...choices, dropdowns: { ...choices.dropdowns, cf_product: ['Web', 'Mobile app'] } },
      cfg,
    );
    expect(plan.changes.customFields).toEqual({ cf_category: 'Login', cf_product: 'Web' });
    expect(renderNote(1, r, plan, policyHeads(cfg))).toContain(
      '<tr><td>product</td><td><b>Web</b> 85%</td><td>applied</td>',
    );
    expect(decide(result({ product: ['Web', 0.75] }), snap(), choices, cfg).heads.product).toMatchObject({
      action: 'suggested',
      reason: 'confidence below 0.8',
    });
  });
});

describe('the note, per head', () => {
  it.each<[string, Record<string, [string, number]>, Parameters<typeof snap>[0], string]>([
    ['an applied queue', { queue: ['Billing', 0.9] }, {}, '<td>queue</td><td><b>Billing</b> 90%</td><td>applied</td>'],
    [
      'a kept type, with why',
      { type: ['Incident', 0.9] },
      { type: 'Problem' },
      '<td>type</td><td><b>Incident</b> 90%</td><td>kept (set by an agent)</td>',
    ],
    [
      'a suggested priority, with the threshold',
      { priority: ['high', 0.4] },
      {},
      '<td>priority</td><td><b>high</b> 40%</td><td>suggested (confidence below 0.5)</td>',
    ],
    [
      'an unmapped custom label, escaped',
      { category: ['<b>x</b>', 0.9] },
      {},
      '<td>category</td><td><b>&lt;b&gt;x&lt;/b&gt;</b> 90%</td><td>unmapped (no Freshdesk value for &quot;&lt;b&gt;x&lt;/b&gt;&quot;)</td>',
    ],
  ])('%s', (_what, predictions, ticket, row) => {
    const r = result(predictions);
    const p = policy();
    const note = renderNote(7, r, decide(r, snap(ticket), choices, p), policyHeads(p));
    expect(note).toContain(row);
    expect(note).toMatch(/<p>ai-triage-id: 7\/2\.0\.0<\/p>$/);
    // The one reader of notes (overrides, drift) gets back what was written.
    const [head, [label]] = Object.entries(predictions)[0]!;
    const plan = decide(r, snap(ticket), choices, p);
    expect(readNote(note)).toEqual({
      model: { name: 'm', version: '2.0.0' },
      rows: {
        [head]: {
          label,
          action: plan.heads[head]!.action,
          ...(plan.heads[head]!.reason ? { reason: plan.heads[head]!.reason } : {}),
        },
      },
    });
  });
});
