/**
 * The model's life on a help desk that changes: the sandbox's generated history (90 days, the
 * product live from day 45, a new group and a product moving queues from day 60), a live model
 * trained on what was known at go-live, and the operator's commands as docs/retraining.md gives
 * them: `npm run drift`, `npm run retrain`, `npm run rollback` (run as the CLIs, on loopback).
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreshdeskClient } from '@shared/freshdesk';
import { exportTickets } from '../../tools/export/export-tickets';
import { startSandbox, type Sandbox } from '../../tools/freshdesk-sandbox/index';
import { addHistoryGroups, generateHistory, historyGroups } from '../../tools/freshdesk-sandbox/history';

const DAY = 86_400_000;
const dayAgo = (n: number): string => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);
let sb: Sandbox;
let dir: string;
let env: NodeJS.ProcessEnv;

/** A CLI of this repository, as `npm run <name>` runs it; resolves with its exit code and output. */
function cli(path: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path, ...args], { env, maxBuffer: 1 << 24 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const train = (csv: string, out: string, version: string) =>
  cli(
    'tools/train/cli.ts',
    ['--data', csv, '--label', 'queue', '--label', 'priority', '--label', 'type'].concat([
      '--split',
      'time',
      '--out',
      out,
      '--version',
      version,
    ]),
  );

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 'empty', plan: 'unlimited' });
  const history = { days: 90, perDay: 20, drift: { afterDay: 60 } };
  addHistoryGroups(sb.store, historyGroups(history));
  sb.addTickets(generateHistory(history));
  env = { ...process.env, FRESHDESK_BASE_URL: sb.baseUrl, FRESHDESK_API_KEY: sb.apiKey };
  dir = mkdtempSync(join(tmpdir(), 'lifecycle-'));
  // The live model: trained on what agents had decided by go-live (day 45 of 90).
  const c = new FreshdeskClient({ baseUrl: sb.baseUrl, apiKey: sb.apiKey, keepAliveTimeoutMs: 10 });
  const known = join(dir, 'known.csv');
  await exportTickets({ client: c, out: known, since: new Date(0), until: new Date(Date.now() - 45 * DAY) });
  await c.close();
  const t = await train(known, join(dir, 'models/ticket-triage'), '1.0.0');
  expect(t.code, t.stderr).toBe(0);
}, 60_000);
afterAll(() => sb?.close());

describe('a help desk that changes', () => {
  it('npm run drift: steady before the change, RETRAIN after it, with the new group named', async () => {
    const model = ['--model', join(dir, 'models/ticket-triage'), '--since', dayAgo(45)];
    const before = await cli('tools/drift/cli.ts', [...model, '--until', dayAgo(31)]);
    expect(before.stdout.split('\n')[0]).toBe('drift: steady');
    expect(before.code).toBe(0);
    const after = await cli('tools/drift/cli.ts', model);
    expect(after.stdout.split('\n')[0]).toMatch(/^drift: RETRAIN/);
    expect(after.stdout).toMatch(/agents chose "Data Protection" \d+ times/);
    expect(after.stdout).toMatch(/queue: agents changed \d+\.\d% of applied values/);
    expect(after.code).toBe(3);
  }, 60_000);

  it('npm run retrain promotes a candidate trained on the newer history; rollback restores the old one', async () => {
    const work = join(dir, 'work');
    const r = await cli('tools/retrain/cli.ts', [
      '--models',
      join(dir, 'models'),
      '--work',
      work,
      '--window-days',
      '120',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^PROMOTED: candidate 1\.1\.0 against live 1\.0\.0/);
    expect(r.stdout).toMatch(/better on queue: accuracy/);
    expect(r.stdout).toContain('--env MODEL_VERSION=1.1.0');
    const report = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8'));
    for (const head of ['queue', 'priority', 'type']) {
      expect(report.live.heads[head].rows).toBeGreaterThan(100);
      expect(report.candidate.heads[head].accuracy).toBeGreaterThanOrEqual(report.live.heads[head].accuracy - 0.01);
    }
    const html = readFileSync(join(work, 'report.html'), 'utf8');
    expect(html).toContain('Promoted');
    expect(html).toMatch(/<th>accuracy live<\/th><th>accuracy cand\.<\/th>/);
    const versions = JSON.parse(readFileSync(join(dir, 'models', 'ticket-triage', 'versions.json'), 'utf8'));
    expect(versions.history.at(-1)).toMatchObject({ version: '1.1.0', how: 'promoted' });
    readFileSync(join(dir, 'models', 'ticket-triage', '1.1.0', 'manifest.json'));

    // A candidate trained on shuffled labels is refused, and the report says why.
    const rows = readFileSync(join(work, 'train.csv'), 'utf8').trimEnd().split('\n');
    const header = rows.shift()!;
    const queues = rows.map((l) => l.split(',').at(-3)!);
    const shuffled = rows.map((l, i) => {
      const f = l.split(',');
      f[f.length - 3] = queues[(i * 7919) % queues.length]!;
      return f.join(',');
    });
    writeFileSync(join(dir, 'shuffled.csv'), `${header}\n${shuffled.join('\n')}\n`);
    const worse = await train(join(dir, 'shuffled.csv'), join(dir, 'worse'), '9.0.0');
    expect(worse.code, worse.stderr).toBe(0);
    const refused = await cli('tools/retrain/cli.ts', [
      '--models',
      join(dir, 'models'),
      '--work',
      join(dir, 'work-worse'),
      '--tickets',
      join(work, 'tickets.csv'),
      '--candidate',
      join(dir, 'worse'),
    ]);
    expect(refused.code).toBe(4);
    expect(refused.stdout).toMatch(/^REFUSED: candidate 9\.0\.0 against live 1\.1\.0/);
    expect(refused.stdout).toMatch(/worse on queue: accuracy 0\.\d+ against live 0\.\d+/);

    // Rollback: one command, the previous version live again, with its deploy commands.
    const back = await cli('tools/rollback/cli.ts', ['--models', join(dir, 'models')]);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain('ticket-triage 1.0.0');
    expect(back.stdout).toContain('--env MODEL_VERSION=1.0.0');
    const after = JSON.parse(readFileSync(join(dir, 'models', 'ticket-triage', 'versions.json'), 'utf8'));
    expect(after.history.at(-1)).toMatchObject({ version: '1.0.0', how: 'rollback' });
  }, 120_000);
});
