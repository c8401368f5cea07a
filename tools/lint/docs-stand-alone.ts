/**
 * `npm run lint:docs` (part of `npm run lint`): the repository's text stands on its own, so a
 * person with only a clone can follow every reference in it.
 *
 * - No numbered section reference (a section sign and a number) and no mention of the reference
 *   documents a build machine keeps beside the repository (freshdesk-api, image-build, anchors;
 *   openfaas or style other than the pages under docs/): the facts live in docs/freshdesk.md,
 *   docs/openfaas.md and docs/style.md, under headings a comment can name.
 * - No path into the folder beside the clone (`shared/data`, `shared/tools`, `shared/docs` one
 *   level up); tests and `.ci/run` may use its data and tools, because CI lays it out for them.
 * - No absolute path of a build machine: the work tree, root's or a user's home (the image's
 *   `/home/app` is fine), or a specific file under the temporary folder outside tests (the
 *   watchdog's lock file is the image's).
 * - Every repository file a text names (`tests/classifier/model.test.ts`, `docs/openfaas.md#secrets`)
 *   exists, with the heading it names, so a comment that points at a test or a page fails when that file moves; the lint
 *   tests' made-up files are exempt. A README section named in quotes must be a heading of README.md.
 * - Every relative link in a Markdown file resolves to a file, and its `#anchor` to a heading.
 *
 * Prints each finding with file and line; exit 1 if any.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { anchorsOf, brokenLinks, headingSlug } from './markdown-links';

export interface DocsFinding {
  file: string;
  line: number;
  rule: string;
}

interface LineRule {
  pattern: RegExp;
  rule: string;
  /** Files the rule does not apply to. */
  exempt?: (file: string) => boolean;
}

const isTest = (file: string) => file.startsWith('tests/');

const RULES: LineRule[] = [
  {
    pattern: /§\s*\d/,
    rule: 'a numbered section of a document outside the repository: point at a heading of docs/freshdesk.md, docs/openfaas.md or docs/style.md (or state the fact here)',
  },
  {
    pattern: /\b(?:freshdesk-api|image-build|anchors)\.md\b|(?<![\w/.-])(?:openfaas|style)\.md\b/,
    rule: 'names a reference document that is not in the repository: use docs/freshdesk.md, docs/openfaas.md or docs/style.md',
    exempt: (file) => file.startsWith('docs/'),
  },
  {
    pattern: /\.\.\/shared\/(?:data|tools)\b/,
    rule: 'a path beside the clone, which a user does not have: take a path argument (see tools/data/public-tickets.ts) or link public documentation',
    exempt: (file) => isTest(file) || file === '.ci/run',
  },
  {
    pattern: /\.\.\/shared\/docs\b|(?<![\w.])\/work\//,
    rule: 'a path of the build machine or a document beside the clone: state the fact in docs/ with a public link',
  },
  {
    pattern: /(?<![\w.])\/root\/|(?<![\w.])\/home\/(?!app\b)[\w.-]+/,
    rule: "an absolute home folder of a build machine: use a path relative to the repository, os.homedir() or the image's /home/app",
    // The image test runs as root and mounts root's npm settings into the build container.
    exempt: (file) => file.startsWith('tests/image/'),
  },
  {
    pattern: /(?<![\w.])\/tmp\/(?!\.lock\b)[\w.-]+/,
    rule: 'a specific file under /tmp of a build machine: use os.tmpdir() and mkdtemp',
    exempt: isTest,
  },
];

/** A repository file named in a text: a top-level folder of ours, a path, a source or page extension. */
const REPO_FILE =
  /(?<![\w./-])((?:tests|shared|tools|functions|bench|template|docs|models)\/[\w./-]+\.(?:ts|mjs|md|json|ya?ml))\b(?:#([\w-]+))?/g;

/** A README section named in quotes: `README, "Deploy"`, `README: "Data safety"`. */
const README_SECTION = /README(?:\.md)?[,:]?\s*"([^"]+)"/g;

/** Why a named file (and, for a page, its `#anchor`) does not resolve, or undefined when it does. */
function missing(root: string, path: string, anchor: string | undefined): string | undefined {
  if (!existsSync(join(root, path))) return `names ${path}, which does not exist`;
  if (anchor && path.endsWith('.md') && !anchorsOf(readFileSync(join(root, path), 'utf8')).has(anchor))
    return `names ${path}#${anchor}, a heading that page does not have`;
  return undefined;
}

/** This file and its test describe the patterns; they are checked by the unit test instead. */
const SELF = new Set(['tools/lint/docs-stand-alone.ts', 'tests/lint/docs-stand-alone.unit.test.ts']);

/** The findings in one file's text (pure: the unit test feeds it made-up files). */
export function findingsIn(file: string, text: string, root = '.'): DocsFinding[] {
  const found: DocsFinding[] = [];
  const rules = RULES.filter((r) => !r.exempt?.(file));
  const namesFiles = !file.startsWith('tests/lint/');
  text.split('\n').forEach((line, i) => {
    for (const r of rules) if (r.pattern.test(line)) found.push({ file, line: i + 1, rule: r.rule });
    if (namesFiles)
      for (const m of line.matchAll(README_SECTION))
        if (!anchorsOf(readFileSync(join(root, 'README.md'), 'utf8')).has(headingSlug(m[1]!)))
          found.push({
            file,
            line: i + 1,
            rule: `names the README section "${m[1]}", which it does not have: name the docs/ page`,
          });
    for (const m of line.matchAll(REPO_FILE)) {
      const why = missing(root, m[1]!, m[2]);
      if (why) found.push({ file, line: i + 1, rule: why });
    }
  });
  if (file.endsWith('.md'))
    for (const b of brokenLinks(file, text, root))
      found.push({ file, line: b.line, rule: `the link ${b.target} does not resolve: ${b.reason}` });
  return found;
}

/** Files git tracks or would track (new files included), minus dependencies and generated lock files. */
function repositoryFiles(root: string): string[] {
  return execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f !== '' && !f.startsWith('node_modules') && !f.endsWith('package-lock.json') && !SELF.has(f));
}

export function checkRepository(root = '.'): DocsFinding[] {
  const found: DocsFinding[] = [];
  for (const file of repositoryFiles(root)) {
    const path = `${root}/${file}`;
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      continue; // listed but deleted in the work tree
    }
    if (size > 2_000_000) continue;
    const bytes = readFileSync(path);
    if (bytes.includes(0)) continue; // binary: the model's weights and memory
    found.push(...findingsIn(file, bytes.toString('utf8'), root));
  }
  return found;
}

if (process.argv[1]?.endsWith('docs-stand-alone.ts')) {
  const found = checkRepository();
  for (const f of found) console.error(`${f.file}:${f.line}: ${f.rule}`);
  console.log(`docs stand alone: ${found.length === 0 ? 'no finding' : `${found.length} findings`}`);
  process.exit(found.length === 0 ? 0 : 1);
}
