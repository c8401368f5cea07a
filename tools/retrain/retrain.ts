/**
 * One retraining round, resumable step by step (state in `<work>/state.json`; run the same
 * command again after an interruption):
 *   1. export the tickets agents decided (resolved, closed) in the window;
 *   2. split by time: the newest share is the comparison set, the rest trains the candidate;
 *      comparison tickets the live model had seen (its fingerprints) are left out;
 *   3. train the candidate (`npm run train -- --split time`, its own version);
 *   4. score live and candidate on the comparison set, each at its own thresholds;
 *   5. the promotion gate (gate.ts); promoted: the candidate is copied to
 *      `models/<name>/<version>/` and recorded live in versions.json, with the deploy commands.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadClassifier } from '@shared/classifier';
import { FINGERPRINTS_FILE, hasFingerprint, ticketFingerprint } from '@shared/classifier/fingerprint';
import type { FreshdeskClient } from '@shared/freshdesk';
import { csvLine } from '../export/csv';
import { exportTickets } from '../export/export-tickets';
import { readDataset, type Row } from '../train/dataset';
import { DEFAULT_GATE, gate, type GateRules } from './gate';
import type { RetrainReport } from './report';
import { scoreModel } from './score';
import { deployCommands, liveEntry, readVersions, recordPromotion } from './versions';

export interface RetrainOptions {
  /** Where the exported tickets, the candidate, the state and the reports go. */
  work: string;
  modelsRoot: string;
  name: string;
  /** The export; omitted when `tickets` (an exported CSV) is given. */
  client?: FreshdeskClient;
  tickets?: string;
  since: Date;
  until?: Date;
  mapping?: { queueToGroup?: Record<string, string | number>; customFieldHeads?: Record<string, string> };
  /** A model to compare instead of training one (e.g. trained by hand). */
  candidate?: string;
  version?: string;
  /** Share of the newest tickets kept for the comparison. @default 0.2 */
  comparisonShare?: number;
  rules?: GateRules;
  /** APPLY_THRESHOLD: no head applies below it. @default 0.6 */
  floor?: number;
  /** Extra arguments for `npm run train` (e.g. --epochs 3). */
  trainArgs?: string[];
  onStep?: (message: string) => void;
}

interface State {
  exported?: number;
  split?: { cutoff: string; trainRows: number; comparisonRows: number; droppedSeen: number };
  candidate?: string;
}

const TRAIN_CLI = fileURLToPath(new URL('../train/cli.ts', import.meta.url));

export class RetrainError extends Error {
  override name = 'RetrainError';
}

/** The next version after `v` that has no folder yet: 2.0.0 -> 2.1.0. */
function nextVersion(v: string, taken: (v: string) => boolean): string {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
  let [major, minor] = m ? [Number(m[1]), Number(m[2])] : [1, -1];
  let next: string;
  do next = `${major}.${++minor}.0`;
  while (taken(next));
  return next;
}

