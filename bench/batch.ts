/**
 * `npx tsx bench/batch.ts [--seconds 2] [--rounds 3]`: batch throughput of the shipped model on
 * one thread and split over one thread per core (batch-pool.ts, opt-in with
 * CLASSIFIER_BATCH_THREADS), alternated in one process so both see the same machine load, and
 * single-ticket latency on both (it must not change: single tickets always stay on the calling
 * thread). Also the machine's load average, since a second thread helps only on an idle core.
 * Prints measured figures only.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadClassifier, type Classifier } from '@shared/classifier';
import { ALL_CORES } from '@shared/classifier/batch-threads';
import { percentile, TICKET_2K } from './classifier';

const batch = Array.from({ length: 256 }, (_, i) => ({
  subject: `${TICKET_2K.subject} ${i}`,
  body: TICKET_2K.body.slice(0, 600 + (i % 7) * 200),
}));

/** Tickets per second (wall) and CPU microseconds per ticket (all threads of the process). */
async function throughput(clf: Classifier, seconds: number): Promise<{ perSec: number; cpuUs: number }> {
  const s = performance.now();
  const cpu = process.cpuUsage();
  let n = 0;
  while (performance.now() - s < seconds * 1000) {
    await clf.classifyBatch(batch);
    n += batch.length;
  }
  const used = process.cpuUsage(cpu);
  return { perSec: n / ((performance.now() - s) / 1000), cpuUs: (used.user + used.system) / n };
}

async function p50(clf: Classifier, calls = 500): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < calls; i += 1) {
    const s = performance.now();
    await clf.classify(TICKET_2K);
    t.push(performance.now() - s);
  }
  return percentile(
    t.sort((a, b) => a - b),
    50,
  );
}

export async function runBatchBench(seconds = 2, rounds = 3) {
  const threads = Math.max(2, ALL_CORES);
  const one = await loadClassifier('models/ticket-triage', { batchThreads: 1 });
  const all = await loadClassifier('models/ticket-triage', { batchThreads: threads });
  await one.classifyBatch(batch);
  await all.classifyBatch(batch);
  const best = {
    oneThread: 0,
    allThreads: 0,
    cpuOneThread: Infinity,
    cpuAllThreads: Infinity,
    p50OneThread: Infinity,
    p50AllThreads: Infinity,
  };
  for (let r = 0; r < rounds; r += 1) {
    const a = await throughput(one, seconds);
    const b = await throughput(all, seconds);
    best.oneThread = Math.max(best.oneThread, a.perSec);
    best.allThreads = Math.max(best.allThreads, b.perSec);
    best.cpuOneThread = Math.min(best.cpuOneThread, a.cpuUs);
    best.cpuAllThreads = Math.min(best.cpuAllThreads, b.cpuUs);
    best.p50OneThread = Math.min(best.p50OneThread, await p50(one));
    best.p50AllThreads = Math.min(best.p50AllThreads, await p50(all));
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    threads,
    loadAverage: Math.round(loadavg()[0]! * 100) / 100,
    batchPerSec: { oneThread: Math.round(best.oneThread), allThreads: Math.round(best.allThreads) },
    speedup: r3(best.allThreads / best.oneThread),
    cpuUsPerTicket: { oneThread: Math.round(best.cpuOneThread), allThreads: Math.round(best.cpuAllThreads) },
    singleP50Ms: { oneThread: r3(best.p50OneThread), allThreads: r3(best.p50AllThreads) },
  };
}

if (process.argv[1]?.endsWith('batch.ts')) {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '2' },
      rounds: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
    },
  });
  runBatchBench(Number(values.seconds), Number(values.rounds)).then((b) => {
    if (values.json) return void console.log(JSON.stringify(b));
    console.log(
      `batch of 256 on 1 thread           ${b.batchPerSec.oneThread} tickets/s, CPU ${b.cpuUsPerTicket.oneThread} µs/ticket`,
    );
    console.log(
      `batch of 256 on ${b.threads} threads          ${b.batchPerSec.allThreads} tickets/s (${b.speedup}x), CPU ${b.cpuUsPerTicket.allThreads} µs/ticket (all threads)`,
    );
    console.log(
      `single ticket p50 (calling thread in both)  ${b.singleP50Ms.oneThread} / ${b.singleP50Ms.allThreads} ms`,
    );
    console.log(`load average (1 min) at the end             ${b.loadAverage}`);
  });
}
