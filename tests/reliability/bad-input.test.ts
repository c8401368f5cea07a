/** Every function answers bad input with a 4xx JSON error that names the problem, and stays up. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunner, type Runner } from '../../tools/runner/index';
import { badInputs } from './helpers/bad-inputs';

let runner: Runner;
beforeAll(async () => {
  runner = await startRunner({ port: 0, sandbox: { plan: 'unlimited' } });
}, 60_000);
afterAll(() => runner.close());

describe.each(['fetch-tickets', 'classify-ticket', 'update-ticket'])('%s', (fn) => {
  it.each(badInputs().map((b) => [b.name, b] as const))('answers %s with a 4xx JSON error', async (_name, input) => {
    const res = await fetch(`${runner.gatewayUrl}/function/${fn}`, {
      method: 'POST',
      headers: input.contentType ? { 'content-type': input.contentType } : {},
      body: input.body,
    });
    const text = await res.text();
    // classify-ticket can classify some odd inputs (any text is a ticket); what it must never do is fail.
    if (res.status === 200) {
      // `{}` is a valid (empty) set of options for fetch-tickets.
      expect(
        fn === 'classify-ticket' || (fn === 'fetch-tickets' && input.body === '{}'),
        `${fn} accepted ${input.name}`,
      ).toBe(true);
      return;
    }
    expect(res.status, text).toBeGreaterThanOrEqual(400);
    expect(res.status, text).toBeLessThan(500);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(JSON.parse(text).error.length).toBeGreaterThan(5);
  });

  it('is still up', async () => {
    expect(runner.processes.find((p) => p.name === fn)!.child.exitCode).toBeNull();
  });
});
