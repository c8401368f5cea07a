/**
 * `npx tsx bench/onnxruntime.ts [--calls 2000] [--starts 5]`: what onnxruntime-node would cost
 * classify-ticket, measured on the shipped model (docs/architecture.md, "Why classify-ticket runs
 * no onnxruntime"):
 * - per ticket: the whole TypeScript classify(), its linear-heads step (linear.ts) and the same
 *   logits from an onnxruntime session, alternated call by call so all three see the same load;
 *   "with onnxruntime" = classify - linear step + onnxruntime step;
 * - start-up: fresh processes, alternated, that load the model and classify one ticket, with and
 *   without also importing onnxruntime-node and opening the graph (wall time and peak RSS);
 * - size: onnxruntime-node and its dependency tree as the image would ship them (the root lock's
 *   tree, only this platform's binary, as template/node-ts/Dockerfile prunes it).
 * Prints measured figures only.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL_DIR, featurize, loadClassifier, prepareTicket, readWeights } from '@shared/classifier';
import { linearLogits } from '@shared/classifier/linear';
import { numberOption, parseCli } from '../tools/cli-args';
import { openOnnxModel } from '../tools/onnx-check/logits';
import { percentile, TICKET_2K } from './classifier';

const ms = (x: number) => `${x.toFixed(3)} ms`;

async function perTicket(calls: number): Promise<void> {
  const clf = await loadClassifier(DEFAULT_MODEL_DIR);
  const onnx = await openOnnxModel(DEFAULT_MODEL_DIR);
  const weights = readWeights(readFileSync(join(DEFAULT_MODEL_DIR, 'model.onnx')));
  const linear = { w: weights.w, b: weights.b, columns: weights.b.length };
  const out = new Float32Array(linear.columns);
  const f = featurize(prepareTicket(TICKET_2K.subject, TICKET_2K.body));
  const t = { classify: [] as number[], linear: [] as number[], onnx: [] as number[] };
  const time = async (into: number[], run: () => unknown) => {
    const s = performance.now();
    await run();
    into.push(performance.now() - s);
  };
  for (let i = 0; i < calls + 100; i += 1) {
    if (i === 100) for (const a of Object.values(t)) a.length = 0; // the first 100 warm up
    await time(t.classify, () => clf.classify(TICKET_2K));
    await time(t.linear, () => linearLogits(linear, f, out));
    await time(t.onnx, () => onnx.logits([f]));
  }
  for (const a of Object.values(t)) a.sort((x, y) => x - y);
  const p = (a: number[], q: number) => percentile(a, q);
  console.log(`per ticket (~2,000 characters, ${calls} calls each, alternated; load ${loadavg()[0]!.toFixed(2)})`);
  console.log(`  classify() in TypeScript       p50 ${ms(p(t.classify, 50))}  p99 ${ms(p(t.classify, 99))}`);
  console.log(`  its linear-heads step          p50 ${ms(p(t.linear, 50))}  p99 ${ms(p(t.linear, 99))}`);
  console.log(`  the same logits, onnxruntime   p50 ${ms(p(t.onnx, 50))}  p99 ${ms(p(t.onnx, 99))}`);
  const withOrt = p(t.classify, 50) - p(t.linear, 50) + p(t.onnx, 50);
  console.log(
    `  classify with onnxruntime      p50 ${ms(withOrt)} (${(withOrt / p(t.classify, 50)).toFixed(2)}x the TypeScript path)`,
  );
}

/** In a child: load the model, classify one ticket, with `ort` also open the graph in onnxruntime. */
async function child(ort: boolean): Promise<void> {
  const clf = await loadClassifier(DEFAULT_MODEL_DIR);
  await clf.classify(TICKET_2K);
  const s = performance.now();
  if (ort) {
    const { openOnnxModel: open } = await import('../tools/onnx-check/logits');
    await (await open(DEFAULT_MODEL_DIR)).logits([featurize(prepareTicket(TICKET_2K.subject, TICKET_2K.body))]);
  }
  // performance.now() counts from the process's start.
  const out = {
    rssMb: process.resourceUsage().maxRSS / 1024,
    ortMs: performance.now() - s,
    totalMs: performance.now(),
  };
  console.log(JSON.stringify(out));
}

