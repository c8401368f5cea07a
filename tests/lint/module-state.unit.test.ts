/** The module-state check: each kind of state caught on made-up files, allowances honoured and kept fresh, the real tree clean. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findModuleState } from '../../tools/lint/module-state';

const check = (files: Record<string, string>, allowed?: Parameters<typeof findModuleState>[2]) =>
  findModuleState(Object.keys(files), (f) => files[f]!, allowed).map((s) => `${s.file}:${s.line} ${s.name}: ${s.why}`);

describe('module state in shared/', () => {
  it('catches lets, instances and containers changed in the file, with file and line', () => {
    expect(
      check(
        {
          'shared/triage-services/a.ts': 'let tracker = 1;\nexport function set(n: number) { tracker = n; }',
          'shared/triage-services/b.ts':
            'const claims = new Map<number, number>();\nexport const f = (id: number) => claims.set(id, 1);',
          'shared/triage-services/c.ts':
            'const state = { cursor: undefined as string | undefined };\nexport function g(c: string) { state.cursor = c; }',
          'shared/triage-services/d.ts':
            "import { AttemptTracker } from '../triage';\nconst t = new AttemptTracker(5);",
          'shared/x/e.ts': 'const seen: number[] = [];\nexport const h = (n: number) => { seen.push(n); };',
          'shared/x/f.ts':
            'const buf = new Int32Array(4);\nexport const k = (i: number) => { buf[i] += 1; return buf[i]; };',
          'shared/x/g.ts': 'const scans = { a: new Scanner() };\nclass Scanner {}',
          'shared/x/h.ts': 'var old = 0;',
          'shared/x/i.ts': 'const m = new Map<string, { n: number }>();\nexport const j = () => { delete m.x; };',
        },
        [],
      ),
    ).toEqual([
      'shared/triage-services/a.ts:1 tracker: a module-level let',
      'shared/triage-services/b.ts:1 claims: a module-level container changed at line 2',
      'shared/triage-services/c.ts:1 state: a module-level container changed at line 2',
      'shared/triage-services/d.ts:2 t: a module-level instance of AttemptTracker',
      'shared/x/e.ts:1 seen: a module-level container changed at line 2',
      'shared/x/f.ts:1 buf: a module-level container changed at line 2',
      'shared/x/g.ts:1 scans: a module-level instance of Scanner',
      'shared/x/h.ts:1 old: a module-level var',
      'shared/x/i.ts:1 m: a module-level container changed at line 2',
    ]);
  });

  it('lets constants, read-only containers, state inside functions and files outside shared/ pass', () => {
    expect(
      check(
        {
          'shared/x/a.ts':
            "const LOOPBACK = new Set(['127.0.0.1']);\nexport const isLoop = (h: string) => LOOPBACK.has(h);",
          'shared/x/b.ts':
            "export const SECRETS = { key: { name: 'k' } } as const;\nconst TOKEN = new RegExp('a', 'g');",
          'shared/x/c.ts':
            'export function make() { const claims = new Map<number, number>(); let n = 0; return { add: (id: number) => { n += 1; claims.set(id, n); } }; }',
          'shared/x/d.ts':
            'const LOG = Float64Array.from({ length: 4 }, (_, i) => i);\nexport const l = (i: number) => LOG[i];',
          'shared/x/e.ts':
            'const byName = new Map<string, number>();\nexport function f(byName: Map<string, number>) { return byName.get("a"); }',
          'functions/fetch-tickets/handler.ts': 'let service: unknown;',
        },
        [],
      ),
    ).toEqual([]);
  });

  it('honours an allowance by file and name, and fails one that matches nothing any more', () => {
    const files = { 'shared/classifier/s.ts': 'let scratch = new Float64Array(8);\nconst kept = 1;' };
    expect(check(files, [{ file: 'shared/classifier/s.ts', names: ['scratch'], reason: 'scratch' }])).toEqual([]);
    expect(check(files, [{ file: 'shared/classifier/s.ts', names: ['scratch', 'kept'], reason: 'scratch' }])).toEqual([
      'shared/classifier/s.ts:0 kept: allowed in tools/lint/module-state.ts but no longer state: remove it',
    ]);
  });

  it('passes on the repository as it is (npm run lint)', () => {
    const files = execFileSync('git', ['ls-files', 'shared'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(findModuleState(files, (f) => readFileSync(f, 'utf8'))).toEqual([]);
  });
});
