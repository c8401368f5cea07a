/** The import-direction check: each layer rule caught on made-up files, and the real tree clean. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findViolations } from '../../tools/lint/import-rules';

const check = (files: Record<string, string>) => findViolations(Object.keys(files), (f) => files[f]!).map((v) => `${v.file}:${v.line} ${v.rule}`);

describe('import rules', () => {
  it('catches each broken direction, with file and line', () => {
    expect(
      check({
        'shared/triage/x.ts': "import { a } from '../../tools/runner/index';\nimport { z } from 'zod';",
        'functions/fetch-tickets/handler.ts': "import { b } from '@shared/config';\nimport c from '../update-ticket/config';",
        'functions/update-ticket/y.ts': "const d = await import('../../bench/run');",
        'tools/runner/z.ts': "export { e } from '../../functions/classify-ticket/handler';",
        'bench/w.ts': "const f = require('../tests/helpers');",
        'template/node-ts/server.ts': "import { g } from '../../shared/http';",
      }),
    ).toEqual([
      'shared/triage/x.ts:1 shared/ never imports tools/',
      'functions/fetch-tickets/handler.ts:2 no function imports another function',
      'functions/update-ticket/y.ts:1 functions/ import only shared/, not bench/',
      'tools/runner/z.ts:1 tools/ imports of a function only its config, not functions/classify-ticket/handler',
      'bench/w.ts:1 bench/ never imports tests/',
      'template/node-ts/server.ts:1 template/ never imports shared/',
    ]);
  });

  it('allows what the design allows: shared inside itself, functions and tools to shared, tests to anything', () => {
    expect(
      check({
        'shared/triage/decide.ts': "import { x } from './marker';\nimport { y } from '../ticket-system';",
        'functions/classify-ticket/handler.ts': "import { c } from '@shared/classifier';\nimport { l } from './config';",
        'tools/runner/index.ts': "import { s } from '../freshdesk-sandbox/index';\nimport { h } from '@shared/http';",
        'bench/run.ts': "import { r } from '../tools/runner/index';",
        'tools/runner/settings.ts': "import { FetchEnv } from '../../functions/fetch-tickets/config';",
        'tests/functions/t.test.ts': "import h from '../../functions/fetch-tickets/handler';",
      }),
    ).toEqual([]);
  });

  it('passes on the repository as it is (npm run lint:imports)', () => {
    const files = execFileSync('git', ['ls-files', '*.ts'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(findViolations(files, (f) => readFileSync(f, 'utf8'))).toEqual([]);
  });
});
