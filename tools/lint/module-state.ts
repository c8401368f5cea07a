/**
 * `npm run lint` (module state): `shared/` is a library, so it keeps no mutable state at module
 * level. State that must outlive a call (claims, attempt counts, a backlog cursor, tickets being
 * updated) belongs to an object its owner builds (`createFetchService`, `createUpdateService`): a
 * handler builds one per process, a test builds its own, and nothing is shared behind their backs.
 *
 * What counts as module state, per top-level declaration of a `shared/` file:
 * - any `let` or `var` binding;
 * - a `const` holding an instance of a class of ours or a package's (`new AttemptTracker(5)`),
 *   also inside an object or array literal: its methods may change it, which this check cannot see;
 * - a `const` holding a container (Map, Set, array, object literal, typed array, RegExp) that code
 *   in the same file changes: `x.set(...)`, `x.push(...)`, `x.a = ...`, `x[i] += ...`, `delete x.a`.
 * Not seen: state hidden in a closure a top-level call returns, or a container changed by a
 * function it is passed to. Those are left to review.
 *
 * A few bindings are allowed by name below, each group with its reason; an allowance that no longer
 * matches a binding fails too, so the list cannot go stale. Prints each finding with file and line.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

export interface ModuleState {
  file: string;
  line: number;
  name: string;
  why: string;
}

interface Allowance {
  file: string;
  names: readonly string[];
  reason: string;
}

/**
 * Per-call scratch: the featurizer's and the linear heads' preallocated buffers and their fill
 * counters. Each is filled, read and reset inside ONE synchronous call (these files have no
 * `await`), so no other call can observe it and every answer depends only on the call's arguments;
 * they exist so classifying a ticket allocates nothing (the featurizer's buffers span the whole
 * hashed feature space). A worker thread has its own copy.
 */
const SCRATCH =
  'per-call scratch of a synchronous function: filled, read and reset within one call, never seen by another';
/** Memos of a pure function or an immutable load: a cached answer equals a fresh one. */
const MEMO = 'a memo: the value cached for an input equals the value computed afresh';

export const ALLOWED: readonly Allowance[] = [
  {
    file: 'shared/classifier/features.ts',
    names: ['tf', 'partTouched', 'partCount', 'total', 'seen', 'touched', 'touchedCount', 'padded', 'SCANS'],
    reason: SCRATCH,
  },
  {
    file: 'shared/classifier/feature-cut.ts',
    names: [
      'slotWeight',
      'slotCount',
      'slotUsed',
      'distinct',
      'usedSlots',
      'bitsOf',
      'lowCounts',
      'highCounts',
      'between',
    ],
    reason: SCRATCH,
  },
  {
    file: 'shared/classifier/evidence.ts',
    names: [
      'valueAt',
      'present',
      'stamp',
      'generation',
      'table',
      'wordHash',
      'wordPart',
      'wordStart',
      'wordEnd',
      'wordSlot',
      'rawCount',
      'raw',
      'candStart',
      'candIdx',
      'candVal',
      'eligible',
      'score',
    ],
    reason: SCRATCH,
  },
  { file: 'shared/classifier/linear.ts', names: ['scratch'], reason: SCRATCH },
  { file: 'shared/classifier/top-k.ts', names: ['heapBuf'], reason: SCRATCH },
  { file: 'shared/classifier/half.ts', names: ['F32', 'table'], reason: `${SCRATCH}; table: ${MEMO}` },
  { file: 'shared/classifier/word-chars.ts', names: ['bmp', 'astral'], reason: MEMO },
  { file: 'shared/classifier/query-terms.ts', names: ['numeric'], reason: MEMO },
  { file: 'shared/classifier/text.ts', names: ['kind'], reason: MEMO },
  {
    file: 'shared/classifier/session.ts',
    names: ['sessions'],
    reason: `${MEMO} (a model directory loads to the same read-only classifier)`,
  },
  {
    file: 'shared/freshdesk/rate-limiter.ts',
    names: ['registry'],
    reason:
      "the account's rate budget: Freshdesk limits calls per account, so every client of one account in a process must draw on one limiter",
  },
];

/** Containers whose contents only code in the file can change (checked by looking for changes). */
const CONTAINERS = new Set([
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'Array',
  'RegExp',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
]);
const MUTATORS = new Set([
  'set',
  'add',
  'delete',
  'clear',
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
  'copyWithin',
]);

const unwrap = (e: ts.Expression): ts.Expression =>
  ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) ? unwrap(e.expression) : e;

/** An instance of a class the check cannot see into, inside an initializer (not inside a function). */
function foreignInstance(init: ts.Node): string | undefined {
  let found: string | undefined;
  const visit = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n)) return;
    if (ts.isNewExpression(n) && !CONTAINERS.has(n.expression.getText())) found = n.expression.getText();
    else ts.forEachChild(n, visit);
  };
  visit(init);
  return found;
}

