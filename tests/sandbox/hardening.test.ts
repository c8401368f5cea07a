/**
 * The sandbox never answers 500 to client input: prototype keys (`__proto__`, `constructor`,
 * `toString`) in every body it reads, 100,000-deep bodies, odd queries; and its request log stays
 * readable afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../tools/freshdesk-sandbox/index';
import { call, start } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await start({ seed: 'demo', plan: 'unlimited' });
});
afterAll(() => sb.close());

const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
const protoBodies = [
  '{"__proto__":{"priority":4},"constructor":{"prototype":{}}}',
  '{"tags":["__proto__"],"toString":1,"hasOwnProperty":2}',
  '{"custom_fields":{"__proto__":{"x":1},"constructor":1,"toString":"x"}}',
  '{"subject":"x","description":"y","email":"a@b.c","__proto__":{"a":1},"valueOf":{}}',
  deep,
];
const targets: [string, string][] = [
  ['PUT', '/tickets/1'],
  ['POST', '/tickets/1/notes'],
  ['POST', '/tickets'],
  ['POST', '/_sandbox/tickets'],
  ['POST', '/_sandbox/tickets/1/agent'],
  ['PUT', '/_sandbox/faults'],
  ['PUT', '/_sandbox/account'],
  ['POST', '/_sandbox/reset'],
];

describe('client input never causes a 500', () => {
  it.each(targets)('%s %s', async (method, path) => {
    for (const rawBody of protoBodies) {
      const body =
        path === '/_sandbox/tickets' && rawBody !== deep
          ? `[${rawBody}]`
          : path.endsWith('/agent') && rawBody !== deep
            ? `{"changes":${rawBody}}`
            : rawBody;
      const r = await call(sb, method, path, { rawBody: body, headers: { 'Content-Type': 'application/json' } });
      expect(r.status, `${body.slice(0, 80)} -> ${r.text.slice(0, 200)}`).toBeLessThan(500);
      expect(r.text.length).toBeLessThan(16 * 1024);
    }
    // Nothing leaked onto Object.prototype.
    expect(({} as Record<string, unknown>).priority).toBeUndefined();
  });

  it('odd queries are 4xx', async () => {
    for (const q of [
      '/tickets?updated_since=__proto__&include=__proto__',
      '/tickets?constructor=1',
      '/search/tickets?query=%22__proto__:1%22',
      '/tickets/1?include=constructor',
    ]) {
      expect((await call(sb, 'GET', q)).status).toBe(400);
    }
  });

  it('the request log stays readable after all of that', async () => {
    const log = await call(sb, 'GET', '/_sandbox/requests');
    expect(log.status).toBe(200);
    expect(log.text.length).toBeLessThan(5_000_000);
  });
});
