/**
 * `npm run bench:classifier [-- --json]`: model load time, model size (every file of the model folder), in-process latency for one
 * ticket of about 2,000 characters (p50/p99 over 2,000 calls, one core: onnxruntime runs with one
 * thread) and batch throughput. Measured figures only; nothing here is asserted.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadClassifier } from '@shared/classifier';
import { parseCli } from '../tools/cli-args';

export interface ClassifierBench {
  loadMs: number;
  modelBytes: number;
  /** batchCpuUsPerTicket: CPU time per ticket in the batch run (all threads), steadier than wall time on a shared machine. */
  inProcess: { p50Ms: number; p99Ms: number; batchPerSec: number; batchCpuUsPerTicket: number };
}

export const TICKET_2K = {
  subject: 'Payment failed but the invoice shows as paid',
  body: `Hello support team,\n\n${'Since the update last Tuesday our monthly invoice for the team plan shows as paid, but the card was declined twice and the bank says the money was never taken. '.repeat(12)}\nCould you check the billing account and tell us what to do? Thanks, Dana`,
};

export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

export async function runClassifierBench(modelDir = 'models/ticket-triage', calls = 2000): Promise<ClassifierBench> {
  const t0 = performance.now();
  const clf = await loadClassifier(resolve(modelDir));
  const loadMs = performance.now() - t0;
  for (let i = 0; i < 100; i += 1) await clf.classify(TICKET_2K); // warm-up
  const times: number[] = [];
  for (let i = 0; i < calls; i += 1) {
    const s = performance.now();
    await clf.classify(TICKET_2K);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const batch = Array.from({ length: 256 }, (_, i) => ({
    subject: `${TICKET_2K.subject} ${i}`,
    body: TICKET_2K.body.slice(0, 600 + (i % 7) * 200),
  }));
  const bs = performance.now();
  const cpu = process.cpuUsage();
  let n = 0;
  while (performance.now() - bs < 3000) {
    await clf.classifyBatch(batch);
    n += batch.length;
  }
  const used = process.cpuUsage(cpu);
  const batchCpuUsPerTicket = Math.round((used.user + used.system) / n);
  return {
    loadMs: r3(loadMs),
    modelBytes: readdirSync(modelDir).reduce((n, f) => n + statSync(join(modelDir, f)).size, 0),
    inProcess: {
      p50Ms: r3(percentile(times, 50)),
      p99Ms: r3(percentile(times, 99)),
      batchPerSec: Math.round(n / ((performance.now() - bs) / 1000)),
      batchCpuUsPerTicket,
    },
  };
}

if (process.argv[1]?.endsWith('classifier.ts')) {
  const { json } = parseCli(
    {
      name: 'bench:classifier',
      usage:
        'usage: npm run bench:classifier -- [--json]\n  The model alone: load time, size, p50/p99 latency of one ~2,000-character ticket, batch throughput.',
    },
    { json: { type: 'boolean', default: false } },
  );
  runClassifierBench().then((b) => {
    if (json) return void console.log(JSON.stringify(b));
    console.log(
      `model load        ${b.loadMs.toFixed(1)} ms\nmodel size        ${(b.modelBytes / 1e6).toFixed(1)} MB\nlatency p50       ${b.inProcess.p50Ms.toFixed(3)} ms (one ~2,000-character ticket)\nlatency p99       ${b.inProcess.p99Ms.toFixed(3)} ms\nbatch throughput  ${b.inProcess.batchPerSec} tickets/s (CPU ${b.inProcess.batchCpuUsPerTicket} µs per ticket)`,
    );
  });
}
