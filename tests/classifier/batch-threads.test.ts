/**
 * The batch path on worker threads (batch-pool.ts) gives the same predictions as one thread, in
 * input order, and single tickets are unaffected.
 */
import { describe, expect, it } from 'vitest';
import { loadClassifier } from '@shared/classifier';
import { BATCH_MIN_TICKETS, batchThreads, lazy } from '@shared/classifier/batch-threads';

const tickets = Array.from({ length: BATCH_MIN_TICKETS + 8 }, (_, i) => ({
  subject: ['Printer jams', 'Refund for double charge', 'VPN drops every hour', 'Rechnung doppelt abgebucht'][i % 4]!,
  body: `Ticket ${i}: ${'the issue started after the update and keeps coming back. '.repeat(1 + (i % 5))}`,
}));

describe('batch threads', () => {
  it('predicts the same on 2 threads as on 1, in input order', async () => {
    const one = await loadClassifier('models/ticket-triage', { batchThreads: 1 });
    const two = await loadClassifier('models/ticket-triage', { batchThreads: 2 });
    expect(two).not.toBe(one);
    const [a, b] = [await one.classifyBatch(tickets), await two.classifyBatch(tickets)];
    expect(b).toHaveLength(tickets.length);
    expect(b).toEqual(a);
    expect(await two.classify(tickets[5]!)).toEqual(a[5]);
  });

  it('takes its thread count from the option, then CLASSIFIER_BATCH_THREADS, else 1', () => {
    expect(batchThreads(3)).toBe(3);
    expect(batchThreads(0)).toBe(1);
    const before = process.env.CLASSIFIER_BATCH_THREADS;
    process.env.CLASSIFIER_BATCH_THREADS = '2';
    try {
      expect(batchThreads()).toBe(2);
      delete process.env.CLASSIFIER_BATCH_THREADS;
      expect(batchThreads()).toBe(1);
    } finally {
      if (before === undefined) delete process.env.CLASSIFIER_BATCH_THREADS;
      else process.env.CLASSIFIER_BATCH_THREADS = before;
    }
  });

  it('creates a lazy value once and retries after a failure', async () => {
    let calls = 0;
    const get = lazy(async () => {
      calls += 1;
      if (calls === 1) throw new Error('first fails');
      return calls;
    });
    await expect(get()).rejects.toThrow('first fails');
    expect(await get()).toBe(2);
    expect(await get()).toBe(2);
    expect(calls).toBe(2);
  });
});
