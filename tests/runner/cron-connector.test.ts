/**
 * The real cron-connector (0.4.0, tests/helpers/openfaas-tools.ts) pointed at `npm start -- --no-cron
 * --apply`: it reads /system/functions, finds fetch-tickets' `topic: cron-function` annotation and
 * schedule, and calls /function/fetch-tickets; the chain then triages the demo tickets (PUTs and
 * notes in the embedded sandbox's request log). The stack file is the shipped stack.yml with the
 * schedule set to every minute; cron-connector reloads its list every 10 s and fires on the minute,
 * so the first cycle comes within ~70 s: the test polls for the outcome with a 100 s bound.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { npmStart, type StartedRunner } from '../helpers/npm-start';
import { openfaasTools } from '../helpers/openfaas-tools';

const tools = openfaasTools();

describe.runIf(tools)('the real cron-connector triggers a triage cycle through npm start -- --no-cron', () => {
  let runner: StartedRunner | undefined;
  let connector: ChildProcess | undefined;
  let connectorLog = '';
  afterAll(async () => {
    connector?.kill('SIGTERM');
    await runner?.stop();
  });

  it('fires fetch-tickets on its schedule; the chain PUTs fields and adds notes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cron-stack-'));
    const stack = join(dir, 'stack.yml');
    const shipped = readFileSync(resolve(__dirname, '../../stack.yml'), 'utf8');
    expect(shipped).toContain('schedule: "*/5 * * * *"');
    writeFileSync(stack, shipped.replace('schedule: "*/5 * * * *"', 'schedule: "* * * * *"'));
    runner = await npmStart(['--stack', stack, '--apply']);
    const started = Date.now();
    connector = spawn(tools!.cronConnector, [], {
      env: { PATH: process.env.PATH ?? '', gateway_url: runner.gateway, basic_auth: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    connector.stdout!.on('data', (c: Buffer) => (connectorLog += c));
    connector.stderr!.on('data', (c: Buffer) => (connectorLog += c));
    const writes = async (): Promise<{ method: string; path: string }[]> =>
      ((await (await fetch(`${runner!.admin}/requests`)).json()) as { method: string; path: string }[]).filter(
        (e) => e.method !== 'GET' && e.path.startsWith('/api/v2/tickets/'),
      );
    const until = Date.now() + 100_000;
    let seen: { method: string; path: string }[] = [];
    // A cycle writes many tickets; wait until some fields and notes have landed (bounded, no timer race).
    while (Date.now() < until) {
      seen = await writes();
      if (seen.some((w) => w.method === 'PUT') && seen.some((w) => w.path.endsWith('/notes'))) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    console.log(
      `cron-connector: first write ${((Date.now() - started) / 1000).toFixed(1)} s after it started; ${seen.length} writes so far`,
    );
    expect(connectorLog).toMatch(/added function fetch-tickets/);
    expect(connectorLog).toMatch(/Executed function: fetch-tickets/);
    expect(seen.some((w) => w.method === 'PUT')).toBe(true);
    expect(seen.some((w) => w.method === 'POST' && w.path.endsWith('/notes'))).toBe(true);
  }, 180_000);
});
