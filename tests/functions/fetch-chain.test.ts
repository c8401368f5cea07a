/**
 * fetch-tickets chaining through a gateway to classify-ticket and update-ticket, async (the
 * queue worker's callback) and sync, against the sandbox: every eligible ticket triaged once,
 * repeated and overlapping runs add nothing, cron's empty POST works, bad options are a 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../tools/freshdesk-sandbox/index';
import { post, serveFunction, startTestGateway, type Served, type TestGateway } from './helpers/serve';

let sb: Sandbox;
let fns: Served[];
let gw: TestGateway;
let fetchUrl: string;

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 'demo', plan: 'unlimited' });
  process.env.gateway_url = 'http://127.0.0.1:1';
  Object.assign(process.env, {
    FRESHDESK_BASE_URL: sb.baseUrl,
    FRESHDESK_API_KEY: sb.apiKey,
    MODEL_DIR: 'models/ticket-triage',
    DISPATCH_MODE: 'async',
    SECRETS_DIR: '/nonexistent',
    LOOKBACK_MINUTES: String(30 * 24 * 60),
  });
  const [f, c, u] = await Promise.all([
    serveFunction('fetch-tickets'),
    serveFunction('classify-ticket'),
    serveFunction('update-ticket'),
  ]);
  fns = [f!, c!, u!];
  gw = await startTestGateway({ 'fetch-tickets': f!.url, 'classify-ticket': c!.url, 'update-ticket': u!.url });
  process.env.gateway_url = gw.url; // read when fetch-tickets loads its configuration on the first call
  fetchUrl = `${gw.url}/function/fetch-tickets`;
});
afterAll(async () => {
  await gw.close();
  await Promise.all(fns.map((f) => f.close()));
  await sb.close();
});

const eligibleIds = () =>
  sb.store
    .tickets()
    .filter((t) => !t.spam && !t.deleted && [2, 3].includes(t.status))
    .map((t) => t.id);
const triageNotes = (id: number) => sb.store.notes(id).filter((n) => n.body.includes(`ai-triage-id: ${id}/`));

describe('fetch-tickets', () => {
  it('rejects bad options with a 400 that names them', async () => {
    const r = await post(fetchUrl, JSON.stringify({ limit: -1, colour: 'red' }), 'application/json');
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/limit/);
    expect(r.json.error).toMatch(/colour/);
  });

  it('dry-run dispatches without writing', async () => {
    const before = sb.store
      .tickets()
      .map((t) => t.updated_at)
      .join();
    const r = await post(fetchUrl, JSON.stringify({ dryRun: true, limit: 3 }), 'application/json');
    expect(r.status).toBe(200);
    expect(r.json.dispatched).toBe(3);
    await gw.drain();
    expect(
      sb.store
        .tickets()
        .map((t) => t.updated_at)
        .join(),
    ).toBe(before);
  });

  it('a cron run (empty POST) triages every eligible ticket through the async chain, once', async () => {
    const ids = eligibleIds();
    // Two overlapping cron firings: the second must not dispatch what the first claimed.
    const cron = { 'x-connector': 'cron-connector', 'x-topic': 'cron-function' };
    const [a, b] = await Promise.all([post(fetchUrl, '', undefined, cron), post(fetchUrl, '', undefined, cron)]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.json.dispatched + b.json.dispatched, JSON.stringify([a.json, b.json])).toBe(ids.length);
    expect(a.json.errors).toEqual([]);
    await gw.drain();
    for (const id of ids) {
      expect(sb.store.ticket(id)!.tags).toContain('ai-triaged-2.0.0');
      expect(triageNotes(id)).toHaveLength(1);
    }
    const again = await post(fetchUrl, '', undefined, cron);
    expect(again.json.dispatched).toBe(0);
    expect(again.json.skipped['already-triaged']).toBe(ids.length);
    await gw.drain();
    for (const id of ids) expect(triageNotes(id)).toHaveLength(1);
  });

  it('picks up a new ticket on the next run, by id when asked', async () => {
    const [t] = sb.addTickets([
      {
        subject: 'Refund for returned headset',
        description: 'I returned the headset last week and still have no refund.',
        createdMinutesAgo: 1,
      },
    ]);
    const r = await post(fetchUrl, JSON.stringify({ ticketIds: [t!.id] }), 'application/json');
    expect(r.json).toMatchObject({ scanned: 1, eligible: 1, dispatched: 1 });
    await gw.drain();
    expect(triageNotes(t!.id)).toHaveLength(1);
  });
});
