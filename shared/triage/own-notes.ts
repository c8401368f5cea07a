/**
 * Which notes on a ticket are this integration's triage notes for one model version: PRIVATE
 * notes written by the API key's own agent that carry the note id line. A public reply, or a
 * note by anyone else, that happens to contain `ai-triage-id: 523/1.0.0` is not ours.
 *
 * Two writers (two replicas, a rolling update, two runners) can both post a note before either
 * sees the other's. The help desk orders notes by id; the OLDEST of our notes is the one that
 * stands, every later one is a duplicate that any writer may delete. Everyone applies the same
 * rule, so they converge on the same single note without talking to each other.
 */
import type { NoteRef } from '../ticket-system';
import { carriesNoteId } from '../contract/marker';

export function ownTriageNotes(
  conversations: NoteRef[] | undefined,
  meId: number,
  ticketId: number,
  version: string,
): NoteRef[] {
  return (conversations ?? [])
    .filter((c) => c.private && c.authorId === meId && carriesNoteId(c.body, ticketId, version))
    .sort((a, b) => a.id - b.id);
}

/** The note that stands and the duplicates to delete. */
export function splitDuplicates(own: NoteRef[]): { keep: NoteRef | undefined; duplicates: NoteRef[] } {
  const [keep, ...duplicates] = own;
  return { keep, duplicates };
}
