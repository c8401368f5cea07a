/**
 * Builds the three function images from the build contexts the real `faas-cli build --shrinkwrap`
 * writes (tests/helpers/faas-shrinkwrap.ts), with the real builder: `buildah bud --isolation chroot --pull-never` (vfs storage). classify-ticket
 * gets the model through --copy-extra ./models, as the README's deploy command does.
 * Run alone: `tsx tests/image/build-images.ts [function...]`.
 */
import { join, resolve } from 'node:path';
import { imageRefOf } from '../../tools/build-functions/image-size';
import { faasShrinkwrap } from '../helpers/faas-shrinkwrap';
import { openfaasTools } from '../helpers/openfaas-tools';
import { buildah, npmVolumes, progress, runStreaming, STORAGE } from './buildah';
import { ensureBases, watchdogImage } from './bases';

const root = resolve(import.meta.dirname, '../..');
export const FUNCTIONS = ['classify-ticket', 'fetch-tickets', 'update-ticket'] as const;
export const imageRef = imageRefOf;
/** Extra --copy-extra paths per function: only classify-ticket carries the model. */
export const COPY_EXTRA: Record<string, string[]> = { 'classify-ticket': ['./models'] };

export async function buildImage(
  fn: string,
  options: { copyExtra?: string[]; ref?: string } = {},
): Promise<{ ref: string; seconds: number }> {
  const started = Date.now();
  const tools = openfaasTools();
  if (!tools) throw new Error('the image build needs the real faas-cli (tests/helpers/openfaas-tools.ts)');
  const ctx = faasShrinkwrap(tools.faasCli, root, fn, options.copyExtra ?? COPY_EXTRA[fn] ?? []);
  const ref = options.ref ?? imageRef(fn);
  progress(`buildah bud ${fn} -> ${ref}`);
  try {
    await runStreaming(
      'buildah',
      [
        ...STORAGE,
        'bud',
        '--isolation',
        'chroot',
        '--pull-never',
        '--layers=false',
        '--format',
        'docker',
        ...npmVolumes(),
        '-t',
        ref,
        '-f',
        join(ctx, 'Dockerfile'),
        ctx,
      ],
      { prefix: `${fn}|` },
    );
  } finally {
    removeStageContainers();
  }
  const seconds = (Date.now() - started) / 1000;
  progress(`${fn}: built in ${seconds.toFixed(0)} s`);
  return { ref, seconds };
}

/** buildah bud leaves the watchdog stage's working container behind (a stage only copied from). */
export function removeStageContainers(): void {
  const list = JSON.parse(buildah(['containers', '--json']) || '[]') as {
    id: string;
    builder: boolean;
    imagename: string;
  }[];
  for (const c of list) if (c.builder && c.imagename === watchdogImage()) buildah(['rm', c.id]);
}

export function removeImage(ref: string): void {
  try {
    buildah(['rmi', '--force', ref]);
  } catch {
    // already gone
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'build-images.ts')) {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : [...FUNCTIONS];
  (async () => {
    await ensureBases();
    for (const fn of names) await buildImage(fn);
  })().catch((err: unknown) => {
    console.error((err as Error).message);
    process.exit(1);
  });
}
