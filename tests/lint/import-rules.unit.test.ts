/** The import-direction check: each layer rule caught on made-up files, and the real tree clean. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findViolations } from '../../tools/lint/import-rules';

const check = (files: Record<string, string>) =>
  findViolations(Object.keys(files), (f) => files[f]!).map((v) => `${v.file}:${v.line} ${v.rule}`);

describe('import rules', () => {
  it('catches each broken direction, with file and line', () => {
    expect(
      check({
        'shared/triage/x.ts': "import { a } from '../../tools/runner/index';\nimport { z } from 'zod';",
        'functions/fetch-tickets/handler.ts':
          "import { b } from '@shared/config';\nimport c from '../update-ticket/config';",
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

  it('keeps shared/triage pure: each I/O import or call fails, with the rule named', () => {
    expect(
      check({
        'shared/triage/a.ts': "import { request } from 'undici';",
        'shared/triage/b.ts': "import { createServer } from 'node:http';\nimport { readFileSync } from 'fs';",
        'shared/triage/c.ts': "import { setTimeout as wait } from 'node:timers/promises';",
        'shared/triage/d.ts': "import { FreshdeskClient } from '../freshdesk';",
        'shared/triage/e.ts': "import { FreshdeskTicketSystem } from '../ticket-system/freshdesk-adapter';",
        'shared/triage/f.ts': "import { dispatch } from '@shared/triage-services/dispatch';",
        'shared/triage/g.ts': '// setTimeout( in a comment is fine\nconst t = setTimeout(() => undefined, 5);',
        'shared/triage/h.ts': 'const url = process.env.GATEWAY;',
        'shared/triage/i.ts':
          "import { signatureHeaders } from '../http/signature';\nimport { InputError } from '../http/input-error';",
      }),
    ).toEqual([
      'shared/triage/a.ts:1 shared/triage is pure: no I/O package (undici); put I/O in shared/triage-services',
      'shared/triage/b.ts:1 shared/triage is pure: no I/O package (node:http); put I/O in shared/triage-services',
      'shared/triage/b.ts:2 shared/triage is pure: no I/O package (fs); put I/O in shared/triage-services',
      'shared/triage/c.ts:1 shared/triage is pure: no I/O package (node:timers/promises); put I/O in shared/triage-services',
      'shared/triage/d.ts:1 shared/triage is pure: no ticket-system adapter (shared/freshdesk)',
      'shared/triage/e.ts:1 shared/triage is pure: no ticket-system adapter (shared/ticket-system/freshdesk-adapter)',
      'shared/triage/f.ts:1 shared/triage is pure: it never imports shared/triage-services (the services depend on it)',
      'shared/triage/g.ts:2 shared/triage is pure: no timers, fetch or process.env',
      'shared/triage/h.ts:1 shared/triage is pure: no timers, fetch or process.env',
      'shared/triage/i.ts:1 shared/triage is pure: of shared/http only input-error (InputError), not shared/http/signature',
    ]);
  });

  it('keeps onnxruntime out of the functions: only tools and tests run the ONNX graph', () => {
    expect(
      check({
        'shared/classifier/x.ts': "import * as ort from 'onnxruntime-node';",
        'functions/classify-ticket/y.ts': "const o = await import('onnxruntime-common');",
        'tools/onnx-check/z.ts': "import * as ort from 'onnxruntime-node';",
      }),
    ).toEqual([
      'shared/classifier/x.ts:1 the functions run no onnxruntime (onnxruntime-node; docs/architecture.md): check the ONNX graph in tools/onnx-check',
      'functions/classify-ticket/y.ts:1 the functions run no onnxruntime (onnxruntime-common; docs/architecture.md): check the ONNX graph in tools/onnx-check',
    ]);
  });

  it('keeps shared/http free of ticket-system adapters', () => {
    expect(
      check({
        'shared/http/result.ts':
          "import { NotFoundError } from '../freshdesk';\nimport { TicketNotFoundError } from '../ticket-system/errors';",
        'shared/http/other.ts': "import { mapped } from '@shared/ticket-system/freshdesk-errors';",
      }),
    ).toEqual([
      "shared/http/result.ts:1 shared/http imports no ticket-system adapter (shared/freshdesk): map the port's errors (shared/ticket-system/errors)",
      "shared/http/other.ts:1 shared/http imports no ticket-system adapter (shared/ticket-system/freshdesk-errors): map the port's errors (shared/ticket-system/errors)",
    ]);
  });

  it('allows what the design allows: shared inside itself, functions and tools to shared, tests to anything', () => {
    expect(
      check({
        'shared/triage/decide.ts':
          "import { x } from './marker';\nimport { y } from '../ticket-system';\nimport { z } from 'zod';",
        'shared/triage-services/dispatch.ts':
          "import { request } from 'undici';\nimport { decide } from '../triage';\nconst t = setTimeout(() => 1, 5);",
        'shared/ticket-system/freshdesk-errors.ts': "import { NotFoundError } from '../freshdesk';",
        'functions/classify-ticket/handler.ts':
          "import { c } from '@shared/classifier';\nimport { l } from './config';",
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
