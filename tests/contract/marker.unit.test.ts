/** The triage marker and the note id, the contract fetch-tickets, update-ticket and the tools share. */
import { describe, expect, it } from 'vitest';
import {
  carriesMarker,
  carriesNoteId,
  hasMarker,
  isTriageNote,
  markerTags,
  noteId,
  versionTag,
} from '../../shared/contract/marker';

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

  it('says whether any version of the product triaged a ticket (the tools skip or count those)', () => {
    expect(carriesMarker(['x', 'ai-triaged-1.0.0'])).toBe(true);
    expect(carriesMarker(['ai-triaged'])).toBe(true);
    expect(carriesMarker(['ai-triaged-by-hand', 'other'], 'ai-triaged-by')).toBe(true);
    expect(carriesMarker(['ai-triagedx', 'x-ai-triaged'])).toBe(false);
    expect(carriesMarker([])).toBe(false);
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
    expect(carriesNoteId(body, 42, '2.0.0')).toBe(true);
    expect(carriesNoteId(body, 42, '2.0.1')).toBe(false);
    expect(carriesNoteId(body, 4, '2.0.0')).toBe(false);
    expect(carriesNoteId('unrelated', 42, '2.0.0')).toBe(false);
    expect(isTriageNote(body)).toBe(true);
    expect(isTriageNote('unrelated')).toBe(false);
  });

  it('matches the whole version: 2.0 does not find the note of 2.0.0 or 2.0-rc1, 2.0 finds its own', () => {
    const of = (version: string) => `<p>ai-triage-id: 42/${version}</p>`;
    expect(carriesNoteId(of('2.0.0'), 42, '2.0')).toBe(false);
    expect(carriesNoteId(of('2.0-rc1'), 42, '2.0')).toBe(false);
    expect(carriesNoteId(of('2.0.0') + of('2.0'), 42, '2.0')).toBe(true);
    expect(carriesNoteId('ai-triage-id: 42/2.0', 42, '2.0')).toBe(true);
  });
});
