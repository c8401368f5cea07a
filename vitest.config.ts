import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Two tiers: `unit` (files named *.unit.test.ts: pure logic, no network, no child process, no
 * model; `npm run test:unit`, seconds) and `integration` (everything else: real servers on
 * loopback, function processes, the ONNX model). `npm test` runs both.
 */
export default defineConfig({
  resolve: {
    alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) },
  },
  test: {
    testTimeout: 30_000,
    // Function and template logs are dropped in tests (shared/http/log.ts, template/node-ts/log.ts);
    // a test that asserts on them sets LOG_LEVEL=info (vi.stubEnv) or passes its own log/write.
    env: { LOG_LEVEL: 'silent' },
    hookTimeout: 60_000,
    // Two cores: run test files in parallel but not more than the machine has.
    maxWorkers: 2,
    // The default reporter for people; the JSON file is what .ci/run counts.
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    // CI runs `npm test -- --coverage` (.ci/run), `npm run test:coverage` does the same alone; plain
    // `npm test` does not measure, to keep its time (v8 coverage cost ~1.2x the tests' CPU time).
    // v8: the engine's own counters, no instrumented copy of the code. Measured over shared/, the code the functions ship; code that only runs in a child
    // process (a function under the runner) is not counted, so the floors sit under what the
    // in-process tests reach. A floor that fails names its folder; coverage/index.html shows the lines.
    coverage: {
      provider: 'v8',
      include: ['shared/**/*.ts'],
      reporter: ['text-summary', 'html', 'json-summary'],
      // Measured 2026-12-03 (lines / functions): all of shared/ 93.7 / 91.0, shared/freshdesk
      // 97.0 / 99.0, shared/triage 95.6 / 97.0.
      thresholds: {
        lines: 88,
        'shared/freshdesk/**': { lines: 90, functions: 90 },
        'shared/triage/**': { lines: 90, functions: 90 },
      },
    },
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/**/*.unit.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/**/*.unit.test.ts', '**/node_modules/**'],
        },
      },
    ],
  },
});
