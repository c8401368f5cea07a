/** The train and evaluate commands as a user runs them (tsx), on a small synthetic CSV. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
    const t = await tsx([
      'tools/train/cli.ts',
      '--data',
      csv,
      '--label',
      'queue',
      '--label',
      'priority',
      '--tags',
      'tags',
      '--out',
      out,
      '--seed',
      '3',
      '--epochs',
      '3',
    ]);
    expect(t.stderr).toMatch(/epoch 1\/3/);
    expect(t.stderr).toMatch(/threshold/);
    expect(existsSync(join(out, 'model.onnx'))).toBe(true);
    const report = join(out, 'report.html');
    const e = await tsx(['tools/evaluate/cli.ts', '--model', out, '--data', csv, '--json', '--report', report]);
    const lines = e.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]!);
    expect(Object.keys(r)).toEqual(['model', 'rows', 'heads', 'byLanguage', 'calibration', 'warnings']);
    expect(r.model.name).toBe('m');
    expect(r.model.version).toMatch(/^\d{4}\.\d+\.\d+$/); // its own version, never the shipped 2.0.0
    expect(Object.keys(r.model.thresholds).sort()).toEqual(['priority', 'queue']); // the heads it was trained with
    // The same file it was trained on: evaluate says so instead of reporting inflated figures silently.
    expect(r.warnings.join(' ')).toMatch(
      /240 of 240 rows \(100\.0%\) are tickets the model was trained or validated on/,
    );
    expect(e.stderr).toMatch(/warning: 240 of 240 rows/);
    // The ECE the CLI reports is the one its reliability table gives (rows-weighted |confidence - accuracy|).
    const bins = r.calibration.heads.queue.reliability as { rows: number; meanConfidence: number; accuracy: number }[];
    expect(bins.reduce((n, b) => n + b.rows, 0)).toBe(240);
    const ece = bins.reduce((t, b) => t + (b.rows / 240) * Math.abs(b.meanConfidence - b.accuracy), 0);
    expect(r.calibration.ece.queue).toBeCloseTo(ece, 3);
    expect(r.calibration.heads.queue.ece).toBe(r.calibration.ece.queue);
    expect(r.calibration.heads.queue.precisionCoverage.map((p: { threshold: number }) => p.threshold)).toEqual([
      0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99,
    ]);
    expect(r.rows).toBe(240);
    expect(Object.keys(r.heads.queue)).toEqual(['accuracy', 'macroF1', 'perClass', 'confusion']);
    expect(r.byLanguage.de.queue.accuracy).toBeGreaterThan(0.5);
    // A file whose queues the model has never heard of: a warning, not a silent zero matrix.
    const other = join(out, 'other.csv');
    writeFileSync(
      other,
      readFileSync(csv, 'utf8')
        .replace(/,Billing,/g, ',Finance,')
        .replace(/,IT,/g, ',Helpdesk,')
        .replace(/,Sales,/g, ',Vertrieb,'),
    );
    const o = await tsx(['tools/evaluate/cli.ts', '--model', out, '--data', other, '--json']);
    expect(JSON.parse(o.stdout).warnings.join(' ')).toMatch(/column "queue" shares no label with the model/);
    const html = readFileSync(report, 'utf8');
    expect(html).toMatch(/<table>/);
    expect(html).not.toMatch(/<script|https?:\/\//);
    // The HTML report carries the warnings and each head's apply threshold, as the terminal does.
    expect(html).toContain('Warning: 240 of 240 rows (100.0%) are tickets the model was trained or validated on');
    expect(html).toMatch(/<h2>Apply thresholds \(the model's calibration\)<\/h2>/);
  }, 120_000);

  it('names a missing column and refuses to start without required arguments', async () => {
    const csv = writeCsv(30);
    const missing = await tsx([
      'tools/train/cli.ts',
      '--data',
      csv,
      '--label',
      'department',
      '--out',
      '/tmp/never',
    ]).catch((e: { code: number; stderr: string }) => e);
    expect(missing).toMatchObject({ code: 2 });
    expect((missing as { stderr: string }).stderr).toMatch(/has no column "department"/);
    const noOut = await tsx(['tools/train/cli.ts', '--data', csv, '--label', 'queue']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((noOut as { stderr: string }).stderr).toMatch(/--out is required/);
  }, 60_000);
});
