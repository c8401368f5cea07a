import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) },
  },
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: run test files in parallel but not more than the machine has.
    maxWorkers: 2,
    // The default reporter for people; the JSON file is what .ci/run counts.
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
});
