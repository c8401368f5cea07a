import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The real image test (npm run test:image): builds with buildah and runs the images' filesystems.
// Root only (buildah, chroot, unshare); minutes, not seconds; its own JSON for .ci/run's count.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  resolve: {
    alias: { '@shared': fileURLToPath(new URL('../../shared', import.meta.url)) },
  },
  test: {
    include: ['tests/image/**/*.image.ts'],
    testTimeout: 180_000,
    hookTimeout: 20 * 60_000,
    fileParallelism: false,
    maxWorkers: 1,
    reporters: ['default', ['json', { outputFile: '.vitest-image-results.json' }]],
  },
});
