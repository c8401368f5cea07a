/**
 * Learning from the help desk's own history, end to end against the sandbox: a generated history
 * whose true labels the test knows (agents set them), exported, trained on with a time split,
 * shadow-evaluated without writing, and the override report after agents change triaged tickets.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreshdeskClient } from '@shared/freshdesk';
import { loadClassifier } from '@shared/classifier';
import { createTicketSystem } from '@shared/ticket-system';
import { readNote } from '@shared/triage';
import { startSandbox, type Sandbox } from '../../tools/freshdesk-sandbox/index';
import { exportTickets } from '../../tools/export/export-tickets';
import { shadowEvaluate } from '../../tools/shadow/shadow-eval';
import { overrideReport } from '../../tools/overrides/overrides';
import { startRunner } from '../../tools/runner/index';
import { loadConfig as loadUpdateConfig } from '../../functions/update-ticket/config';

const run = promisify(execFile);
let sb: Sandbox;
const since = new Date(Date.now() - 20 * 86_400_000);

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 'empty', plan: 'unlimited' });
  const c = new FreshdeskClient({ baseUrl: sb.baseUrl, apiKey: sb.apiKey, keepAliveTimeoutMs: 10 });
  const groups = new Map((await c.listGroups()).map((g) => [g.name, g.id]));
  await c.close();
  // A history of 2,000 tickets over two weeks; agents decided each one (the generator's truth).
  for (const t of sb.generateTickets({ count: 2000, seed: 21, spreadHours: 14 * 24 })) {
    const e = (t as unknown as { expected: { queue: string; type: string; priority: number } }).expected;
    sb.actAsAgent(t.id, { group_id: groups.get(e.queue)!, type: e.type, priority: e.priority as 1 | 2 | 3, status: 4 });
  }
}, 60_000);
afterAll(() => sb.close());

const ts = () =>
  createTicketSystem({
    kind: 'freshdesk',
    freshdesk: { baseUrl: sb.baseUrl, apiKey: sb.apiKey, keepAliveTimeoutMs: 10 },
  });

describe('learn from history', () => {
  it('exports the history and trains on it with a time split', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'history-'));
    const csv = join(dir, 'history.csv');
    const c = new FreshdeskClient({ baseUrl: sb.baseUrl, apiKey: sb.apiKey, keepAliveTimeoutMs: 10 });
    expect((await exportTickets({ client: c, out: csv, since })).written).toBe(2000);
    await c.close();
    const out = join(dir, 'model');
    const t = await run(process.execPath, [
      '--import',
      'tsx',
      'tools/train/cli.ts',
      '--data',
      csv,
      '--label',
      'queue',
      '--label',
      'priority',
      '--out',
      out,
      '--split',
      'time',
      '--epochs',
      '3',
    ]);
    expect(t.stderr).toMatch(/time split: training on 1800 rows before .*, validating on the newest 200/);
    expect(existsSync(join(out, 'model.onnx'))).toBe(true);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(m.metrics.heads.queue.accuracy).toBeGreaterThan(0.8); // the generator's queues are learnable
  }, 120_000);

  it('shadow-evaluates the shipped model against the agents without writing anything', async () => {
    const before = sb.requestLog().length;
    const system = ts();
    const r = await shadowEvaluate(system, await loadClassifier('models/ticket-triage'), {
      since,
      targetPrecision: 0.9,
    });
    await system.close();
    expect(r.tickets).toBe(2000);
    expect(r.heads.queue!.rows).toBe(2000);
    expect(r.heads.queue!.accuracy).toBeGreaterThan(0.3);
    expect(r.heads.queue!.curve[0]!.coverage).toBeGreaterThanOrEqual(r.heads.queue!.curve.at(-1)!.coverage);
    expect(Object.keys(r.config).sort()).toEqual(['THRESHOLD_PRIORITY', 'THRESHOLD_QUEUE', 'THRESHOLD_TYPE']);
    // The proposal goes into update-ticket's environment as it is.
    const cfg = loadUpdateConfig({
      FRESHDESK_BASE_URL: sb.baseUrl,
      FRESHDESK_API_KEY: 'k',
      SECRETS_DIR: '/nonexistent',
      ...r.config,
      THRESHOLD_TYPE: 'never',
    });
    expect(cfg.policy.applyAt.type).toBe(Number.POSITIVE_INFINITY);
    expect(cfg.policy.applyAt.queue).toBe(
      r.config.THRESHOLD_QUEUE === 'never' ? Number.POSITIVE_INFINITY : Number(r.config.THRESHOLD_QUEUE),
    );
    expect(
      sb
        .requestLog()
        .slice(before)
        .every((e) => e.method === 'GET'),
    ).toBe(true);
  }, 60_000);

  it('runs as npm run evaluate -- --from-freshdesk --json', async () => {
    const { stdout } = await run(
      'npm',
      [
        'run',
        'evaluate',
        '--silent',
        '--',
        '--model',
        'models/ticket-triage',
        '--from-freshdesk',
        '--since',
        since.toISOString().slice(0, 10),
        '--json',
      ],
      // The base URL without /api/v2, as export and overrides take it.
      { env: { ...process.env, FRESHDESK_BASE_URL: sb.origin, FRESHDESK_API_KEY: sb.apiKey } },
    );
    const r = JSON.parse(stdout.trim());
    expect(r.model.version).toBe('2.0.0');
    expect(r.targetPrecision).toBe(0.95);
    // Where the card's threshold and this run's proposal differ, the report says why.
    const card = JSON.parse(readFileSync('models/ticket-triage/manifest.json', 'utf8')).thresholds;
    for (const [head, h] of Object.entries(r.heads as Record<string, { proposedThreshold: number | null }>)) {
      const differs = card[head] && card[head].threshold !== h.proposedThreshold;
      expect(r.cardVsShadow.some((l: string) => l.startsWith(`${head}: the model card says`))).toBe(Boolean(differs));
    }
    for (const [head, h] of Object.entries(r.heads as Record<string, { proposedThreshold: number | null }>))
      if (h.proposedThreshold !== null && h.proposedThreshold < 0.6)
        expect(r.warnings).toContain(
          `${head}: the proposed threshold ${h.proposedThreshold} is under APPLY_THRESHOLD=0.6, the floor update-ticket keeps: it applies from 0.6 unless APPLY_THRESHOLD is lowered`,
        );
  }, 60_000);
});

describe('override report', () => {
  it('counts the applied values agents changed afterwards, per head and class', async () => {
    const runner = await startRunner({ port: 0, sandbox: { plan: 'unlimited' } });
    try {
      await runner.runCycle();
      const demo = runner.sandbox!;
      const triaged = demo.store
        .tickets()
        .filter((t) => demo.store.notes(t.id).some((n) => n.body.includes('ai-triage-id:')));
      const queueApplied = triaged.filter(
        (t) =>
          readNote(demo.store.notes(t.id).find((n) => n.body.includes('ai-triage-id:'))!.body).rows.queue?.action ===
          'applied',
      );
      expect(queueApplied.length).toBeGreaterThan(5);
      const other = (gid: number | null) =>
        demo.store
          .tickets()
          .map((t) => t.group_id)
          .find((g) => g !== null && g !== gid)!;
      for (const t of queueApplied.slice(0, 4))
        demo.actAsAgent(t.id, { group_id: other(demo.store.ticket(t.id)!.group_id) });
      const system = createTicketSystem({
        kind: 'freshdesk',
        freshdesk: { baseUrl: demo.baseUrl, apiKey: demo.apiKey },
      });
      const r = await overrideReport(system, new Date(Date.now() - 86_400_000));
      await system.close();
      expect(r.tickets).toBe(triaged.length);
      expect(r.heads.queue!.applied).toBe(queueApplied.length);
      expect(r.heads.queue!.overridden).toBe(4);
      expect(Object.values(r.heads.queue!.perClass).reduce((s, c) => s + c.overridden, 0)).toBe(4);
      // Every head the notes name is listed, also one that was only suggested; and per model version.
      expect(Object.keys(r.heads).sort()).toEqual(['priority', 'queue', 'type']);
      expect(r.versions['2.0.0']?.heads.queue?.overridden).toBe(4);
    } finally {
      await runner.close();
    }
  }, 90_000);
});
