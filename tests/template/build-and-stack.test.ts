/** The image contract without Docker: CommonJS bundles that require() to a function, and a complete stack.yml. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildFunctions } from '../../tools/build-functions/main';
import { deriveManifest, functionNames } from '../../tools/build-functions/manifests';
import { faasShrinkwrap } from '../helpers/faas-shrinkwrap';
import { openfaasTools } from '../helpers/openfaas-tools';

const tools = openfaasTools();
const afterTasks: (() => void)[] = [];
afterAll(() => {
  for (const t of afterTasks) t();
});

describe('function bundles', () => {
  mkdirSync(join(process.cwd(), 'dist'), { recursive: true });
  it('bundle each handler to CommonJS that plain node can require() as a function', async () => {
    // Inside the project (dist/ is ignored) so node_modules resolves onnxruntime-node, as in the image.
    const out = mkdtempSync(join(process.cwd(), 'dist', 'test-build-'));
    const built = await buildFunctions(process.cwd(), out);
    afterTasks.push(() => rmSync(out, { recursive: true, force: true }));
    expect(built.map((b) => b.name).sort()).toEqual(['classify-ticket', 'fetch-tickets', 'update-ticket']);
    for (const b of built) {
      // A separate plain node process, as the image's wrapper loads it.
      const kind = execFileSync(process.execPath, [
        '-e',
        `process.stdout.write(typeof require(${JSON.stringify(b.file)}).default)`,
      ]).toString();
      expect(kind).toBe('function');
    }
  }, 60_000);
});

describe('stack.yml', () => {
  const text = readFileSync('stack.yml', 'utf8').replace(/\$\{(\w+):-([^}]*)\}/g, (_m, _v, d: string) => d);
  const stack = parse(text) as any;
  it('is a faas-cli 1.0 stack for openfaas with the three functions on the project template', () => {
    expect(stack.version).toBe(1);
    expect(stack.provider.name).toBe('openfaas');
    expect(Object.keys(stack.functions).sort()).toEqual(['classify-ticket', 'fetch-tickets', 'update-ticket']);
    for (const [name, fn] of Object.entries<any>(stack.functions)) {
      expect(fn.lang).toBe('node-ts');
      expect(existsSync(join(fn.handler, 'handler.ts'))).toBe(true);
      expect(fn.image).toBe(`registry.local:5000/${name}:1.0.0`);
      expect(fn.readonly_root_filesystem).toBe(true);
      expect(fn.limits.memory).toMatch(/Mi$/);
      expect(Number.parseInt(fn.environment.read_timeout, 10)).toBeGreaterThan(
        Number.parseInt(fn.environment.exec_timeout, 10),
      );
    }
    expect(existsSync('template/node-ts/Dockerfile')).toBe(true);
    expect(existsSync('template/node-ts/template.yml')).toBe(true);
  });
  it('schedules fetch-tickets for the cron connector and keeps secrets out of the environment', () => {
    const f = stack.functions['fetch-tickets'];
    expect(f.annotations).toEqual({ topic: 'cron-function', schedule: '*/5 * * * *' });
    expect(f.secrets).toContain('freshdesk-api-key');
    expect(stack.functions['update-ticket'].secrets).toEqual(['freshdesk-api-key', 'triage-signing-secret']);
    expect(JSON.stringify(stack)).not.toMatch(/FRESHDESK_API_KEY|SIGNING_SECRET/);
  });
});

describe('per-function image manifests and build contexts', () => {
  it('functions/<name>/package.json matches what the code bundles and keeps external (regenerate: npm run build:functions -- --manifests)', async () => {
    for (const name of functionNames(process.cwd())) {
      const committed = JSON.parse(readFileSync(join('functions', name, 'package.json'), 'utf8'));
      expect(committed).toEqual(await deriveManifest(process.cwd(), name));
      const lock = JSON.parse(readFileSync(join('functions', name, 'package-lock.json'), 'utf8'));
      expect(lock.packages[''].dependencies ?? {}).toEqual(committed.dependencies);
      expect(lock.packages[''].devDependencies).toEqual(committed.devDependencies);
    }
    const runtime = (n: string) =>
      Object.keys(JSON.parse(readFileSync(join('functions', n, 'package.json'), 'utf8')).dependencies);
    expect(runtime('classify-ticket')).toEqual([]);
    expect(runtime('fetch-tickets')).toEqual([]);
    expect(runtime('update-ticket')).toEqual([]);
  }, 60_000);

  it.runIf(tools)(
    'the real faas-cli shrinkwrap: template at the root, handler + shared in function/, the model only with --copy-extra',
    () => {
      const root = process.cwd();
      const f = faasShrinkwrap(tools!.faasCli, root, 'fetch-tickets');
      expect(existsSync(join(f, 'Dockerfile'))).toBe(true);
      expect(existsSync(join(f, 'function/handler.ts'))).toBe(true);
      expect(existsSync(join(f, 'function/shared/config/index.ts'))).toBe(true);
      expect(existsSync(join(f, 'function/.npmrc'))).toBe(true);
      expect(JSON.parse(readFileSync(join(f, 'function/package.json'), 'utf8')).name).toBe('fetch-tickets');
      expect(existsSync(join(f, 'function/models'))).toBe(false);
      const c = faasShrinkwrap(tools!.faasCli, root, 'classify-ticket', ['./models']);
      expect(existsSync(join(c, 'function/models/ticket-triage/manifest.json'))).toBe(true);
      expect(() => faasShrinkwrap(tools!.faasCli, root, 'classify-ticket', ['../outside'])).toThrow(
        /outside of the build context/,
      );
    },
  );
});

describe('the template Dockerfile', () => {
  it('copies every template file the entry imports (a missing one fails only inside the image build)', () => {
    const dir = join(process.cwd(), 'template/node-ts');
    const copied =
      /^COPY (index\.ts .*) \.\/$/m.exec(readFileSync(join(dir, 'Dockerfile'), 'utf8'))?.[1]?.split(' ') ?? [];
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/from '\.\/([\w-]+)'/g)) visit(`${m[1]}.ts`);
    };
    visit('index.ts');
    expect([...seen].filter((f) => !copied.includes(f))).toEqual([]);
  });
});
