/**
 * The build contexts `faas-cli build --shrinkwrap` writes (docs/openfaas.md#build-contexts, faas-cli
 * builder.CreateBuildContext), for building without faas-cli: build/<fn>/ holds the template
 * (./template/<lang>/), the handler folder in function/ (entries named build and template are
 * skipped, as faas-cli does), then every configuration.copy path and each --copy-extra path at
 * function/<path>. Symlinks are followed.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { parse } from 'yaml';

interface StackFunction {
  lang: string;
  handler: string;
}

/** stack.yml with `${VAR:-default}` substituted from env over the whole text, as faas-cli does. */
export function readStack(
  root: string,
  env: Record<string, string | undefined> = process.env,
): { copy: string[]; functions: Record<string, StackFunction> } {
  const text = readFileSync(join(root, 'stack.yml'), 'utf8').replace(
    /\$\{(\w+)(?::-([^}]*))?\}/g,
    (_m, v: string, d?: string) => env[v] || d || '',
  );
  const stack = parse(text) as { configuration?: { copy?: string[] }; functions: Record<string, StackFunction> };
  return { copy: stack.configuration?.copy ?? [], functions: stack.functions };
}

function inScope(root: string, path: string): string {
  const rel = relative(root, join(root, path));
  if (rel === '' || rel.startsWith('..') || isAbsolute(normalize(path)))
    throw new Error(`forbidden path appears to be outside of the build context: ${path}`);
  return rel;
}

/** Writes build/<fn>/ for each named function (all by default); returns the context folders. */
export function shrinkwrap(
  root: string,
  options: { functions?: string[]; copyExtra?: string[]; outDir?: string } = {},
): Record<string, string> {
  const stack = readStack(root);
  const outDir = options.outDir ?? join(root, 'build');
  const out: Record<string, string> = {};
  for (const name of options.functions ?? Object.keys(stack.functions)) {
    const fn = stack.functions[name];
    if (!fn) throw new Error(`${name} is not a function in stack.yml`);
    const template = join(root, 'template', fn.lang);
    if (!existsSync(join(template, 'Dockerfile'))) throw new Error(`template ${fn.lang} not found at ${template}`);
    const ctx = join(outDir, name);
    rmSync(ctx, { recursive: true, force: true });
    mkdirSync(ctx, { recursive: true });
    cpSync(template, ctx, { recursive: true, dereference: true });
    const fnDir = join(ctx, 'function');
    mkdirSync(fnDir, { recursive: true });
    const handler = join(root, fn.handler);
    for (const entry of readdirSync(handler)) {
      if (entry === 'build' || entry === 'template') continue;
      cpSync(join(handler, entry), join(fnDir, entry), { recursive: true, dereference: true });
    }
    for (const p of [...stack.copy, ...(options.copyExtra ?? [])]) {
      const rel = inScope(root, p);
      cpSync(join(root, rel), join(fnDir, rel), { recursive: true, dereference: true });
    }
    out[name] = ctx;
  }
  return out;
}
