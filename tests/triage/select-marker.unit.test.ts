/** Which tickets need triage and how the marker says "done for this model version": pure, table-driven. */
import { describe, expect, it } from 'vitest';
import { hasMarker, hasNote, markerTags, noteId, versionTag } from '../../shared/triage/marker';
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

describe('marker tags', () => {
  it('writes the base tag and a versioned tag', () => {
    expect(markerTags('ai-triaged', '2.0.0')).toEqual(['ai-triaged', 'ai-triaged-2.0.0']);
  });

  it('replaces characters Freshdesk tags do not keep and caps the tag at 32 characters', () => {
    expect(versionTag('ai triaged', '2.0.0+build/7')).toBe('ai-triaged-2.0.0-build-7');
    const long = versionTag('ai-triaged', '2026.11.24-rc.1-with-a-long-suffix');
    expect(long).toHaveLength(32);
    expect(long).toBe('ai-triaged-2026.11.24-rc.1-with-');
  });

  it('recognises only the versioned tag of this model version', () => {
    expect(hasMarker(['x', 'ai-triaged-2.0.0'], 'ai-triaged', '2.0.0')).toBe(true);
    expect(hasMarker(['ai-triaged'], 'ai-triaged', '2.0.0')).toBe(false);
    expect(hasMarker(['ai-triaged-2.0.0'], 'ai-triaged', '2.0.1')).toBe(false);
    expect(hasMarker([], 'ai-triaged', '2.0.0')).toBe(false);
  });

  it('matches a version that was cut to 32 characters the same way it was written', () => {
    const version = 'a-very-long-model-version-name-that-goes-on';
    expect(hasMarker(markerTags('ai-triaged', version), 'ai-triaged', version)).toBe(true);
  });
});

describe('note id', () => {
  it('names ticket and model version', () => {
    expect(noteId(42, '2.0.0')).toBe('ai-triage-id: 42/2.0.0');
  });

  it('finds the note by its id line anywhere in a note body, for this ticket and version only', () => {
    const body = '<div>AI triage</div><div>queue: Billing</div><div>ai-triage-id: 42/2.0.0</div>';
    expect(hasNote([body], 42, '2.0.0')).toBe(true);
    expect(hasNote(['unrelated', body], 42, '2.0.0')).toBe(true);
    expect(hasNote([body], 42, '2.0.1')).toBe(false);
    expect(hasNote([body], 4, '2.0.0')).toBe(false);
    expect(hasNote([], 42, '2.0.0')).toBe(false);
    expect(hasNote(undefined, 42, '2.0.0')).toBe(false);
  });

  it('matches the whole version: 2.0 does not find the note of 2.0.0 or 2.0-rc1, 2.0 finds its own', () => {
    const of = (version: string) => `<p>ai-triage-id: 42/${version}</p>`;
    expect(hasNote([of('2.0.0')], 42, '2.0')).toBe(false);
    expect(hasNote([of('2.0-rc1')], 42, '2.0')).toBe(false);
    expect(hasNote([of('2.0.0'), of('2.0')], 42, '2.0')).toBe(true);
    expect(hasNote(['ai-triage-id: 42/2.0'], 42, '2.0')).toBe(true);
  });
});
