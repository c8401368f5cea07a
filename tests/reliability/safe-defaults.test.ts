/**
 * Issue 22, failures 1-3, against the runner as `npm start` starts it (no signing secret given,
 * the embedded sandbox, writes on): a cross-origin page's forged classification, a rebound Host,
 * a GET trigger and an empty SIGNING_SECRET all fail; 50 unsigned cron triggers in a row cost at
 * most one cycle's API calls. Counts are printed as tried/held.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunner, type Runner } from '../../tools/runner/index';
import { rawRequest } from './helpers/raw-http';
import { tally } from './helpers/tally';

const t = tally('safe by default (tests/reliability/safe-defaults.test.ts)');
let runner: Runner;

/** The shell of a user who set no signing secret (the test process's own may carry none either). */
const shell = (extra: Record<string, string> = {}) => {
  const { SIGNING_SECRET: _s, SIGNING: _o, ...rest } = process.env;
  return { ...rest, SECRETS_DIR: '/nonexistent-secrets', ...extra };
};

beforeAll(async () => {
  runner = await startRunner({ port: 0, shell: shell(), sandbox: { plan: 'unlimited' } });
}, 60_000);
afterAll(() => runner.close());

const apiCalls = () => runner.sandbox!.requestLog().filter((e) => !e.admin).length;
const notes = (id: number) => runner.sandbox!.store.notes(id).length;
const forged = (ticketId: number) =>
  JSON.stringify({
    ticketId,
    model: { name: 'ticket-triage', version: '9.9.9' },
    predictions: { queue: { label: 'Billing', confidence: 0.99, alternatives: [] } },
    tags: [],
    explanation: {},
  });

describe('failure 1: nothing writes without a signature, from a page or a rebound name', () => {
  it('signing is on with a generated secret when none is configured', () => {
    expect(t.check('runner starts with signing on', runner.signing === 'generated')).toBe(true);
  });

  it('a cross-origin text/plain POST, a rebound Host and an unsigned forged POST write nothing', async () => {
    const url = `${runner.gatewayUrl}/function/update-ticket`;
    const host = new URL(runner.gatewayUrl).host;
    const before = [4, 5, 6].map(notes);
    const calls = apiCalls();
    const tries = [
      {
        what: 'cross-origin page POST refused',
        headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
        want: 403,
      },
      { what: 'page POST with Origin only refused', headers: { origin: 'http://evil.example' }, want: 403 },
      { what: 'rebound Host refused', headers: { host: `evil.example:${new URL(runner.gatewayUrl).port}` }, want: 403 },
      { what: 'unsigned forged classification refused', headers: { host }, want: 401 },
    ];
    for (const ticketId of [4, 5, 6])
      for (const x of tries) {
        const r = await rawRequest(url, 'POST', { 'content-type': 'text/plain', ...x.headers }, forged(ticketId));
        expect(t.check(x.what, r.status === x.want), `${x.what}: ${r.status} ${r.text}`).toBe(true);
      }
    await runner.drain();
    expect(t.check('no note written', JSON.stringify([4, 5, 6].map(notes)) === JSON.stringify(before))).toBe(true);
    expect(t.check('no API call made', apiCalls() === calls)).toBe(true);
  });

  it('the sandbox refuses a rebound Host and a cross-site page on its admin API', async () => {
    const sb = runner.sandbox!;
    const port = new URL(sb.adminUrl).port;
    const body = JSON.stringify({ errorRate: 1 });
    const headers = { 'content-type': 'application/json', 'x-sandbox-admin': '1' };
    const rebound = await rawRequest(
      `${sb.adminUrl}/faults`,
      'PUT',
      { ...headers, host: `evil.example:${port}` },
      body,
    );
    const page = await rawRequest(`${sb.adminUrl}/faults`, 'PUT', { ...headers, 'sec-fetch-site': 'cross-site' }, body);
    expect(t.check('sandbox rebound Host refused', rebound.status === 403), rebound.text).toBe(true);
    expect(t.check('sandbox cross-site page refused', page.status === 403), page.text).toBe(true);
    expect(t.check('faults unchanged', sb.faults.describe().config.errorRate === 0)).toBe(true);
  });

  it('GET on a function that writes answers 405 and costs nothing', async () => {
    const calls = apiCalls();
    for (const fn of ['fetch-tickets', 'update-ticket']) {
      const r = await fetch(`${runner.gatewayUrl}/function/${fn}`);
      await r.body?.cancel();
      expect(t.check('GET on a writing function is 405', r.status === 405), `${fn}: ${r.status}`).toBe(true);
    }
    await runner.drain();
    expect(t.check('GET trigger made no API call', apiCalls() === calls)).toBe(true);
  });

  it('an empty or whitespace SIGNING_SECRET stops the runner before anything starts', async () => {
    for (const value of ['', '   ']) {
      const err = await startRunner({ port: 0, shell: shell({ SIGNING_SECRET: value }) }).then(
        async (r) => {
          await r.close();
          return undefined;
        },
        (e: unknown) => e as Error,
      );
      const held = t.check('empty signing secret refused', err !== undefined && /SIGNING_SECRET/.test(err.message));
      expect(held, err?.message ?? 'started').toBe(true);
    }
  });
});

describe('failures 2-3: unsigned triggers cannot burn the API budget', () => {
  it('50 unsigned cron triggers in a row cost one cycle', async () => {
    const url = `${runner.gatewayUrl}/function/fetch-tickets`;
    const fire = () =>
      fetch(url, { method: 'POST', headers: { 'x-connector': 'cron-connector' } }).then(async (r) => {
        await r.body?.cancel();
        return r.status;
      });
    const calls0 = apiCalls();
    const first = await fire();
    await runner.drain();
    const oneCycle = apiCalls() - calls0;
    const rest: number[] = [];
    for (let i = 0; i < 49; i += 1) rest.push(await fire());
    await runner.drain();
    const extra = apiCalls() - calls0 - oneCycle;
    console.log(
      `50 unsigned triggers: first ${first}, one cycle = ${oneCycle} API calls; the other 49: ${rest.filter((s) => s === 429).length} x 429, ${extra} API calls`,
    );
    expect(t.check('first unsigned trigger runs a cycle', first === 200)).toBe(true);
    for (const s of rest) t.check('later unsigned trigger refused (429)', s === 429);
    expect(rest.every((s) => s === 429)).toBe(true);
    expect(t.check('49 refused triggers made no API call', extra === 0), `${extra} calls`).toBe(true);
  }, 60_000);

  it("the runner's own (signed) cycles are not held back", async () => {
    const a = await runner.runCycle();
    const b = await runner.runCycle();
    expect(t.check('signed cycles run back to back', a.errors.length === 0 && b.errors.length === 0)).toBe(true);
  }, 60_000);
});
