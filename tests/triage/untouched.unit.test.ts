/** untouchedSinceCreation: what Freshdesk's API shows of "nobody set this yet", and every way it says "cannot tell". */
import { describe, expect, it } from 'vitest';
import { untouchedSinceCreation } from '@shared/triage';
import { snap } from './fixtures';

const ME = 7;
const at = (m: number) => `2026-11-30T10:0${m}:00Z`;
const note = (id: number, authorId: number, minute: number) => ({
  id,
  body: 'b',
  private: true,
  authorId,
  createdAt: at(minute),
});
const ticket = (updated: number, conversations = [] as ReturnType<typeof note>[]) =>
  snap({ createdAt: at(0), updatedAt: at(updated), conversations });

describe('untouchedSinceCreation', () => {
  it('is true for a ticket as created, and after the note this delivery just posted', () => {
    expect(untouchedSinceCreation(ticket(0), ME)).toBe(true);
    expect(untouchedSinceCreation(ticket(5, [note(9, ME, 5)]), ME, { id: 9 })).toBe(true);
  });
  it('is false after any other change, conversation, or an earlier note of ours', () => {
    expect(untouchedSinceCreation(ticket(3), ME)).toBe(false);
    expect(untouchedSinceCreation(ticket(0, [note(1, 42, 0)]), ME)).toBe(false);
    expect(untouchedSinceCreation(ticket(6, [note(9, ME, 5)]), ME, { id: 9 })).toBe(false);
    expect(untouchedSinceCreation(ticket(5, [note(8, ME, 5)]), ME, { id: 9 })).toBe(false);
  });
  it('is false when it cannot tell: no creation time, no conversations, no agent id', () => {
    expect(untouchedSinceCreation(snap({ updatedAt: at(0), conversations: [] }), ME)).toBe(false);
    expect(untouchedSinceCreation(snap({ createdAt: at(0), updatedAt: at(0) }), ME)).toBe(false);
    expect(untouchedSinceCreation(ticket(0), undefined)).toBe(false);
  });
});
