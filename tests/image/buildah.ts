/**
 * Thin helpers around the real builder (buildah, vfs storage, run as root; docs/deploy.md#building-the-images-without-docker) and the
 * machine's tools, with progress on stderr: these steps take minutes and people watch them.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const STORAGE = ['--storage-driver', 'vfs'];

export function progress(msg: string): void {
  process.stderr.write(`[image] ${new Date().toISOString().slice(11, 19)} ${msg}\n`);
}

export function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** apt-get install where a tool is missing (the CI machine is a fresh Debian, run as root). */
export function ensureTools(): void {
  const needs: [string, string][] = [
    ['buildah', 'buildah'],
    ['debootstrap', 'debootstrap'],
    ['unshare', 'util-linux'],
    ['nsenter', 'util-linux'],
    ['ip', 'iproute2'],
  ];
  const missing = [...new Set(needs.filter(([cmd]) => !has(cmd)).map(([, pkg]) => pkg))];
  if (missing.length === 0) return;
  progress(`apt-get install -y ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env }).status !== 0) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  }
}

/** Runs buildah synchronously and returns stdout; throws with stderr on failure. */
export function buildah(args: string[]): string {
  const r = spawnSync('buildah', [...STORAGE, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0)
    throw new Error(`buildah ${args.slice(0, 2).join(' ')} failed: ${(r.stderr || r.stdout).trim().slice(-2000)}`);
  return r.stdout.trim();
}

/** Runs a long command with its output streamed (prefixed) to stderr; rejects on a non-zero exit. */
export function runStreaming(
  cmd: string,
  args: string[],
  options: { cwd?: string; prefix: string; env?: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n').filter((l) => l.trim()))
        process.stderr.write(`  ${options.prefix} ${line}\n`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(tail) : reject(new Error(`${cmd} ${args.slice(0, 3).join(' ')} exited ${code}:\n${tail}`)),
    );
  });
}

export function imageExists(ref: string): boolean {
  return spawnSync('buildah', [...STORAGE, 'inspect', '--type', 'image', ref], { stdio: 'ignore' }).status === 0;
}

/**
 * Read-only volumes that let npm inside a RUN step reach the registry as npm on this machine does
 * (its npmrc files and CA certificates, docs/deploy.md#building-the-images-without-docker): mounted, never copied into a layer.
 */
export function npmVolumes(): string[] {
  const pairs: [string, string][] = [
    ['/root/.npmrc', '/root/.npmrc'],
    ['/usr/local/etc/npmrc', '/usr/local/etc/npmrc'],
    ['/etc/ssl/certs/ca-certificates.crt', '/etc/ssl/certs/ca-certificates.crt'],
  ];
  // The host npm's global config may live elsewhere (its prefix); the image's npm reads /usr/local/etc/npmrc.
  const hostGlobal = spawnSync('npm', ['config', 'get', 'globalconfig'], { encoding: 'utf8' }).stdout.trim();
  if (
    hostGlobal &&
    hostGlobal !== '/usr/local/etc/npmrc' &&
    existsSync(hostGlobal) &&
    !existsSync('/usr/local/etc/npmrc')
  )
    pairs[1] = [hostGlobal, '/usr/local/etc/npmrc'];
  return pairs.filter(([src]) => existsSync(src)).flatMap(([src, dst]) => ['-v', `${src}:${dst}:ro`]);
}
