/** `npm run export` against the sandbox: columns, status filter, resume after an interruption, the CLI. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreshdeskClient } from '@shared/freshdesk';
import { startSandbox, type Sandbox } from '../../tools/freshdesk-sandbox/index';
import { checkpointPath, exportTickets } from '../../tools/export/export-tickets';

let sb: Sandbox;
let dir: string;
const since = new Date(Date.now() - 10 * 86_400_000);
beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 'empty', plan: 'unlimited' });
  const made = sb.generateTickets({ count: 250, seed: 3, spreadHours: 100 });
  // Agents resolve every fifth ticket into Technical Support with a high priority.
  const c = new FreshdeskClient({ baseUrl: sb.baseUrl, apiKey: sb.apiKey, keepAliveTimeoutMs: 10 });
  const groups = new Map((await c.listGroups()).map((g) => [g.name, g.id]));
  await c.close();
  made.forEach((t, i) => {
    if (i % 5 === 0) sb.actAsAgent(t.id, { status: 4, group_id: groups.get('Technical Support')!, priority: 3 });
  });
  dir = mkdtempSync(join(tmpdir(), 'export-'));
});
afterAll(() => sb.close());

const client = () => new FreshdeskClient({ baseUrl: sb.baseUrl, apiKey: sb.apiKey, keepAliveTimeoutMs: 10 });
const rows = (file: string) => parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];

describe('export', () => {
  it('writes one row per ticket with the agents’ decisions and the text', async () => {
    const out = join(dir, 'all.csv');
    const c = client();
    const r = await exportTickets({ client: c, out, since, fields: ['cf_category'] });
    await c.close();
    expect(r).toMatchObject({ written: 250, complete: true, resumed: false, unlabelled: 200 });
    const data = rows(out);
    expect(Object.keys(data[0]!)).toEqual([
      'id',
      'created_at',
      'updated_at',
      'subject',
      'body',
      'queue',
      'priority',
      'type',
      'status',
      'tags',
      'cf_category',
    ]);
    const resolved = data.filter((d) => d.status === 'resolved');
    expect(resolved).toHaveLength(50);
    expect(resolved.every((d) => d.queue === 'Technical Support' && d.priority === 'high')).toBe(true);
    expect(data.every((d) => d.body!.length > 0 && !d.body!.includes('\n'))).toBe(true);
    expect(existsSync(checkpointPath(out))).toBe(false);
  });

  it('filters by status and resumes after an interruption without duplicates', async () => {
    const out = join(dir, 'resolved.csv');
    const c = client();
    const first = await exportTickets({
      client: c,
      out,
      since,
      statuses: ['resolved', 'closed'],
      perPage: 20,
      maxPages: 3,
    });
    expect(first.complete).toBe(false);
    expect(existsSync(checkpointPath(out))).toBe(true);
    const second = await exportTickets({ client: c, out, since, statuses: ['resolved', 'closed'], perPage: 20 });
    await c.close();
    expect(second).toMatchObject({ resumed: true, complete: true });
    const ids = rows(out).map((d) => d.id);
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
  });

  it('runs as `npm run export` with the connection from the environment, and refuses bad arguments', async () => {
    const out = join(dir, 'cli.csv');
    const run = promisify(execFile);
    const env = { ...process.env, FRESHDESK_BASE_URL: sb.baseUrl, FRESHDESK_API_KEY: sb.apiKey };
    // What `npm run export` runs (tsx tools/export/cli.ts), as one Node process with the tsx loader
    // instead of npx -> tsx -> node: three process start-ups fewer per call on a busy machine.
    const tsx = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'tools/export/cli.ts', ...args], { env });
    const ok = await tsx(['--since', since.toISOString().slice(0, 10), '--status', 'resolved', '--out', out]);
    expect(ok.stderr).toMatch(/wrote 50 tickets/);
    // Why the other 200 were left out, in words.
    expect(ok.stderr).toContain('skipped 200: 200 status open (not in --status resolved)');
    expect(ok.stderr).not.toContain(sb.apiKey);
    const bad = await tsx(['--since', 'soon', '--out', out]).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toMatch(/--since is not a date/);
    // Two child processes that compile TypeScript at start: seconds when idle, more on two busy cores.
  }, 60_000);
});
