/**
 * `npm run lint:imports`: the dependency direction the code follows, as a check that fails the
 * build when an import breaks it. Layers: `shared/` is the library (imports only itself and
 * packages); `functions/<name>/` may import `shared/` but no other function; `tools/` and `bench/`
 * may import `shared/` and each other, and of a function only its settings schema
 * (`functions/<name>/config`, which the runner checks before it starts anything), never its
 * handler code; `template/` imports nothing of ours. Tests may import anything.
 *
 * Inside `shared/`: `shared/triage` is pure domain logic, so it imports no I/O (undici, node:http,
 * net, fs, child_process, timers), no ticket-system adapter (`shared/freshdesk`,
 * `shared/ticket-system/freshdesk-*`) and not the services that do its talking
 * (`shared/triage-services`), of `shared/http` only `InputError`, and it calls no timer or `fetch`; `shared/http` imports no
 * ticket-system adapter (it maps the port's errors, so a second help desk never edits it).
 * Neither `shared/` nor `functions/` imports onnxruntime (the model runs in TypeScript; the ONNX
 * graph is checked against onnxruntime by tools/onnx-check and the tests).
 * Prints each offending import with file and line; exit 1 if any.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

export interface ImportViolation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
}

const IMPORT =
  /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The repository path an import points at, or undefined for a package import. */
export function resolveImport(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('@shared/') || specifier === '@shared')
    return normalize(specifier.replace(/^@shared/, 'shared'));
  if (!specifier.startsWith('.')) return undefined;
  return normalize(join(dirname(file), specifier));
}

const top = (path: string): string => path.split('/')[0] ?? '';
const functionName = (path: string): string | undefined => (top(path) === 'functions' ? path.split('/')[1] : undefined);

const under = (path: string, dir: string): boolean => path === dir || path.startsWith(`${dir}/`);
const isPureTriage = (file: string): boolean => under(file, 'shared/triage');
/** A ticket-system adapter: the Freshdesk client, or the port's Freshdesk files. */
const isAdapter = (target: string): boolean =>
  under(target, 'shared/freshdesk') || /^shared\/ticket-system\/freshdesk-/.test(target);
/** Packages that do I/O or keep time: none of them in the pure triage logic. */
const IO_PACKAGE =
  /^(node:)?(http|https|http2|net|tls|dgram|dns|fs|fs\/promises|child_process|timers|timers\/promises|worker_threads)$|^undici(\/|$)/;
/** Calls that start I/O or a timer, in pure code (a line that is a comment is not read). */
const IO_CALL = /\b(setTimeout|setInterval|setImmediate|fetch)\s*\(|\bprocess\.env\b/;

/** The rule a package import from `file` breaks, or undefined. */
export function brokenPackageRule(file: string, specifier: string): string | undefined {
  if ((under(file, 'shared') || under(file, 'functions')) && /^onnxruntime-/.test(specifier))
    return `the functions run no onnxruntime (${specifier}; docs/architecture.md): check the ONNX graph in tools/onnx-check`;
  if (isPureTriage(file) && IO_PACKAGE.test(specifier))
    return `shared/triage is pure: no I/O package (${specifier}); put I/O in shared/triage-services`;
  return undefined;
}

/** The rule an import from `file` to `target` breaks, or undefined when it is allowed. */
export function brokenRule(file: string, target: string): string | undefined {
  const from = top(file);
  const to = top(target);
  if (target.startsWith('..')) return 'imports from outside the repository';
  if (from === 'shared' && to !== 'shared') return `shared/ never imports ${to}/`;
  if (isPureTriage(file) && isAdapter(target)) return `shared/triage is pure: no ticket-system adapter (${target})`;
  if (isPureTriage(file) && under(target, 'shared/triage-services'))
    return 'shared/triage is pure: it never imports shared/triage-services (the services depend on it)';
  if (
    isPureTriage(file) &&
    under(target, 'shared/http') &&
    !/^shared\/http\/(input-error|bounded)(\.ts)?$/.test(target)
  )
    return `shared/triage is pure: of shared/http only input-error (InputError), not ${target}`;
  if (under(file, 'shared/http') && isAdapter(target))
    return `shared/http imports no ticket-system adapter (${target}): map the port's errors (shared/ticket-system/errors)`;
  if (from === 'template' && to !== 'template') return `template/ never imports ${to}/`;
  if (from === 'functions') {
    if (to === 'functions' && functionName(file) !== functionName(target))
      return 'no function imports another function';
    if (to !== 'functions' && to !== 'shared') return `functions/ import only shared/, not ${to}/`;
  }
  const isFunctionConfig = /^functions\/[^/]+\/config(\.ts)?$/.test(target);
  if ((from === 'tools' || from === 'bench') && to === 'functions' && !isFunctionConfig)
    return `${from}/ imports of a function only its config, not ${target}`;
  if ((from === 'tools' || from === 'bench') && to === 'tests') return `${from}/ never imports tests/`;
  return undefined;
}

export function findViolations(files: string[], read: (f: string) => string): ImportViolation[] {
  const out: ImportViolation[] = [];
  for (const file of files) {
    if (top(file) === 'tests') continue;
    const lines = read(file).split('\n');
    lines.forEach((text, i) => {
      for (const m of text.matchAll(IMPORT)) {
        const specifier = m[1] ?? m[2] ?? m[3] ?? '';
        const target = resolveImport(file, specifier);
        const rule = target === undefined ? brokenPackageRule(file, specifier) : brokenRule(file, target);
        if (rule) out.push({ file, line: i + 1, specifier, rule });
      }
      const call = isPureTriage(file) && !/^\s*(\/\/|\*|\/\*)/.test(text) ? IO_CALL.exec(text) : null;
      if (call)
        out.push({
          file,
          line: i + 1,
          specifier: call[0],
          rule: 'shared/triage is pure: no timers, fetch or process.env',
        });
    });
  }
  return out;
}

function main(): void {
  const root = process.cwd();
  const files = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.mts', '*.js'],
    { encoding: 'utf8' },
  )
    .split('\n')
    .filter((f) => f !== '' && !f.includes('node_modules/'));
  const found = findViolations(files, (f) => readFileSync(join(root, f), 'utf8'));
  for (const v of found) console.error(`${relative(root, join(root, v.file))}:${v.line}: '${v.specifier}': ${v.rule}`);
  console.log(
    found.length === 0
      ? `import rules: ${files.length} files, no violation`
      : `import rules: ${found.length} violation(s)`,
  );
  if (found.length > 0) process.exit(1);
}

if (process.argv[1]?.endsWith('import-rules.ts')) main();
