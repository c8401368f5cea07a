/**
 * The client calls behind "one note per ticket": GET /agents/me, every conversation past the 10
 * the view embeds, and DELETE /conversations/{id}, against the sandbox; and the rule that picks
 * our own notes out of a ticket's conversations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreshdeskClient } from '../../shared/freshdesk';
import { FreshdeskTicketSystem } from '../../shared/ticket-system';
import { ownTriageNotes, splitDuplicates } from '../../shared/triage/own-notes';
import { ME_AGENT_ID } from '../../tools/freshdesk-sandbox/account';
import { startSandbox, type Sandbox } from '../../tools/freshdesk-sandbox/index';

let sb: Sandbox;
let fd: FreshdeskClient;
beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 'empty', plan: 'unlimited' });
  fd = new FreshdeskClient({ baseUrl: sb.baseUrl, apiKey: sb.apiKey });
});
afterAll(async () => {
  await fd.close();
  await sb.close();
});

describe('own notes', () => {
  it("GET /agents/me names the key's agent", async () => {
    expect((await fd.getMe()).id).toBe(ME_AGENT_ID);
  });

  it('lists all 230 conversations across pages, oldest first, while the view embeds 10', async () => {
    const [t] = sb.addTickets([
      { subject: 'long thread', description: 'x', requester: { name: 'A', email: 'a@example.com' } },
    ]);
    for (let i = 0; i < 230; i += 1) sb.agentNote(t!.id, `<p>n${i}</p>`, true);
    expect((await fd.getTicket(t!.id, { include: ['conversations'] })).conversations).toHaveLength(10);
    const all = await fd.listConversations(t!.id);
    expect(all).toHaveLength(230);
    expect(all.map((c) => c.id)).toEqual([...all.map((c) => c.id)].sort((a, b) => a - b));
    const ts = new FreshdeskTicketSystem({ baseUrl: sb.baseUrl, apiKey: sb.apiKey });
    expect((await ts.getTicket(t!.id, { withNotes: true })).conversations).toHaveLength(230);
    await ts.close();
  });

  it('DELETE /conversations/{id} removes a note; a second delete is not an error', async () => {
    const [t] = sb.addTickets([{ subject: 'dup', description: 'x', requester: { name: 'A', email: 'a@example.com' } }]);
    const note = await fd.addNote(t!.id, { body: '<p>dup</p>' });
    await fd.deleteConversation(note.id);
    await fd.deleteConversation(note.id);
    expect(sb.store.notes(t!.id)).toHaveLength(0);
  });

  it("PUT /conversations/{id} replaces a note's body; an empty body is refused before sending", async () => {
    const [t] = sb.addTickets([{ subject: 'fix', description: 'x', requester: { name: 'A', email: 'a@example.com' } }]);
    const note = await fd.addNote(t!.id, { body: '<p>applied</p>' });
    const updated = await fd.updateConversation(note.id, '<p>kept</p>');
    expect(updated.body).toBe('<p>kept</p>');
    expect(sb.store.notes(t!.id)[0]!.body_text).toBe('kept');
    await expect(fd.updateConversation(note.id, ' ')).rejects.toThrow(/empty/);
  });

  it("trusts only private notes by the key's agent with the id line; the oldest stands", () => {
    const body = '<p>ai-triage-id: 7/1.0.0</p>';
    const own = ownTriageNotes(
      [
        { id: 30, body, private: true, authorId: 1 },
        { id: 10, body, private: false, authorId: 1 },
        { id: 20, body, private: true, authorId: 2 },
        { id: 25, body, private: true, authorId: 1 },
        { id: 5, body: '<p>ai-triage-id: 7/2.0.0</p>', private: true, authorId: 1 },
      ],
      1,
      7,
      '1.0.0',
    );
    expect(own.map((n) => n.id)).toEqual([25, 30]);
    expect(splitDuplicates(own)).toMatchObject({ keep: { id: 25 }, duplicates: [{ id: 30 }] });
  });
});
