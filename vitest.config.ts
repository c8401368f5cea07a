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
