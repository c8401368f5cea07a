/** What classify-ticket accepts, normalised to items; bad input is a clear 4xx error naming the problem. */
import { describe, expect, it } from 'vitest';
import { MAX_BATCH, parseClassifyInput } from '../../shared/triage/classify-input';

/** The error parseClassifyInput throws (InputError: message + HTTP status). */
function failure(body: unknown): { message: string; status: number } {
  try {
    parseClassifyInput(body);
  } catch (err) {
    return { message: (err as Error).message, status: (err as { status: number }).status };
  }
  throw new Error('expected parseClassifyInput to throw');
}

describe('parseClassifyInput: accepted shapes', () => {
  it('plain text: first line is the subject when there are more lines', () => {
    expect(parseClassifyInput('Printer on fire\nIt is really on fire.\nPlease help.')).toEqual({
      items: [{ subject: 'Printer on fire', body: 'It is really on fire.\nPlease help.' }],
      batch: false,
    });
  });

  it('plain text of one line is the body, with an empty subject', () => {
    expect(parseClassifyInput('  my invoice is wrong  ')).toEqual({
      items: [{ subject: '', body: 'my invoice is wrong' }],
      batch: false,
    });
  });

  it('cuts a text subject at 300 characters', () => {
    const { items } = parseClassifyInput(`${'s'.repeat(400)}\nbody`);
    expect(items[0]!.subject).toHaveLength(300);
  });

  it('a Freshdesk ticket: description_text wins over description, and the fetched snapshot is built', () => {
    const { items } = parseClassifyInput({
      id: 7,
      subject: 'Refund',
      description: '<p>html</p>',
      description_text: 'plain',
      updated_at: '2026-11-24T10:00:00Z',
      priority: 2,
      group_id: 5,
      type: 'Question',
      tags: ['vip'],
      status: 2,
    });
    expect(items).toEqual([
      {
        ticketId: 7,
        subject: 'Refund',
        body: 'plain',
        ticket: { id: 7, updatedAt: '2026-11-24T10:00:00Z', groupId: 5, priority: 2, type: 'Question', tags: ['vip'] },
      },
    ]);
  });

  it('a ticket without updated_at or priority gets no snapshot (nothing to compare an update against)', () => {
    const { items } = parseClassifyInput({ id: 7, subject: 'Refund', description: 'text' });
    expect(items).toEqual([{ ticketId: 7, subject: 'Refund', body: 'text' }]);
  });

  it("fetch-tickets' hand-over keeps its ticket and dryRun", () => {
    const ticket = { id: 9, updatedAt: '2026-11-24T10:00:00Z', groupId: null, priority: 1, type: null, tags: [] };
    expect(parseClassifyInput({ ticketId: 9, subject: 'S', description: 'D', ticket, dryRun: true })).toEqual({
      items: [{ ticketId: 9, subject: 'S', body: 'D', ticket, dryRun: true }],
      batch: false,
    });
  });

  it('an array mixes objects and text and is a batch', () => {
    const r = parseClassifyInput([{ subject: 'A' }, 'B\nbody of B']);
    expect(r).toEqual({
      items: [
        { subject: 'A', body: '' },
        { subject: 'B', body: 'body of B' },
      ],
      batch: true,
    });
  });
});

describe('parseClassifyInput: refused input', () => {
  it.each<[string, unknown, number, RegExp]>([
    ['an empty text', '   \n ', 400, /the body is empty/],
    ['a binary body', Buffer.from([1, 2, 3]), 415, /unsupported content type/],
    ['an empty array', [], 400, /the array is empty/],
    ['a number', 42, 400, /send a ticket object, an array of tickets, or the ticket text/],
    ['null', null, 400, /send a ticket object/],
    [
      'a ticket without subject or description',
      { id: 3, subject: '  ' },
      400,
      /^ticket: .*give a subject or a description/,
    ],
    ['a ticket with a bad id', { id: -1, subject: 'x' }, 400, /^ticket: /],
    [
      'a bad ticket inside an array, named by its index',
      [{ subject: 'ok' }, { description: 5 }],
      400,
      /^ticket \[1\]: /,
    ],
    ['a bad hand-over snapshot', { ticketId: 9, subject: 'S', ticket: { id: 9 } }, 400, /^ticket: /],
  ])('%s', (_name, body, status, message) => {
    const f = failure(body);
    expect(f.status).toBe(status);
    expect(f.message).toMatch(message);
  });

  it(`refuses more than ${MAX_BATCH} tickets with 413`, () => {
    const f = failure(Array.from({ length: MAX_BATCH + 1 }, () => 'x'));
    expect(f).toEqual({ status: 413, message: `at most ${MAX_BATCH} tickets per call, got ${MAX_BATCH + 1}` });
    expect(parseClassifyInput(Array.from({ length: MAX_BATCH }, () => 'x')).items).toHaveLength(MAX_BATCH);
  });
});
