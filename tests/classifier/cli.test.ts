/** The train and evaluate commands as a user runs them (tsx), on a small synthetic CSV. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeCsv } from './helpers';

const run = promisify(execFile);
const tsx = (args: string[]) => run(process.execPath, ['--import', 'tsx', ...args], { timeout: 120_000 });

describe('train and evaluate CLIs', () => {
  it('train writes a model that evaluate measures, with --json and an HTML report', async () => {
    const csv = writeCsv();
    const out = join(mkdtempSync(join(tmpdir(), 'cli-')), 'm');
    const t = await tsx(['tools/train/cli.ts', '--data', csv, '--label', 'queue', '--label', 'priority', '--tags', 'tags', '--out', out, '--seed', '3', '--epochs', '3']);
    expect(t.stderr).toMatch(/epoch 1\/3/);
    expect(existsSync(join(out, 'model.onnx'))).toBe(true);
    const report = join(out, 'report.html');
    const e = await tsx(['tools/evaluate/cli.ts', '--model', out, '--data', csv, '--json', '--report', report]);
    const lines = e.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]!);
    expect(Object.keys(r)).toEqual(['model', 'rows', 'heads', 'byLanguage']);
    expect(r.model).toEqual({ name: 'm', version: '1.0.0' });
    expect(r.rows).toBe(240);
    expect(Object.keys(r.heads.queue)).toEqual(['accuracy', 'macroF1', 'perClass', 'confusion']);
    expect(r.byLanguage.de.queue.accuracy).toBeGreaterThan(0.5);
    const html = readFileSync(report, 'utf8');
    expect(html).toMatch(/<table>/);
    expect(html).not.toMatch(/<script|https?:\/\//);
  }, 120_000);

  it('names a missing column and refuses to start without required arguments', async () => {
    const csv = writeCsv(30);
    const missing = await tsx(['tools/train/cli.ts', '--data', csv, '--label', 'department', '--out', '/tmp/never']).catch((e: { code: number; stderr: string }) => e);
    expect(missing).toMatchObject({ code: 2 });
    expect((missing as { stderr: string }).stderr).toMatch(/has no column "department"/);
    const noOut = await tsx(['tools/train/cli.ts', '--data', csv, '--label', 'queue']).catch((e: { code: number; stderr: string }) => e);
    expect((noOut as { stderr: string }).stderr).toMatch(/--out is required/);
  }, 60_000);
});
