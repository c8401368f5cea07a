/**
 * The triage services as objects: each test builds its own fetch and update services (no hidden
 * module state between them), on a real sandbox. The gateway here is a small loopback server that
 * answers the async hand-over with 202 and records it (the full gateway is the runner's; a test of
 * claims and counters needs only the hand-over's arrival), and it can hold its answers until a
 * given number of hand-overs arrived, so two runs really overlap without racing a timer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTicketSystem, type TicketSystem } from '@shared/ticket-system';
import {
  createDispatcher,
  createFetchService,
  createUpdateService,
  type FetchServiceConfig,
} from '@shared/triage-services';
import { ClassifyResult } from '@shared/contract';
import { loadConfig as loadUpdateConfig } from '../../functions/update-ticket/config';
import { startSandbox, type Sandbox } from '../../tools/freshdesk-sandbox/index';
import { resultFor, triageNotes } from '../reliability/helpers/writers';

interface Gateway {
  url: string;
  handedOn: number[];
  /** Answers wait until this many hand-overs arrived (0: answer at once). */
  holdUntil: number;
  close(): Promise<void>;
}

async function startGateway(): Promise<Gateway> {
  const held: (() => void)[] = [];
  const gw: Gateway = { url: '', handedOn: [], holdUntil: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      gw.handedOn.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ticketId: number }).ticketId);
      held.push(() => res.writeHead(202).end());
      if (gw.handedOn.length >= gw.holdUntil) for (const answer of held.splice(0)) answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gw.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gw.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return gw;
}

let sb: Sandbox;
let gw: Gateway;
let ts: TicketSystem;

const settings = (over: Partial<FetchServiceConfig> = {}): FetchServiceConfig => ({
  rules: { statuses: [2, 3], markerTag: 'ai-triaged', modelVersion: '2.0.0' },
  lookbackMinutes: 60,
  backlogDays: 90,
  backlog: { everyMinutes: 0, days: 90, maxScanned: 100 },
  maxTickets: 100,
  concurrency: 4,
  claimTtlMs: 60_000,
  maxAttempts: 5,
  deadlineMs: 30_000,
  ...over,
});

const fetchService = (over: Partial<FetchServiceConfig> = {}, clock?: { now(): number }) =>
  createFetchService({
    config: settings(over),
    ticketSystem: ts,
    dispatcher: createDispatcher({
      url: gw.url,
      mode: 'async',
      signing: { secret: undefined, header: 'x-hub-signature' },
      timeoutMs: 10_000,
    }),
    ...(clock ? { clock } : {}),
  });

const addTickets = (n: number) =>
  sb
    .addTickets(
      Array.from({ length: n }, (_, i) => ({
        subject: `VPN drops ${i}`,
        description: 'the tunnel drops every hour',
        requester: { name: 'R', email: 'r@example.com' },
      })),
    )
    .map((t) => t.id);

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 'empty', plan: 'unlimited' });
  gw = await startGateway();
  ts = createTicketSystem({ kind: 'freshdesk', freshdesk: { baseUrl: sb.baseUrl, apiKey: sb.apiKey } });
}, 60_000);
afterAll(async () => {
  await ts?.close();
  await gw?.close();
  await sb?.close();
});

describe('fetch services', () => {
  it('overlapping runs of one service hand each ticket on once (its claims)', async () => {
    sb.reset('empty');
    gw.handedOn.length = 0;
    const ids = addTickets(6);
    // No hand-over is answered before all six arrived: both runs are in the middle of their work.
    gw.holdUntil = ids.length;
    const service = fetchService();
    const [a, b] = await Promise.all([service.run({}), service.run({})]);
    gw.holdUntil = 0;
    expect(a.dispatched + b.dispatched).toBe(ids.length);
    expect((a.skipped['in-flight'] ?? 0) + (b.skipped['in-flight'] ?? 0)).toBe(ids.length);
    expect([...gw.handedOn].sort((x, y) => x - y)).toEqual(ids);
  });

  it('two services share nothing: a second instance knows none of the first one’s claims', async () => {
    sb.reset('empty');
    gw.handedOn.length = 0;
    const ids = addTickets(3);
    const first = fetchService();
    expect((await first.run({})).dispatched).toBe(3);
    expect((await first.run({})).skipped['in-flight']).toBe(3);
    // A fresh instance (another replica, another test) starts clean; across processes the one-note
    // rule of update-ticket is what holds.
    expect((await fetchService().run({})).dispatched).toBe(3);
    expect(gw.handedOn.length).toBe(2 * ids.length);
  });

  it('keeps its own attempt counts: dead-lettered after maxAttempts, on its own clock', async () => {
    sb.reset('empty');
    gw.handedOn.length = 0;
    const ids = addTickets(2);
    let now = Date.now();
    const clock = { now: () => now };
    const strict = fetchService({ maxAttempts: 2, claimTtlMs: 1000 }, clock);
    const lenient = fetchService({ maxAttempts: 5, claimTtlMs: 1000 }, clock);
    const runs = [];
    for (let i = 0; i < 3; i += 1) {
      runs.push(await strict.run({}));
      await lenient.run({});
      now += 1001; // past the claims' time-to-live, by the services' clock
    }
    expect(runs.map((r) => r.dispatched)).toEqual([2, 2, 0]);
    expect(runs[2]!.skipped['dead-letter']).toBe(2);
    expect(runs[2]!.deadLetter.map((d) => d.ticketId).sort((x, y) => x - y)).toEqual(ids);
    expect((await lenient.run({})).deadLetter).toEqual([]);
  });
});

describe('update services', () => {
  it('one instance lets a duplicate delivery wait for the first: one note', async () => {
    sb.reset('empty');
    const [id] = addTickets(1);
    const cfg = loadUpdateConfig({
      FRESHDESK_BASE_URL: sb.baseUrl,
      FRESHDESK_API_KEY: sb.apiKey,
      SECRETS_DIR: join(process.cwd(), '.no-secrets'),
      APPLY_THRESHOLD: '0.5',
    });
    const service = createUpdateService({ config: cfg, ticketSystem: ts });
    const result = ClassifyResult.parse(resultFor(sb, id!));
    sb.setFaults({ latencyMs: 30 });
    const answers = await Promise.all([
      service.apply(result, id!, { dryRun: false }),
      service.apply(result, id!, { dryRun: false }),
    ]);
    sb.setFaults({});
    expect(answers.map((a) => a.outcome).sort()).toEqual(['applied', 'skipped']);
    const me = (await ts.me()) as number;
    expect(triageNotes(sb, id!, me)).toBe(1);
  });
});
