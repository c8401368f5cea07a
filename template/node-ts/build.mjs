/**
 * The one esbuild configuration of this project's functions, used by the image's build stage
 * (Dockerfile: `node build.mjs`) and by `npm run build:functions` (tools/build-functions), so the
 * bundle checked locally is the bundle shipped. Plain JavaScript: the build stage runs it with
 * node alone, before anything is compiled. Types: build.d.mts.
 *
 * Target node20: the images run Node 22, local runs and CI Node 20 (engines >= 20.18.1); code
 * for node20 runs on both, code for node22 might not run locally.
 */
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const NODE_TARGET = 'node20';

/** CommonJS for node: the OpenFaaS wrapper `require()`s the handler. */
const common = { bundle: true, platform: 'node', target: NODE_TARGET, format: 'cjs', logLevel: 'warning' };

/**
 * A function's handler.ts bundled into one file with everything it imports (no function needs a
 * native module: classify-ticket runs its model in TypeScript), `@shared` is the project's shared/ folder.
 */
export function handlerBuildOptions({ entry, outfile, sharedDir }) {
  return { ...common, entryPoints: [entry], outfile, alias: { '@shared': sharedDir } };
}

/** The image entry (index.ts) and its build check (verify-function.ts); the handler stays a separate file. */
export function entryBuildOptions({ templateDir, outdir }) {
  return {
    ...common,
    entryPoints: [join(templateDir, 'index.ts'), join(templateDir, 'verify-function.ts')],
    outdir,
    external: ['./function/handler'],
  };
}

/**
 * The image's /home/app, built in `dir` (the build stage's working folder: the template files at
 * the root, the handler folder in function/): out/index.js, out/verify-function.js,
 * out/function/handler.js, the function's model if it has one.
 */
export async function buildImageApp(dir) {
  const out = join(dir, 'out');
  await build(
    handlerBuildOptions({
      entry: join(dir, 'function/handler.ts'),
      outfile: join(out, 'function/handler.js'),
      sharedDir: join(dir, 'function/shared'),
    }),
  );
  await build(entryBuildOptions({ templateDir: dir, outdir: out }));
  // The function's package.json says "type": "module"; the bundles are CommonJS.
  writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n');
  if (existsSync(join(dir, 'function/models')))
    cpSync(join(dir, 'function/models'), join(out, 'function/models'), { recursive: true });
  return out;
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  await buildImageApp(process.cwd());
}
