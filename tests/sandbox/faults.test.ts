import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../tools/freshdesk-sandbox/index';
import { Faults } from '../../tools/freshdesk-sandbox/faults';
import { call, start } from './helpers';

describe('Faults (seeded PRNG)', () => {
  it('gives the same fault sequence for the same seed and a different one for another seed', () => {
    const run = (seed: number) => {
      const f = new Faults({ seed, errorRate: 0.3, dropRate: 0.1, jitterMs: 50 });
      return Array.from({ length: 200 }, () => f.decide());
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    const kinds = run(7).map((d) => d.action.kind);
    expect(kinds).toContain('error');
    expect(kinds).toContain('drop');
    expect(kinds).toContain('none');
  });

  it('rejects invalid configurations', () => {
    expect(() => new Faults({ errorRate: 2 })).toThrow();
    expect(() => new Faults({ unknown: 1 } as never)).toThrow();
  });
});

describe('fault injection over HTTP', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await start({ plan: 'unlimited' });
  });
  beforeEach(() => sb.setFaults({}));
  afterAll(() => sb.close());

  it('answers 5xx for the configured share, with rate-limit headers', async () => {
    sb.setFaults({ errorRate: 1, errorStatuses: [500] });
    const res = await call(sb, 'GET', '/tickets/1');
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('internal_error');
    expect(res.headers.get('x-ratelimit-total')).not.toBeNull();
  });

  it('sends edge-style HTML for 502/503', async () => {
    sb.setFaults({ errorRate: 1, errorStatuses: [502] });
    const res = await call(sb, 'GET', '/tickets/1');
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('fails every API call during an outage while the admin API keeps working', async () => {
    sb.setFaults({ outage: true });
    for (const path of ['/tickets', '/tickets/1', '/ticket_fields'])
      expect((await call(sb, 'GET', path)).status).toBe(503);
    expect((await call(sb, 'GET', '/_sandbox/faults')).body.config.outage).toBe(true);
  });

  it('drops connections', async () => {
    sb.setFaults({ dropRate: 1 });
    await expect(call(sb, 'GET', '/tickets/1')).rejects.toThrow();
    expect(sb.requestLog().at(-1)).toMatchObject({ fault: 'drop', status: null });
  });

  it('injects a 429 burst after N calls', async () => {
    sb.setFaults({ rateLimitBurst: { count: 2, afterCalls: 1, retryAfterSec: 7 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const res = await call(sb, 'GET', '/tickets/1');
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toBe('7');
        expect(res.text).toBe('');
      }
    }
    expect(statuses).toEqual([200, 429, 429, 200]);
  });

  it('loses the response of a call that took effect (note created, response lost)', async () => {
    const before = sb.store.notes(1).length;
    sb.setFaults({ loseResponseRate: 1 });
    await expect(call(sb, 'POST', '/tickets/1/notes', { body: { body: 'hello' } })).rejects.toThrow();
    sb.setFaults({});
    expect(sb.store.notes(1)).toHaveLength(before + 1);
  });

  it('delivers a complete body slowly and adds latency', async () => {
    sb.setFaults({ slowBodyMs: 40, latencyMs: 20 });
    const res = await call(sb, 'GET', '/tickets/1');
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(1);
    // Lower bound only: timers never fire meaningfully early, so this cannot flake on a slow machine.
    expect(sb.requestLog().at(-1)?.durationMs).toBeGreaterThanOrEqual(15);
  });

  it('can be set at start', async () => {
    const other = await start({ faults: { outage: true, outageStatus: 500 } });
    try {
      expect((await call(other, 'GET', '/tickets')).status).toBe(500);
    } finally {
      await other.close();
    }
  });
});
