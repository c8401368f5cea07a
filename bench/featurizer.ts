/**
 * `npx tsx bench/featurizer.ts [--data FILE.csv] [--rounds 5] [--json]`: the featurizer in
 * process on real ticket texts, side by side with the string-based reference it replaced
 * (tests/classifier/reference-features.ts), in one run so that the ratio is the figure (absolute
 * times on a shared machine vary from run to run). Also the text preparation per ticket, and a
 * check that both give identical features on every ticket. Prints measured figures only.
 */
import { parseArgs } from 'node:util';
import { featurize } from '@shared/classifier/features';
import { BODY_CAP_CHARS, cleanText, prepareTicket, type TicketText } from '@shared/classifier/text';
import { referenceFeaturize } from './reference/features';
import { referenceCleanText } from './reference/text';
import { TICKET_2K } from './classifier';
import { DEFAULT_TRAINING_CSV, exitUnlessTrainingData, requireTrainingData } from '../tools/data/public-tickets';
import { readDataset } from '../tools/train/dataset';

const DEFAULT_DATA = DEFAULT_TRAINING_CSV;

/** CPU time of one pass over all texts, in microseconds per ticket (CPU time, not wall time: other processes on a shared machine inflate the latter). */
function timePerTicket(fn: () => void, tickets: number): number {
  const s = process.cpuUsage();
  fn();
  const used = process.cpuUsage(s);
  return (used.user + used.system) / tickets;
}

export function runFeaturizerBench(data = DEFAULT_DATA, rounds = 5) {
  const rows = readDataset({ files: [requireTrainingData(data)], labels: [] });
  const raw = rows.map((r) => r.text);
  const texts: TicketText[] = raw.map((t) => prepareTicket(t.subject, t.body));
  let mismatches = 0;
  for (const t of texts) {
    const a = featurize(t);
    const b = referenceFeaturize(t);
    if (
      a.indices.length !== b.indices.length ||
      a.indices.some((x, i) => x !== b.indices[i] || a.values[i] !== b.values[i])
    )
      mismatches += 1;
  }
  const best = {
    reference: Infinity,
    fast: Infinity,
    fastWithWords: Infinity,
    prepare: Infinity,
    cleanReference: Infinity,
    clean: Infinity,
    ticket2kReference: Infinity,
    ticket2k: Infinity,
  };
  const t2k = prepareTicket(TICKET_2K.subject, TICKET_2K.body);
  const many = (n: number, fn: () => void) => () => {
    for (let i = 0; i < n; i += 1) fn();
  };
  let sink = 0;
  for (let r = 0; r < rounds; r += 1) {
    best.reference = Math.min(
      best.reference,
      timePerTicket(() => {
        for (const t of texts) sink += referenceFeaturize(t).indices.length;
      }, texts.length),
    );
    best.fast = Math.min(
      best.fast,
      timePerTicket(() => {
        for (const t of texts) sink += featurize(t).indices.length;
      }, texts.length),
    );
    best.fastWithWords = Math.min(
      best.fastWithWords,
      timePerTicket(() => {
        for (const t of texts) sink += featurize(t).words.size;
      }, texts.length),
    );
    best.prepare = Math.min(
      best.prepare,
      timePerTicket(() => {
        for (const t of raw) sink += prepareTicket(t.subject, t.body).body.length;
      }, texts.length),
    );
    best.cleanReference = Math.min(
      best.cleanReference,
      timePerTicket(() => {
        for (const t of raw) sink += referenceCleanText(t.body, BODY_CAP_CHARS).length;
      }, texts.length),
    );
    best.clean = Math.min(
      best.clean,
      timePerTicket(() => {
        for (const t of raw) sink += cleanText(t.body, BODY_CAP_CHARS).length;
      }, texts.length),
    );
    best.ticket2kReference = Math.min(
      best.ticket2kReference,
      timePerTicket(
        many(2000, () => (sink += referenceFeaturize(t2k).indices.length)),
        2000,
      ),
    );
    best.ticket2k = Math.min(
      best.ticket2k,
      timePerTicket(
        many(2000, () => (sink += featurize(t2k).indices.length)),
        2000,
      ),
    );
  }
  const chars = texts.reduce((s, t) => s + t.subject.length + t.body.length, 0) / texts.length;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    tickets: texts.length,
    meanChars: Math.round(chars),
    mismatches,
    usPerTicket: {
      reference: r2(best.reference),
      fast: r2(best.fast),
      fastWithWords: r2(best.fastWithWords),
      prepareTicket: r2(best.prepare),
      cleanTextReference: r2(best.cleanReference),
      cleanText: r2(best.clean),
    },
    ticket2k: {
      chars: t2k.subject.length + t2k.body.length,
      referenceUs: r2(best.ticket2kReference),
      fastUs: r2(best.ticket2k),
      speedup: r2(best.ticket2kReference / best.ticket2k),
    },
    speedup: r2(best.reference / best.fast),
    speedupWithWords: r2(best.reference / best.fastWithWords),
    sink: sink > 0,
  };
}

if (process.argv[1]?.endsWith('featurizer.ts')) {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: DEFAULT_DATA },
      rounds: { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
    },
  });
  exitUnlessTrainingData(values.data, 'featurizer');
  const b = runFeaturizerBench(values.data, Number(values.rounds));
  if (values.json) console.log(JSON.stringify(b));
  else {
    console.log(
      `${b.tickets} tickets, ${b.meanChars} characters on average after preparation; ${b.mismatches} with different features`,
    );
    console.log(`featurize, reference (strings)  ${b.usPerTicket.reference} µs/ticket`);
    console.log(`featurize, char codes           ${b.usPerTicket.fast} µs/ticket`);
    console.log(`  + words for explanations       ${b.usPerTicket.fastWithWords} µs/ticket`);
    console.log(
      `speed-up                        ${b.speedup}x (${b.speedupWithWords}x with words; the reference always lists words)`,
    );
    console.log(`prepareTicket (text.ts)         ${b.usPerTicket.prepareTicket} µs/ticket`);
    console.log(
      `cleanText of the body, reference (regular expressions) / one pass  ${b.usPerTicket.cleanTextReference} / ${b.usPerTicket.cleanText} µs/ticket`,
    );
    console.log(
      `the bench's ${b.ticket2k.chars}-character ticket: reference / char codes  ${b.ticket2k.referenceUs} / ${b.ticket2k.fastUs} µs (${b.ticket2k.speedup}x)`,
    );
  }
}