export async function retrain(o: RetrainOptions): Promise<RetrainReport> {
  const step = o.onStep ?? (() => {});
  mkdirSync(o.work, { recursive: true });
  const statePath = join(o.work, 'state.json');
  const state: State = existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as State) : {};
  const save = () => writeFileSync(statePath, `${JSON.stringify(state, null, 2)}\n`);
  const versions = readVersions(o.modelsRoot, o.name);
  const live = liveEntry(versions);
  const liveClf = await loadClassifier(live.dir);
  const heads = liveClf.heads.filter((h) => h.kind === 'single').map((h) => h.name);

  const tickets = o.tickets ?? join(o.work, 'tickets.csv');
  if (!o.tickets && state.exported === undefined) {
    if (!o.client) throw new RetrainError('no Freshdesk client and no --tickets file to read');
    step(`1/5 export: agent-decided tickets since ${o.since.toISOString().slice(0, 10)} -> ${tickets}`);
    const r = await exportTickets({
      client: o.client,
      out: tickets,
      since: o.since,
      ...(o.until ? { until: o.until } : {}),
      statuses: ['resolved', 'closed'],
      ...(o.mapping ? { mapping: o.mapping } : {}),
      onProgress: (p) => step(`  exported ${p.written}, skipped ${p.skipped}, through ${p.through ?? '-'}`),
    });
    state.exported = r.written;
    save();
  } else step(`1/5 export: ${o.tickets ? `reading ${tickets}` : 'done already (resumed)'}`);

  const trainCsv = join(o.work, 'train.csv');
  const comparisonCsv = join(o.work, 'comparison.csv');
  if (!state.split) {
    const rows = readDataset({ files: [tickets], labels: heads });
    state.exported ??= rows.length;
    state.split = splitByTime(rows, heads, o.comparisonShare ?? 0.2, live.dir, trainCsv, comparisonCsv);
    save();
  }
  step(
    `2/5 split: ${state.split.trainRows} tickets train the candidate, the ${state.split.comparisonRows} newest (from ${state.split.cutoff.slice(0, 10)}) compare the models`,
  );

  const taken = (v: string) =>
    existsSync(join(o.modelsRoot, o.name, v)) || versions.history.some((e) => e.version === v);
  let candidateDir = o.candidate ?? state.candidate;
  if (!candidateDir || !existsSync(join(candidateDir, 'manifest.json'))) {
    candidateDir = join(o.work, 'candidate');
    const version = o.version ?? nextVersion(live.version, taken);
    step(`3/5 train: candidate ${version} on ${trainCsv} (--split time)`);
    const args = ['--import', 'tsx', TRAIN_CLI, '--data', trainCsv, ...heads.flatMap((h) => ['--label', h])];
    args.push('--split', 'time', '--out', candidateDir, '--version', version, ...(o.trainArgs ?? []));
    const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (run.status !== 0) throw new RetrainError(`training the candidate failed (exit ${run.status}); see above`);
    state.candidate = candidateDir;
    save();
  } else step(`3/5 train: ${o.candidate ? `comparing the given candidate ${candidateDir}` : 'done already (resumed)'}`);

  const candClf = await loadClassifier(candidateDir);
  if (candClf.model.version === live.version)
    throw new RetrainError(
      `the candidate's version (${candClf.model.version}) is the live one's: give it its own (npm run train -- --version X)`,
    );
  const comparison = readDataset({ files: [comparisonCsv], labels: heads });
  const floor = o.floor ?? 0.6;
  step(`4/5 score: live ${live.version} and candidate ${candClf.model.version} on ${comparison.length} tickets`);
  const liveScore = await scoreModel(liveClf, live.dir, comparison, heads, floor);
  const candScore = await scoreModel(candClf, candidateDir, comparison, heads, floor);
  const rules = o.rules ?? DEFAULT_GATE;
  const verdict = gate(liveScore, candScore, rules);
  step(`5/5 gate: ${verdict.promote ? 'promote' : 'refuse'}`);
  let finalDir = candidateDir;
  if (verdict.promote && !o.candidate?.startsWith(join(o.modelsRoot, o.name))) {
    finalDir = join(o.modelsRoot, o.name, candClf.model.version);
    if (existsSync(finalDir)) throw new RetrainError(`${finalDir} exists: give the candidate another --version`);
    cpSync(candidateDir, finalDir, { recursive: true });
  }
  const warnings: string[] = [];
  if (state.split.droppedSeen > 0)
    warnings.push(
      `${state.split.droppedSeen} of the newest tickets were left out of the comparison: the live model had seen them`,
    );
  if (state.split.comparisonRows < 50)
    warnings.push(`only ${state.split.comparisonRows} tickets to compare on: differences this small are noise`);
  const report: RetrainReport = {
    live: liveScore,
    candidate: { ...candScore, dir: finalDir },
    verdict,
    rules,
    data: { exported: state.exported ?? 0, ...state.split },
    warnings,
    candidateDir: finalDir,
    deploy: verdict.promote ? deployCommands(finalDir, candClf.model.version) : [],
  };
  if (verdict.promote)
    recordPromotion(o.modelsRoot, o.name, {
      version: candClf.model.version,
      dir: finalDir,
      report: join(o.work, 'report.html'),
    });
  return report;
}

/** Oldest first; the newest `share` compare (less what the live model saw), the rest train. */
function splitByTime(
  rows: Row[],
  heads: string[],
  share: number,
  liveDir: string,
  trainCsv: string,
  comparisonCsv: string,
): NonNullable<State['split']> {
  const dated = rows
    .map((r, i) => ({ r, t: Date.parse(r.time ?? ''), i }))
    .filter((d) => !Number.isNaN(d.t))
    .sort((a, b) => a.t - b.t || a.i - b.i);
  const cut = Math.max(1, Math.floor(dated.length * (1 - share)));
  if (dated.length < 10 || cut >= dated.length)
    throw new RetrainError(`only ${dated.length} dated tickets exported: too few to train and compare`);
  let seen: Uint32Array | undefined;
  const fpFile = join(liveDir, FINGERPRINTS_FILE);
  if (existsSync(fpFile)) {
    const b = readFileSync(fpFile);
    seen = new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  }
  const header = ['created_at', 'subject', 'body', ...heads];
  const line = (r: Row) => csvLine([r.time ?? '', r.text.subject, r.text.body, ...heads.map((h) => r.labels[h] ?? '')]);
  const train = dated.slice(0, cut).map((d) => d.r);
  const newest = dated.slice(cut).map((d) => d.r);
  const compare = newest.filter((r) => !seen || !hasFingerprint(seen, ticketFingerprint(r.text.subject, r.text.body)));
  writeFileSync(trainCsv, csvLine(header) + train.map(line).join(''));
  writeFileSync(comparisonCsv, csvLine(header) + compare.map(line).join(''));
  return {
    cutoff: new Date(dated[cut]!.t).toISOString(),
    trainRows: train.length,
    comparisonRows: compare.length,
    droppedSeen: newest.length - compare.length,
  };
}
