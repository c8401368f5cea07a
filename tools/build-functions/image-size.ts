/**
 * Sizes of a built function image, read from buildah's storage (vfs): the bytes of its root
 * filesystem and of /home/app/node_modules, measured with `du` on the mounted image. Undefined
 * when buildah or the image is not there (the bench then says "not built").
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const IMAGE_TAG = 'image-test';
export const imageRefOf = (fn: string): string => `localhost/freshdesk-triage/${fn}:${IMAGE_TAG}`;

const buildah = (args: string[]) => spawnSync('buildah', ['--storage-driver', 'vfs', ...args], { encoding: 'utf8' });

function duBytes(path: string): number {
  const r = spawnSync('du', ['-sb', '--apparent-size', path], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.split('\t')[0]) : 0;
}

export function measureImage(ref: string): { bytes: number; nodeModulesBytes: number } | undefined {
  if (buildah(['inspect', '--type', 'image', ref]).status !== 0) return undefined;
  const from = buildah(['from', '--pull-never', '--quiet', ref]);
  const ctr = from.stdout.trim();
  if (from.status !== 0 || !ctr) return undefined;
  try {
    const mnt = buildah(['mount', ctr]).stdout.trim();
    return { bytes: duBytes(mnt), nodeModulesBytes: duBytes(join(mnt, 'home/app/node_modules')) };
  } finally {
    buildah(['umount', ctr]);
    buildah(['rm', ctr]);
  }
}

/** For the bench: each function image's sizes, or "not built" (run npm run test:image to build them). */
export function imageSizes(
  fns = ['classify-ticket', 'fetch-tickets', 'update-ticket'],
): Record<string, { bytes: number; nodeModulesBytes: number } | 'not built'> {
  const has = spawnSync('sh', ['-c', 'command -v buildah'], { stdio: 'ignore' }).status === 0;
  return Object.fromEntries(fns.map((fn) => [fn, (has && measureImage(imageRefOf(fn))) || 'not built']));
}
