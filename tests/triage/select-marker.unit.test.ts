/** Which tickets need triage (the marker's own tests: tests/contract/marker.unit.test.ts): pure, table-driven. */
import { describe, expect, it } from 'vitest';
import { skipReason, type SelectionRules } from '../../shared/triage/select';

type Snapshot = Parameters<typeof skipReason>[0];

const rules: SelectionRules = { statuses: [2, 3], markerTag: 'ai-triaged', modelVersion: '2.0.0' };

function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    id: 42,
    subject: 'Printer on fire',
    description: 'It is on fire.',
    status: 2,
    priority: 1,
    type: null,
    groupId: null,
    tags: [],
    customFields: {},
    updatedAt: '2026-11-24T10:00:00Z',
    spam: false,
    deleted: false,
    ...over,
  };
}

describe('skipReason', () => {
  it.each<[string, Partial<Snapshot>, ReturnType<typeof skipReason>]>([
    ['an open ticket without marker', {}, undefined],
    ['a pending ticket', { status: 3 }, undefined],
    ['spam', { spam: true }, 'spam'],
    ['deleted', { deleted: true }, 'deleted'],
    ['spam before deleted and status', { spam: true, deleted: true, status: 5 }, 'spam'],
    ['a resolved ticket', { status: 4 }, 'status'],
    ['a ticket marked for this version', { tags: ['ai-triaged', 'ai-triaged-2.0.0'] }, 'already-triaged'],
    ['a ticket marked only for an older version', { tags: ['ai-triaged', 'ai-triaged-1.0.0'] }, undefined],
    ['a ticket with the base tag only (set by hand)', { tags: ['ai-triaged'] }, undefined],
    ['a closed ticket marked for this version', { status: 5, tags: ['ai-triaged-2.0.0'] }, 'status'],
  ])('%s', (_name, over, expected) => {
    expect(skipReason(snapshot(over), rules)).toBe(expected);
  });
});
