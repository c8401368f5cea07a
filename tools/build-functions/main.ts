/**
 * `npm run build:functions`: bundles each function with the image's own esbuild configuration
 * (template/node-ts/build.mjs: CommonJS, node20, onnxruntime-node external) into
 * dist/functions/<name>/handler.js, and checks the contract the OpenFaaS wrapper relies on:
 * `require('./handler')` gives a function.
 * `--manifests` instead writes each function's image manifest (see manifests.ts).
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { handlerBuildOptions } from '../../template/node-ts/build.mjs';
import { writeManifests } from './manifests';

export async function buildFunctions(
  root = process.cwd(),
  outDir = join(root, 'dist/functions'),
): Promise<{ name: string; file: string; bytes: number }[]> {
  const names = readdirSync(join(root, 'functions'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  const out = [];
  for (const name of names) {
    const file = join(outDir, name, 'handler.js');
    const r = await build({
      ...handlerBuildOptions({
        entry: join(root, 'functions', name, 'handler.ts'),
        outfile: file,
        sharedDir: join(root, 'shared'),
      }),
      metafile: true,
      logLevel: 'silent',
    });
    // The repository is "type": "module"; the image's function folder is CommonJS, like this one.
    writeFileSync(join(outDir, name, 'package.json'), '{ "type": "commonjs" }\n');
    const handler = createRequire(resolve(file))(resolve(file)) as { default?: unknown };
    if (typeof handler.default !== 'function') throw new Error(`${name}: handler.js does not export a function`);
    out.push({ name, file, bytes: Object.values(r.metafile.outputs)[0]?.bytes ?? 0 });
  }
  return out;
}

if (
  process.argv[1] &&
  resolve(process.argv[1]).endsWith(join('build-functions', 'main.ts')) &&
  process.argv.includes('--manifests')
) {
  writeManifests().then(
    (files) => {
      for (const f of files) console.log(`wrote ${f} (+ package-lock.json)`);
    },
    (err: unknown) => {
      console.error(`build:functions --manifests: ${(err as Error).message}`);
      process.exit(1);
    },
  );
} else if (process.argv[1] && resolve(process.argv[1]).endsWith(join('build-functions', 'main.ts'))) {
  buildFunctions().then(
    (built) => {
      for (const b of built) console.log(`${b.name.padEnd(16)} ${b.file}  ${(b.bytes / 1024).toFixed(0)} KiB`);
    },
    (err: unknown) => {
      console.error(`build:functions: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
