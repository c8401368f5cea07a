/**
 * The pieces of what the operator sees, each on real inputs: the stack file of this repository,
 * the router with a real loopback upstream, and exchanges shaped as the functions answer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCycle } from '../../tools/runner/output';
import { humanReason } from '../../tools/runner/reasons';
import { Router } from '../../tools/runner/router';
import { renderNotes, resolveSettings, validateSettings } from '../../tools/runner/settings';
import { readStack } from '../../tools/runner/stack';
import { CycleRecorder } from '../../tools/runner/summary';
import { renderTable } from '../../tools/runner/table';

const stack = readStack('stack.yml', {});
const settings = (shell: Record<string, string>) =>
  resolveSettings(stack, {
    shell,
    local: {
      LOOKBACK_MINUTES: { value: '43200', why: 'the embedded demo tickets span 30 days' },
      MODEL_DIR: { value: 'models/ticket-triage', why: 'the repository model', quiet: true },
    },
    fixed: {
      gateway_url: 'http://127.0.0.1:8080',
      FRESHDESK_BASE_URL: 'http://127.0.0.1:1/api/v2',
      FRESHDESK_API_KEY: 'k',
      FRESHDESK_DOMAIN: undefined,
    },
    fixedWhy: {},
  });

describe('settings for the local runner', () => {
  it('the shell wins over stack.yml, which wins over the defaults, and each difference is said once', () => {
    const { envs, notes } = settings({
      APPLY_THRESHOLD: '0.99',
      THRESHOLD_QUEUE: '0.8',
      LOOKBACK_MINUTES: '60',
      PATH: '/bin',
    });
    expect(envs.get('update-ticket')).toMatchObject({
      APPLY_THRESHOLD: '0.99',
      REVIEW_BELOW: '0.3',
      THRESHOLD_QUEUE: '0.8',
    });
    expect(envs.get('fetch-tickets')).toMatchObject({ LOOKBACK_MINUTES: '60', STATUSES: '2,3' });
    expect(renderNotes(notes)).toEqual([
      'settings that differ from stack.yml:',
      '  LOOKBACK_MINUTES=60  from the shell (stack.yml: 1440)  [fetch-tickets]',
      '  APPLY_THRESHOLD=0.99  from the shell (stack.yml: 0.6)  [update-ticket]',
      '  THRESHOLD_QUEUE=0.8  from the shell (stack.yml: not set)  [update-ticket]',
    ]);
    // Without the shell's value, the runner's demo look-back applies and is said with its reason.
    expect(renderNotes(settings({}).notes)).toEqual([
      'settings that differ from stack.yml:',
      '  LOOKBACK_MINUTES=43200  set by the runner: the embedded demo tickets span 30 days (stack.yml: 1440)  [fetch-tickets]',
    ]);
  });

  it('finds a bad schedule, a bad threshold and a bad map before anything starts', () => {
    const bad = stack.map((f) =>
      f.name === 'fetch-tickets' ? { ...f, annotations: { ...f.annotations, schedule: '*/5 25 * * *' } } : f,
    );
    const { envs } = settings({ THRESHOLD_QUEUE: '2', QUEUE_GROUP_MAP: '{"Billing": ' });
    const problems = validateSettings(process.cwd(), bad, envs);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBe('stack.yml: fetch-tickets schedule "*/5 25 * * *": "25" is not in 0-23');
    expect(problems[1]).toMatch(/^update-ticket: configuration: THRESHOLD_QUEUE: /);
    expect(validateSettings(process.cwd(), stack, settings({ QUEUE_GROUP_MAP: '{"Billing": ' }).envs)).toEqual([
      expect.stringMatching(/^update-ticket: configuration: QUEUE_GROUP_MAP: must be a JSON object/),
    ]);
    expect(validateSettings(process.cwd(), stack, settings({}).envs)).toEqual([]);
    expect(validateSettings(process.cwd(), stack, settings({ MODEL_DIR: 'models/none' }).envs)).toEqual([
      expect.stringMatching(/^classify-ticket: MODEL_DIR: no model at .*models\/none \(manifest.json missing\)$/),
    ]);
  });
});

