/**
 * The README cannot rot silently: every npm command it shows names a script of package.json whose
 * entry file exists, every path it lists exists, and the test command is the one CI runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync('README.md', 'utf8');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).join('\n');

describe('README', () => {
  it('shows only npm commands that exist, with entry files that exist', () => {
    const used = new Set(
      [...blocks.matchAll(/npm (?:run )?(?:--silent )?([a-z:]+)/g)]
        .map((m) => m[1]!)
        .filter((s) => !['ci', 'run'].includes(s)),
    );
    expect([...used].sort()).toEqual(
      expect.arrayContaining(['bench', 'evaluate', 'export', 'sandbox', 'start', 'test', 'train']),
    );
    for (const script of used) {
      expect(pkg.scripts[script], `npm ${script}`).toBeDefined();
      const entry = /tsx (\S+\.ts)/.exec(pkg.scripts[script]!)?.[1];
      if (entry) expect(existsSync(entry), entry).toBe(true);
    }
  });

  it('lists paths that exist', () => {
    for (const m of readme.matchAll(/\| `([a-z][\w./-]+\/)`/g)) expect(existsSync(m[1]!), m[1]).toBe(true);
  });

  it('gives the test command that .ci/run runs', () => {
    expect(blocks).toMatch(/^npm test\b/m);
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/^npm test$/m);
  });
});
