/**
 * The dry-run report: `npm start -- --once --report FILE.html` against an account (here a sandbox
 * on loopback standing in for one) writes nothing to the tickets and a page with the fields as
 * they are vs the predictions; the page renders in a real headless Chromium without console errors.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../tools/freshdesk-sandbox/index';
import { CHROMIUM, checkPage } from './headless-chromium';

const hasChromium = CHROMIUM !== undefined;
const dir = mkdtempSync(join(tmpdir(), 'report-'));
const report = join(dir, 'triage.html');
let sb: Sandbox;
let run: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 'demo', plan: 'unlimited' });
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FRESHDESK_'))),
    FRESHDESK_BASE_URL: sb.baseUrl,
    FRESHDESK_API_KEY: sb.apiKey,
    LOOKBACK_MINUTES: String(30 * 24 * 60),
  };
  run = await new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'tools/runner/main.ts', '--once', '--port', '0', '--report', report],
      { env, timeout: 120_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}, 150_000);
afterAll(() => sb.close());

describe('dry-run report', () => {
  it('is a dry run on an account unless --apply, and writes the page', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('DRY RUN: nothing is written (add --apply to write)');
    expect(run.stderr).toContain(`report: ${report}`);
    expect(sb.requestLog().filter((e) => e.method !== 'GET')).toEqual([]);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<b>Dry run</b>: nothing was written to the tickets.');
    const rows = (html.match(/<tr><td class="id">/g) ?? []).length;
    expect(rows).toBe(Number(/triaged (\d+)/.exec(run.stdout)![1]));
    // The demo has tickets agents already decided: the per-head table has figures, not dashes.
    expect(html).toMatch(
      /<tr><th>queue<\/th><td>\d+<\/td><td>\d+ \(\d+\.\d%\)<\/td><td>[1-9]\d*<\/td><td>\d+ \(\d+\.\d%\)/,
    );
    expect(html).toContain('would apply');
    expect((html.match(/<svg /g) ?? []).length).toBe(3);
  });

  it.skipIf(!hasChromium)(
    `renders in headless Chromium with no console errors${hasChromium ? '' : ' (SKIPPED: no chromium on PATH; apt-get install -y chromium)'}`,
    async () => {
      const shot = join(dir, 'triage.png');
      const page = await checkPage(pathToFileURL(report).href, {
        screenshot: shot,
        evaluate: `[document.title, document.querySelectorAll('table.tickets tr').length, document.querySelector('table.heads').getBoundingClientRect().width, [...document.querySelectorAll('.cal svg')].map((s) => s.getBoundingClientRect().height)]`,
      });
      expect(page.errors).toEqual([]);
      const [title, rows, width, charts] = page.value as [string, number, number, number[]];
      expect(charts).toEqual([150, 150, 150]); // one calibration chart per head, laid out
      expect(title).toBe('Triage dry-run report');
      expect(rows).toBeGreaterThan(10);
      expect(width).toBeGreaterThan(300);
      const png = readFileSync(shot);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(1400); // IHDR width: the viewport asked for
      if (process.env.REPORT_SCREENSHOT) writeFileSync(process.env.REPORT_SCREENSHOT, png);
    },
    240_000,
  );

  it.skipIf(!hasChromium)(
    'the console check catches errors (a page that logs one and throws)',
    async () => {
      const bad = join(dir, 'bad.html');
      writeFileSync(
        bad,
        '<!doctype html><title>x</title><script>console.error("broken on purpose"); undefinedFunction();</script>',
      );
      const page = await checkPage(pathToFileURL(bad).href, {
        screenshot: join(dir, 'bad.png'),
        evaluate: 'document.title',
      });
      expect(page.errors).toEqual([
        'console.error: broken on purpose',
        expect.stringMatching(/^exception: ReferenceError: undefinedFunction is not defined/),
      ]);
    },
    240_000,
  );
});
