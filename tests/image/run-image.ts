/**
 * Runs a built image's filesystem as the pod would, without a container runtime (docs/deploy.md#building-the-images-without-docker):
 * `buildah from` + `buildah mount` give the root filesystem; a holder process owns a fresh network
 * namespace (lo up, so 8080/3000 never collide) and mount namespace, in which the root is bind-
 * mounted READ-ONLY (stack.yml sets readonly_root_filesystem) with /proc, a minimal /dev, a tmpfs
 * /tmp and the secrets at /var/openfaas/secrets. The watchdog then runs through
 * `chroot --userspec=<app>` with exactly the image's ENV plus the function's stack.yml environment.
 * Optionally the Freshdesk sandbox (from the repository, on the host's node) runs in the same
 * network namespace at 127.0.0.1:8181. Calls are made from inside the namespace (nsenter + node).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildah } from './buildah';

const root = resolve(import.meta.dirname, '../..');
const tsxLoader = createRequire(join(root, 'package.json')).resolve('tsx/esm');

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  body: string;
  error?: string;
}

export interface PodOptions {
  ref: string;
  /** The function's environment (stack.yml), over the image's ENV. */
  env?: Record<string, string>;
  /** Files under /var/openfaas/secrets. */
  secrets?: Record<string, string>;
  /** Start the Freshdesk sandbox in the pod's network namespace. */
  sandbox?: { seed: string; apiKey: string };
}

