/**
 * The README and the pages under docs/ cannot rot silently: every npm command they show names a
 * script of package.json whose entry file exists, every `npx tsx` file exists, every path their
 * tables list exists, every relative link resolves (file and heading), the README links every
 * page and stays a front door (≤ 200 lines), and its test command is the one CI runs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { brokenLinks } from '../tools/lint/markdown-links';

const docs = readdirSync('docs')
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`);
const pages = ['README.md', ...docs].map((file) => ({ file, text: readFileSync(file, 'utf8') }));
const readme = pages[0]!.text;
/** Paths of other repositories that the docs name (openfaas/templates' Node templates). */
const OTHER_REPOS = /^template\/node\d/;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
const shBlocks = (text: string) => [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).join('\n');
const blocks = pages.map((p) => shBlocks(p.text)).join('\n');
const npmScripts = (text: string) =>
  new Set(
    [...text.matchAll(/npm (?:run )?(?:--silent )?([a-z:]+)/g)]
      .map((m) => m[1]!)
      .filter((s) => !['ci', 'run'].includes(s)),
  );

describe('README and docs/', () => {
  it('show only npm commands that exist, with entry files that exist', () => {
    const used = npmScripts(blocks);
    expect([...used].sort()).toEqual(
      expect.arrayContaining(['bench', 'evaluate', 'export', 'sandbox', 'start', 'test', 'train']),
    );
    expect([...npmScripts(shBlocks(readme))]).toEqual(expect.arrayContaining(['start', 'test']));
    // tests/runner/help.test.ts runs each of them (--help, a bad option, bad numbers).
    const runByHelpTest = readFileSync('tests/runner/help.test.ts', 'utf8');
    for (const script of used) {
      expect(pkg.scripts[script], `npm ${script}`).toBeDefined();
      const entry = /tsx (\S+\.ts)/.exec(pkg.scripts[script]!)?.[1];
      if (!entry) continue;
      expect(existsSync(entry), entry).toBe(true);
      expect(runByHelpTest, `npm run ${script} is run by tests/runner/help.test.ts`).toContain(`'${entry}'`);
    }
  });

  it('run with npx tsx only files that exist', () => {
    const files = [...blocks.matchAll(/npx tsx (\S+\.ts)/g)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(existsSync(file), file).toBe(true);
  });

  it('name repository paths (folders and source files) that exist', () => {
    const top = new Set(readdirSync('.'));
    for (const { file, text } of pages)
      for (const m of text.matchAll(/`([a-z][\w.-]*\/(?:[\w.-]+\/)*(?:[\w.-]+\.(?:ts|mjs|md|json|yml|csv))?)`/g))
        if (top.has(m[1]!.split('/')[0]!) && !OTHER_REPOS.test(m[1]!))
          expect(existsSync(m[1]!), `${file}: ${m[1]}`).toBe(true);
  });

  it('have relative links that resolve, and the README links every page', () => {
    expect(pages.flatMap((p) => brokenLinks(p.file, p.text))).toEqual([]);
    for (const page of docs) expect(readme, page).toContain(`](${page})`);
  });

  it('keep the README a front door of at most 200 lines', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(200);
  });

  it('give the test command that .ci/run runs', () => {
    expect(shBlocks(readme)).toMatch(/^npm test\b/m);
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/^npm test$/m);
  });
});
