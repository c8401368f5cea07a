/** The read->PUT window helpers: the PUT carries only what changes; the PUT's answer shows a write by someone else in the window. */
import { describe, expect, it } from 'vitest';
import { changedBesides, onlyChanges, renderNote, sentFields } from '@shared/triage';
import { snap } from './fixtures';

describe('onlyChanges', () => {
  it('drops fields already at the value and tags already as listed, keeps the rest', () => {
    const t = snap({ priority: 1, groupId: 11, tags: ['a'], customFields: { cf_x: 'A', cf_y: null } });
    expect(
      onlyChanges(
        { priority: 1, groupId: 11, type: 'Incident', tags: ['a'], customFields: { cf_x: 'A', cf_y: 'B' } },
        t,
      ),
    ).toEqual({ type: 'Incident', customFields: { cf_y: 'B' } });
    expect(onlyChanges({ priority: 3, tags: ['a', 'ai-triaged'] }, t)).toEqual({
      priority: 3,
      tags: ['a', 'ai-triaged'],
    });
    expect(onlyChanges({ customFields: { cf_x: 'A' } }, t)).toEqual({});
  });
});

describe('changedBesides', () => {
  const before = snap({ status: 2, priority: 1, type: null, groupId: null, tags: ['a'], customFields: { cf_x: null } });
  it('names the fields not sent that moved between the last read and the PUT’s answer', () => {
    const after = snap({
      status: 3,
      priority: 3,
      type: 'Incident',
      groupId: 11,
      tags: ['a', 'm'],
      customFields: { cf_x: 'Z' },
    });
    expect(changedBesides(before, after, { priority: 3, tags: ['a', 'm'] })).toEqual([
      'group',
      'type',
      'status',
      'custom field cf_x',
    ]);
  });
  it('finds nothing when only our own fields changed', () => {
    const after = snap({ ...before, priority: 3, tags: ['a', 'm'] });
    expect(changedBesides(before, after, { priority: 3, tags: ['a', 'm'] })).toEqual([]);
  });
});

describe('the note after a write someone else wrote into', () => {
  it('names the fields we sent, and the warning goes into the note above its id line', () => {
    expect(sentFields({ groupId: 3, priority: 3, tags: ['a'], customFields: { cf_x: 'A' } })).toEqual([
      'group',
      'priority',
      'tags',
      'custom field cf_x',
    ]);
    const plan = { changes: {}, heads: {}, outcome: 'applied' as const, reason: 'r' };
    const result = { ticketId: 1, model: { name: 'm', version: '2.0.0' }, predictions: {}, tags: [], explanation: {} };
    const note = renderNote(1, result, plan, undefined, 'someone changed <status>');
    expect(note).toMatch(/<p><b>Please check:<\/b> someone changed &lt;status&gt;<\/p><p>ai-triage-id: 1\/2.0.0<\/p>$/);
    expect(renderNote(1, result, plan)).not.toContain('Please check');
  });
});