function lineCollector(
  proc: ChildProcess,
  lines: string[],
  prefix: string,
  waiters: { re: RegExp; resolve: (l: string) => void }[],
): void {
  const onData = (chunk: Buffer): void => {
    for (const line of chunk
      .toString()
      .split('\n')
      .filter((l) => l.trim())) {
      lines.push(`${prefix}${line}`);
      for (const w of waiters.filter((x) => x.re.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);
}

export class Pod {
  readonly lines: string[] = [];
  private waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  private procs: ChildProcess[] = [];
  private container = '';
  private secretsDir = '';
  private nsPid = 0;
  fn!: ChildProcess;
  fnExit!: Promise<number | null>;

  constructor(private readonly options: PodOptions) {}

  /** Resolves with the first output line (function, watchdog or sandbox) matching `re`, from line `since` on. */
  waitFor(re: RegExp, since = 0): Promise<string> {
    const seen = this.lines.slice(since).find((l) => re.test(l));
    return seen ? Promise.resolve(seen) : new Promise((r) => this.waiters.push({ re, resolve: r }));
  }

  async start(): Promise<void> {
    const { ref } = this.options;
    this.container = buildah(['from', '--pull-never', '--quiet', ref]);
    const rootfs = buildah(['mount', this.container]);
    const config = (JSON.parse(buildah(['inspect', '--type', 'image', ref])) as { OCIv1: { config: object } }).OCIv1
      .config as { Env?: string[]; User?: string; WorkingDir?: string; Cmd?: string[] };
    const user = config.User || 'root';
    const passwd = readFileSync(join(rootfs, 'etc/passwd'), 'utf8')
      .split('\n')
      .map((l) => l.split(':'));
    const entry = passwd.find((p) => p[0] === user || p[2] === user);
    if (!entry) throw new Error(`${ref}: user ${user} is not in the image's /etc/passwd`);
    // Readable by the function's user, as Kubernetes mounts secret files (0644 by default).
    this.secretsDir = mkdtempSync(join(tmpdir(), 'pod-secrets-'));
    chmodSync(this.secretsDir, 0o755);
    for (const [name, value] of Object.entries(this.options.secrets ?? {}))
      writeFileSync(join(this.secretsDir, name), value, { mode: 0o644 });
    mkdirSync(join(rootfs, 'var/openfaas/secrets'), { recursive: true });

    const setup = [
      'set -e',
      'ip link set lo up',
      'R="$1"; S="$2"',
      'mount --bind "$R" "$R"',
      'mount -t proc proc "$R/proc"',
      'mount -t tmpfs -o mode=755 tmpfs "$R/dev"',
      'for d in null zero random urandom full; do touch "$R/dev/$d"; mount --bind "/dev/$d" "$R/dev/$d"; done',
      'mount -t tmpfs -o mode=1777 tmpfs "$R/tmp"',
      'mount --bind -o ro "$S" "$R/var/openfaas/secrets"',
      'mount -o remount,bind,ro "$R"',
      'echo "namespace-ready $$"',
      'exec sleep 86400',
    ].join('\n');
    const holder = spawn(
      'unshare',
      [
        '--net',
        '--mount',
        '--propagation',
        'private',
        '--fork',
        '--',
        'sh',
        '-c',
        setup,
        'pod',
        rootfs,
        this.secretsDir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.procs.push(holder);
    lineCollector(holder, this.lines, 'ns| ', this.waiters);
    const failed = new Promise<never>((_, rej) =>
      holder.on('exit', (code) => rej(new Error(`namespace holder exited ${code}: ${this.lines.join('\n')}`))),
    );
    const ready = await Promise.race([this.waitFor(/^namespace-ready \d+$/), failed]);
    this.nsPid = Number(ready.split(' ')[1]);

    if (this.options.sandbox) {
      const sb = spawn(
        'nsenter',
        [
          '-t',
          String(this.nsPid),
          '-n',
          '--',
          process.execPath,
          '--import',
          tsxLoader,
          join(root, 'tools/freshdesk-sandbox/cli.ts'),
          '--port',
          '8181',
          '--seed',
          this.options.sandbox.seed,
          '--api-key',
          this.options.sandbox.apiKey,
          '--plan',
          'unlimited',
        ],
        { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      this.procs.push(sb);
      lineCollector(sb, this.lines, 'sandbox| ', this.waiters);
      await this.waitFor(/Press Ctrl-C to stop/);
    }

    const env = [...(config.Env ?? []), ...Object.entries(this.options.env ?? {}).map(([k, v]) => `${k}=${v}`)];
    const cmd = `cd ${config.WorkingDir || '/'} && exec ${(config.Cmd ?? ['fwatchdog']).join(' ')}`;
    this.fn = spawn(
      'nsenter',
      [
        '-t',
        String(this.nsPid),
        '-n',
        '-m',
        '--',
        'chroot',
        `--userspec=${entry[2]}:${entry[3]}`,
        rootfs,
        '/usr/bin/env',
        '-i',
        ...env,
        '/bin/sh',
        '-c',
        cmd,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.procs.push(this.fn);
    lineCollector(this.fn, this.lines, '', this.waiters);
    this.fnExit = new Promise((r) => this.fn.on('exit', (code) => r(code)));
  }

  /** An HTTP call made from inside the pod's network namespace. */
  call(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<CallResult> {
    const script = `const [u, i] = JSON.parse(process.argv[1]);
fetch(u, i).then(async (r) => console.log(JSON.stringify({ status: r.status, headers: Object.fromEntries(r.headers), body: await r.text() })),
  (e) => console.log(JSON.stringify({ status: 0, headers: {}, body: '', error: String(e.cause?.code ?? e.message) })));`;
    return new Promise((res, rej) => {
      const c = spawn(
        'nsenter',
        [
          '-t',
          String(this.nsPid),
          '-n',
          '--',
          process.execPath,
          '-e',
          script,
          JSON.stringify([url, { method: 'POST', ...init }]),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      c.stdout.on('data', (d: Buffer) => (out += d.toString()));
      c.on('exit', () => {
        try {
          res(JSON.parse(out) as CallResult);
        } catch {
          rej(new Error(`in-pod client printed no result: ${out}`));
        }
      });
    });
  }

  /** Polls (every 300 ms, at most `timeoutMs`) until `url` answers `status` with a JSON body. */
  async until(url: string, status: number, timeoutMs = 90_000): Promise<CallResult> {
    const deadline = Date.now() + timeoutMs;
    let last: CallResult | undefined;
    while (Date.now() < deadline) {
      last = await this.call(url, { method: 'GET' });
      if (last.status === status && /^\s*[{[]/.test(last.body)) return last;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(
      `${url} never answered ${status} with JSON (last: ${JSON.stringify(last)})\n${this.lines.slice(-30).join('\n')}`,
    );
  }

  /** Polls (every 200 ms, at most `timeoutMs`) until `url` answers a body matching `re`. */
  async untilText(url: string, re: RegExp, timeoutMs = 30_000): Promise<CallResult> {
    const deadline = Date.now() + timeoutMs;
    let last: CallResult | undefined;
    while (Date.now() < deadline) {
      last = await this.call(url, { method: 'GET' });
      if (re.test(last.body)) return last;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${url} never answered ${re} (last: ${JSON.stringify(last)})`);
  }

  /** SIGTERM to the watchdog, as the kubelet sends it. */
  sigterm(): void {
    this.fn.kill('SIGTERM');
  }

  async stop(): Promise<void> {
    for (const p of this.procs.reverse()) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    if (this.nsPid) spawnSync('kill', ['-KILL', String(this.nsPid)]);
    await new Promise((r) => setTimeout(r, 200));
    if (this.container) {
      try {
        buildah(['umount', this.container]);
      } catch {
        // not mounted
      }
      buildah(['rm', this.container]);
    }
    if (this.secretsDir) rmSync(this.secretsDir, { recursive: true, force: true });
  }
}