function startUp(starts: number): void {
  const runs = {
    without: [] as number[],
    with: [] as number[],
    rssWithout: [] as number[],
    rssWith: [] as number[],
    ortMs: [] as number[],
  };
  for (let i = 0; i < starts; i += 1) {
    for (const ort of [false, true]) {
      const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--child', ort ? 'ort' : 'ts'], {
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
      const { rssMb, ortMs, totalMs } = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
      (ort ? runs.with : runs.without).push(totalMs!);
      if (ort) runs.ortMs.push(ortMs!);
      (ort ? runs.rssWith : runs.rssWithout).push(rssMb!);
    }
  }
  const med = (a: number[]) =>
    percentile(
      [...a].sort((x, y) => x - y),
      50,
    );
  console.log(`start-up to the first answer (from process start, under tsx; median of ${starts}, alternated)`);
  console.log(
    `  TypeScript only        ${med(runs.without).toFixed(0)} ms, peak RSS ${med(runs.rssWithout).toFixed(0)} MB`,
  );
  console.log(
    `  + onnxruntime session  ${med(runs.with).toFixed(0)} ms, peak RSS ${med(runs.rssWith).toFixed(0)} MB (import + open + first run ${med(runs.ortMs).toFixed(0)} ms, +${(med(runs.rssWith) - med(runs.rssWithout)).toFixed(0)} MB)`,
  );
}

function bytesUnder(path: string, skip: (p: string) => boolean): number {
  if (skip(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((n, e) => n + bytesUnder(join(path, e), skip), 0);
}

function size(): void {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
    packages: Record<string, { dependencies?: Record<string, string> }>;
  };
  const tree = new Set<string>();
  const visit = (name: string) => {
    if (tree.has(name)) return;
    tree.add(name);
    for (const d of Object.keys(lock.packages[`node_modules/${name}`]?.dependencies ?? {})) visit(d);
  };
  visit('onnxruntime-node');
  const bin = join('node_modules', 'onnxruntime-node', 'bin', 'napi-v6');
  const keep = join(bin, process.platform, process.arch);
  // Like the Dockerfile: of the prebuilt binaries only this platform's.
  const skip = (p: string) => p.startsWith(bin) && p.split('/').length === keep.split('/').length && p !== keep;
  const all = [...tree].reduce((n, name) => n + bytesUnder(join('node_modules', name), () => false), 0);
  const shipped = [...tree].reduce((n, name) => n + bytesUnder(join('node_modules', name), skip), 0);
  console.log(
    `onnxruntime-node and its ${tree.size - 1} dependencies (root lock, ${process.platform}-${process.arch})`,
  );
  console.log(
    `  installed ${(all / 1e6).toFixed(1)} MB; shipped in an image (one platform's binary) ${(shipped / 1e6).toFixed(1)} MB`,
  );
}

const CLI = {
  name: 'bench:onnxruntime',
  usage:
    'usage: npx tsx bench/onnxruntime.ts [--calls 2000] [--starts 5]\n  What onnxruntime-node would cost classify-ticket: per-ticket time, start-up, memory, size.',
};
const cli = parseCli(CLI, {
  calls: { type: 'string', default: '2000' },
  starts: { type: 'string', default: '5' },
  child: { type: 'string' },
});
if (cli.child) await child(cli.child === 'ort');
else {
  size();
  await perTicket(numberOption(CLI, 'calls', cli.calls, { min: 1 }) ?? 2000);
  startUp(numberOption(CLI, 'starts', cli.starts, { min: 1 }) ?? 5);
}