describe('errors said for a person', () => {
  it('names the setting or the key to check', () => {
    expect(
      humanReason(
        'update-ticket',
        502,
        'ticket system: GET /tickets/5: You have to be logged in to perform this action.',
        401,
      ),
    ).toBe('Freshdesk answered 401 on GET /tickets/5: check FRESHDESK_API_KEY');
    expect(humanReason('fetch-tickets', 502, 'ticket system: GET /tickets: connection failed (ENOTFOUND)')).toBe(
      'Freshdesk could not be reached (ENOTFOUND): check FRESHDESK_DOMAIN / FRESHDESK_BASE_URL',
    );
    expect(humanReason('update-ticket', 500, 'configuration: APPLY_THRESHOLD: expected number, received NaN')).toBe(
      'bad setting for update-ticket: APPLY_THRESHOLD: expected number, received NaN',
    );
    expect(humanReason('update-ticket', 502, 'ticket system: PUT /tickets/7: HTTP 503', 503)).toBe(
      'Freshdesk answered 503 on PUT /tickets/7 (after retries)',
    );
    expect(humanReason('classify-ticket', 504, '')).toBe('classify-ticket timed out');
  });

  it('error rows carry the ticket id and the function under the table; a quiet cycle says "nothing new" with its time', () => {
    const rec = new CycleRecorder();
    const ex = (name: string, status: number, req: unknown, res: unknown) => ({
      name,
      async: true,
      status,
      requestBody: Buffer.from(JSON.stringify(req)),
      responseBody: Buffer.from(JSON.stringify(res)),
    });
    rec.record(ex('fetch-tickets', 200, {}, { scanned: 3, eligible: 2, dispatched: 2, skipped: {}, errors: [] }));
    rec.record(
      ex(
        'classify-ticket',
        200,
        {
          ticketId: 4,
          subject: 'VPN down',
          ticket: { id: 4, updatedAt: 'x', groupId: null, priority: 1, type: 'Incident', tags: [] },
        },
        {},
      ),
    );
    rec.record(
      ex(
        'update-ticket',
        200,
        {},
        {
          ticketId: 4,
          outcome: 'applied',
          reason: '1 field(s) applied',
          dryRun: false,
          heads: {
            queue: { label: 'Technical Support', confidence: 0.45, action: 'suggested' },
            priority: { label: 'high', confidence: 0.9, action: 'applied' },
            type: { label: 'Problem', confidence: 0.8, action: 'kept' },
          },
        },
      ),
    );
    rec.record(
      ex(
        'update-ticket',
        502,
        { ticketId: 9 },
        { error: 'ticket system: PUT /tickets/9: We are facing some issues', upstreamStatus: 503 },
      ),
    );
    const s = rec.summary();
    expect(s.results[0]!.fields).toEqual({
      queue: { label: 'Technical Support', confidence: 0.45, action: 'suggested' },
      priority: { label: 'high', confidence: 0.9, action: 'applied' },
      type: { label: 'Problem', confidence: 0.8, action: 'kept' },
    });
    expect(s.results[0]!.current).toEqual({ groupId: null, priority: 1, type: 'Incident' });
    // What --json carries for a failure: the ticket, the function, what it answered, and the reason.
    expect(s.errors).toEqual([
      {
        ticketId: 9,
        function: 'update-ticket',
        status: 502,
        error: 'ticket system: PUT /tickets/9: We are facing some issues',
        reason: 'Freshdesk answered 503 on PUT /tickets/9 (after retries): We are facing some issues',
      },
    ]);
    const table = renderTable(s).split('\n');
    expect(table[2]).toMatch(
      /^\s+4 {2}VPN down\s+Technical Support 45% suggested\s+high 90% applied\s+Problem 80% kept \(agent\)$/,
    );
    expect(table).toContain(
      '      9  update-ticket    Freshdesk answered 503 on PUT /tickets/9 (after retries): We are facing some issues',
    );
    expect(table.at(-2)).toBe('queue: suggested 1; priority: applied 1; type: kept (agent) 1');
    const quiet = new CycleRecorder();
    quiet.record(ex('fetch-tickets', 200, {}, { scanned: 12, eligible: 0, dispatched: 0, skipped: {}, errors: [] }));
    expect(renderCycle(quiet.summary(), new Date('2026-11-30T15:35:00Z'))).toBe(
      '2026-11-30 15:35:00 UTC  cron cycle: nothing new (scanned 12, none needed triage)',
    );
  });
});

describe('async calls whose answer cannot be delivered', () => {
  let upstream: Server;
  let router: Router;
  const lost: [string, string, string][] = [];
  beforeAll(async () => {
    upstream = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const fn = {
      name: 'echo',
      image: 'x/echo',
      annotations: {},
      labels: {},
      environment: {},
      execTimeoutMs: 2000,
      maxInflight: undefined,
    };
    router = new Router({
      upstreams: new Map([['echo', { fn, port: (upstream.address() as AddressInfo).port }]]),
      onCallbackError: (...a) => lost.push(a),
    });
    await new Promise<void>((r) => router.server.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    router.server.closeAllConnections();
    await new Promise<void>((r) => router.server.close(() => r()));
    await new Promise<void>((r) => upstream.close(() => r()));
  });

  it('are reported with the call id, the URL and why', async () => {
    const url = `http://127.0.0.1:${(router.server.address() as AddressInfo).port}/async-function/echo`;
    const a = await fetch(url, { method: 'POST', headers: { 'x-callback-url': 'http://127.0.0.1:1/done' }, body: 'x' });
    const b = await fetch(url, { method: 'POST', headers: { 'x-callback-url': 'not a url' }, body: 'x' });
    expect([a.status, b.status]).toEqual([202, 202]);
    await router.drained();
    expect(lost).toEqual([
      [a.headers.get('x-call-id'), 'http://127.0.0.1:1/done', 'ECONNREFUSED'],
      [b.headers.get('x-call-id'), 'not a url', 'not an http(s) URL'],
    ]);
  });
});
