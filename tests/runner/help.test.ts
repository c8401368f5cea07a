/** Every command answers --help with its usage (exit 0), and bad arguments with the problem and the usage (exit 2), before any work. */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const COMMANDS: Record<string, string> = {
  start: 'tools/runner/main.ts',
  sandbox: 'tools/freshdesk-sandbox/cli.ts',
  train: 'tools/train/cli.ts',
  evaluate: 'tools/evaluate/cli.ts',
  export: 'tools/export/cli.ts',
  overrides: 'tools/overrides/cli.ts',
  bench: 'bench/run.ts',
  'bench:classifier': 'bench/classifier.ts',
  'bench:webhook': 'bench/webhook.ts',
};

function run(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', file, ...args], { timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('command-line arguments', () => {
  it('--help prints the usage on stdout and exits 0, for every command', async () => {
    const results = await Promise.all(
      Object.entries(COMMANDS).map(async ([name, file]) => [name, await run(file, ['--help'])] as const),
    );
    for (const [name, r] of results) {
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      expect(r.stdout, name).toMatch(new RegExp(`^usage: npm (start|run ${name.replace(':', '\\:')})`));
    }
  }, 60_000);

  it('an unknown option is the problem, the usage line and exit 2, for every command', async () => {
    const results = await Promise.all(
      Object.entries(COMMANDS).map(async ([name, file]) => [name, await run(file, ['--no-such-option'])] as const),
    );
    for (const [name, r] of results) {
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(new RegExp(`^${name}: Unknown option '--no-such-option'\\nusage: npm `));
    }
  }, 60_000);

  it('numbers are checked before any work starts', async () => {
    const cases: [string, string[], RegExp][] = [
      ['tools/runner/main.ts', ['--port', 'abc'], /^start: --port must be an integer in 0-65535, got "abc"\nusage:/],
      ['tools/runner/main.ts', ['--port', '70000'], /^start: --port must be an integer in 0-65535, got "70000"/],
      ['tools/runner/main.ts', ['--dispatch', 'later'], /^start: --dispatch must be one of async, sync, got "later"/],
      ['tools/runner/main.ts', ['--once', '--no-cron'], /^start: --no-cron and --once exclude each other/],
      ['bench/run.ts', ['--tickets', 'abc'], /^bench: --tickets must be an integer in 1-100000, got "abc"\nusage:/],
      [
        'bench/run.ts',
        ['--plan', 'gold'],
        /^bench: --plan must be one of trial, growth, pro, enterprise, unlimited, got "gold"/,
      ],
      [
        'tools/export/cli.ts',
        ['--since', 'yesterday', '--out', 'x.csv'],
        /^export: --since is not a date \(YYYY-MM-DD\): "yesterday"/,
      ],
      [
        'tools/evaluate/cli.ts',
        ['--target-precision', '2'],
        /^evaluate: --target-precision must be a number in 0-1, got "2"/,
      ],
    ];
    const results = await Promise.all(cases.map(([file, args]) => run(file, args)));
    results.forEach((r, i) => {
      expect(r.code, cases[i]![1].join(' ')).toBe(2);
      expect(r.stderr).toMatch(cases[i]![2]);
      expect(r.stderr).not.toMatch(/classifier in process|sandbox: base URL/);
    });
  }, 60_000);
});