const isContainer = (init: ts.Expression): boolean => {
  const e = unwrap(init);
  return (
    ts.isArrayLiteralExpression(e) ||
    ts.isObjectLiteralExpression(e) ||
    (ts.isNewExpression(e) && CONTAINERS.has(e.expression.getText())) ||
    (ts.isCallExpression(e) && /^(\w+Array)\.(from|of)$/.test(e.expression.getText()))
  );
};

const ASSIGNMENT = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.MinusEqualsToken,
  ts.SyntaxKind.AsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken,
  ts.SyntaxKind.PercentEqualsToken,
  ts.SyntaxKind.BarEqualsToken,
  ts.SyntaxKind.AmpersandEqualsToken,
  ts.SyntaxKind.CaretEqualsToken,
  ts.SyntaxKind.LessThanLessThanEqualsToken,
  ts.SyntaxKind.GreaterThanGreaterThanEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

/** Where (line) code in the file changes the contents of top-level `name`, if anywhere. */
function changedAt(sf: ts.SourceFile, name: string): number | undefined {
  let at: number | undefined;
  const visit = (n: ts.Node): void => {
    if (at !== undefined) return;
    if (ts.isIdentifier(n) && n.text === name) {
      // Climb the access chain rooted at this identifier: x.a[b].c
      let top: ts.Node = n;
      while (
        (ts.isPropertyAccessExpression(top.parent) || ts.isElementAccessExpression(top.parent)) &&
        top.parent.expression === top
      )
        top = top.parent;
      const p = top.parent;
      const accessed = top !== n;
      const written =
        accessed &&
        ((ts.isBinaryExpression(p) && p.left === top && ASSIGNMENT.has(p.operatorToken.kind)) ||
          ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) &&
            (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)) ||
          ts.isDeleteExpression(p));
      const called =
        accessed && ts.isPropertyAccessExpression(top) && MUTATORS.has(top.name.text) && ts.isCallExpression(p);
      if (written || called) at = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return at;
}

/** The module-level state of one file, before allowances. */
export function moduleStateOf(file: string, text: string): ModuleState[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: ModuleState[] = [];
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    const flags = st.declarationList.flags;
    const isConst = (flags & ts.NodeFlags.Const) !== 0;
    for (const d of st.declarationList.declarations) {
      const line = sf.getLineAndCharacterOfPosition(d.getStart(sf)).line + 1;
      const name = d.name.getText(sf);
      if (!isConst) {
        out.push({ file, line, name, why: `a module-level ${flags & ts.NodeFlags.Let ? 'let' : 'var'}` });
        continue;
      }
      if (!d.initializer || !ts.isIdentifier(d.name)) continue;
      const instance = foreignInstance(d.initializer);
      if (instance) {
        out.push({ file, line, name, why: `a module-level instance of ${instance}` });
        continue;
      }
      const changed = isContainer(d.initializer) ? changedAt(sf, name) : undefined;
      if (changed !== undefined)
        out.push({ file, line, name, why: `a module-level container changed at line ${changed}` });
    }
  }
  return out;
}

/** Findings in `shared/` after allowances, plus allowances that match nothing (stale). */
export function findModuleState(
  files: readonly string[],
  read: (file: string) => string,
  allowed: readonly Allowance[] = ALLOWED,
): ModuleState[] {
  const used = new Set<string>();
  const out: ModuleState[] = [];
  for (const file of files) {
    if (!file.startsWith('shared/') || !/\.(ts|mts)$/.test(file) || file.endsWith('.d.ts')) continue;
    for (const s of moduleStateOf(file, read(file))) {
      const allowance = allowed.find((a) => a.file === file && a.names.includes(s.name));
      if (allowance) used.add(`${file}\0${s.name}`);
      else out.push(s);
    }
  }
  for (const a of allowed)
    for (const name of a.names)
      if (files.includes(a.file) && !used.has(`${a.file}\0${name}`))
        out.push({
          file: a.file,
          line: 0,
          name,
          why: 'allowed in tools/lint/module-state.ts but no longer state: remove it',
        });
  return out;
}

function main(): void {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'shared'], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f !== '');
  const found = findModuleState(files, (f) => readFileSync(f, 'utf8'));
  for (const s of found)
    console.error(
      `${s.file}:${s.line}: ${s.name}: ${s.why} (shared/ keeps no module state: put it in an object its owner builds)`,
    );
  console.log(
    found.length === 0
      ? `module state: ${files.length} files in shared/, none outside the allowances`
      : `module state: ${found.length} finding(s)`,
  );
  if (found.length > 0) process.exit(1);
}

if (process.argv[1]?.endsWith('module-state.ts')) main();
