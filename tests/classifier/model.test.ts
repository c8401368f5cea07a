/**
 * The classifier end to end on a small synthetic set: training, ONNX export, the graph run by
 * onnxruntime-node (tools/onnx-check) and the TypeScript heads (linear.ts) agreeing with the training forward pass, the neighbour memory, calibrated
 * confidences, evidence words, the manifest/feature drift checks, bad input, and the shipped
 * default model (including short hand-written tickets it must not apply a wrong queue to).
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  featurize,
  loadClassifier,
  ModelMismatchError,
  prepareTicket,
  readWeights,
  type Classifier,
} from '@shared/classifier';
import { linearLogits } from '@shared/classifier/linear';
import { readDataset } from '../../tools/train/dataset';
import { blendHead } from '@shared/classifier/blend';
import { NeighbourMemory } from '@shared/classifier/memory';
import { ticketTerms } from '@shared/classifier/terms';
import { train, VOTE, type Trained } from '../../tools/train/train';
import { shortTickets } from '../../tools/evaluate/short-tickets';
import { writeModel } from '../../tools/train/write-model';
import { openOnnxModel } from '../../tools/onnx-check/logits';
import { writeCsv } from './helpers';

let dir: string;
let trained: Trained;
let clf: Classifier;

beforeAll(async () => {
  const rows = readDataset({ files: [writeCsv()], labels: ['queue', 'priority', 'type'], tags: 'tags' });
  trained = train(rows, { labels: ['queue', 'priority', 'type'], tags: 'tags', seed: 1, maxEpochs: 3, l2Grid: [0] });
  dir = join(mkdtempSync(join(tmpdir(), 'model-')), 'tiny');
  writeModel(trained, {
    out: dir,
    version: '0.0.1',
    data: ['synthetic.csv'],
    licence: 'test data',
    seed: 1,
    command: 'test',
    seconds: 0,
  });
  clf = await loadClassifier(dir);
}, 60_000);

describe('text and features', () => {
  it('turns HTML and escaped newlines into text and caps the body', () => {
    expect(prepareTicket('Hi', '<p>Drucker&nbsp;<b>kaputt</b></p>\\nBitte helfen')).toEqual({
      subject: 'Hi',
      body: 'Drucker kaputt Bitte helfen',
    });
    expect(prepareTicket('', 'x'.repeat(1_000_000)).body.length).toBe(4000);
  });
  it('is deterministic and keeps umlauts; compounds share character n-grams with their parts', () => {
    const a = featurize(prepareTicket('Rücksendung', 'Druckerpatrone leer'));
    const b = featurize(prepareTicket('Rücksendung', 'Druckerpatrone leer'));
    expect([...a.indices]).toEqual([...b.indices]);
    expect([...a.words.keys()]).toContain('rücksendung');
    const part = new Set(featurize(prepareTicket('', 'Drucker')).indices);
    expect([...a.indices].filter((i) => part.has(i)).length).toBeGreaterThan(3);
  });
});

describe('trained model', () => {
  it('learns the synthetic labels', () => {
    expect(trained.metrics.queue!.accuracy).toBeGreaterThan(0.9);
  });

  it.each([
    [
      'a recurring ticket (the memory votes)',
      { subject: 'About invoice', body: 'Hello, we have a question about charged twice and refund. Ticket 3.' },
    ],
    [
      'an unrelated ticket (the memory stays out)',
      { subject: 'Zebra migration', body: 'Astronomy telescopes orbit quickly' },
    ],
  ])('the ONNX graph and the memory agree with the TypeScript forward pass on %s', async (_n, input) => {
    const p = await clf.classify(input);
    const f = featurize(prepareTicket(input.subject, input.body));
    const z = trained.model.logits(f.indices, f.values);
    // The ONNX graph and the TypeScript heads that classify() uses (linear.ts) give the same logits.
    const onnx = await (await openOnnxModel(dir)).logits([f]);
    const weights = readWeights(readFileSync(join(dir, 'model.onnx')));
    const ts = linearLogits(
      { w: weights.w, b: weights.b, columns: weights.b.length },
      f,
      new Float32Array(weights.b.length),
    );
    expect(onnx).toHaveLength(z.length);
    z.forEach((x, c) => {
      expect(onnx[c]).toBeCloseTo(x, 2); // the model file holds W as float16
      expect(ts[c]).toBeCloseTo(onnx[c]!, 4);
    });
    const singles = trained.heads.filter((x) => x.kind === 'single');
    const q = new NeighbourMemory(trained.memory.arrays, singles, VOTE).query(
      ticketTerms(prepareTicket(input.subject, input.body)),
    );
    singles.forEach((h, hi) => {
      const blended = blendHead(
        z.slice(h.offset, h.offset + h.labels.length),
        q.votes[hi],
        q.nearest,
        trained.blends[h.name]!,
      );
      const best = h.labels[blended.indexOf(Math.max(...blended))];
      expect(p.heads[h.name]!.label).toBe(best);
    });
    expect(trained.memory.kept).toBeGreaterThan(100);
  });

  it('recalls a recurring ticket from the memory and is unsure about an unrelated one', async () => {
    const singles = trained.heads.filter((x) => x.kind === 'single');
    const mem = new NeighbourMemory(trained.memory.arrays, singles, VOTE);
    const seen = mem.query(
      ticketTerms(
        prepareTicket('About invoice', 'Hello, we have a question about charged twice and refund. Ticket 3.'),
      ),
    );
    expect(seen.nearest).toBeGreaterThan(0.8);
    expect(seen.knownShare).toBeGreaterThan(0.8);
    const unseen = mem.query(ticketTerms(prepareTicket('Zebra migration', 'Astronomy telescopes orbit quickly')));
    expect(unseen.nearest).toBe(0);
    expect(unseen.knownShare).toBe(0);
    const a = await clf.classify({
      subject: 'About invoice',
      body: 'Hello, we have a question about charged twice and refund. Ticket 3.',
    });
    const b = await clf.classify({ subject: 'Zebra migration', body: 'Astronomy telescopes orbit quickly' });
    expect(b.heads.queue!.confidence).toBeLessThan(a.heads.queue!.confidence);
  });

  it('gives evidence words without stop words or numbers', async () => {
    const p = await clf.classify({
      subject: 'About the invoice',
      body: 'Hello, we were charged twice and the refund of 42 is missing. Bitte und danke.',
    });
    const words = Object.values(p.explanation).flat();
    expect(words.length).toBeGreaterThan(0);
    for (const w of words) expect(w).not.toMatch(/^(the|and|we|of|is|und|bitte|danke|hello|about)$|\d/);
  });

  it('predicts the right queue with evidence and alternatives', async () => {
    const p = await clf.classify({ subject: 'About invoice', body: 'we were charged twice, please refund' });
    expect(p.heads.queue!.label).toBe('Billing');
    expect(p.explanation.queue!.length).toBeGreaterThan(0);
    expect(p.heads.queue!.alternatives.map((a) => a.label)).not.toContain('Billing');
  });

  it('classifies batches in the input order', async () => {
    const out = await clf.classifyBatch([
      { subject: 'VPN', body: 'password reset please' },
      { subject: 'quote', body: 'pricing for 20 licences' },
    ]);
    expect(out.map((o) => o.heads.queue!.label)).toEqual(['IT', 'Sales']);
  });

  it.each([
    ['empty text', { subject: '', body: '' }],
    ['1 MB of text', { subject: 'x', body: 'lorem ipsum '.repeat(90_000) }],
    ['binary garbage', { subject: '\u0000\u0001\ufffd', body: Buffer.from([0, 255, 1, 254, 7]).toString('latin1') }],
    ['an unseen language', { subject: '請求書が二重に請求されました', body: 'Пожалуйста, верните деньги' }],
  ])('answers %s with a prediction, not a crash', async (_n, input) => {
    const p = await clf.classify(input);
    expect(p.heads.queue!.confidence).toBeGreaterThan(0);
    expect(p.heads.queue!.confidence).toBeLessThanOrEqual(1);
  });
});

describe('model and code cannot drift apart', () => {
  it('refuses a model whose feature spec differs from the code', async () => {
    const drifted = `${dir}-drifted`;
    writeModel(trained, {
      out: drifted,
      version: '0.0.1',
      data: ['x'],
      licence: 'x',
      seed: 1,
      command: 'x',
      seconds: 0,
    });
    const m = JSON.parse(readFileSync(join(drifted, 'manifest.json'), 'utf8'));
    m.features.specHash = '0000000000000000';
    writeFileSync(join(drifted, 'manifest.json'), JSON.stringify(m));
    await expect(loadClassifier(drifted)).rejects.toBeInstanceOf(ModelMismatchError);
    m.features.specHash = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).features.specHash;
    m.memory.specHash = '1111111111111111';
    writeFileSync(join(drifted, 'manifest.json'), JSON.stringify(m));
    await expect(loadClassifier(drifted)).rejects.toThrow(/memory term spec 1111111111111111/);
    delete m.format;
    writeFileSync(join(drifted, 'manifest.json'), JSON.stringify(m));
    await expect(loadClassifier(drifted)).rejects.toThrow(/format 1, this code reads format 2/);
  });
  it('says clearly when there is no model', async () => {
    await expect(loadClassifier('/nonexistent/model')).rejects.toThrow(/manifest.json is missing/);
  });
});

describe('the shipped default model', () => {
  it('loads within the size budget and names its data licence', async () => {
    const m = await loadClassifier('models/ticket-triage');
    expect(m.model).toEqual({ name: 'ticket-triage', version: '2.0.0' });
    expect(m.heads.map((h) => h.name)).toEqual(['queue', 'priority', 'type', 'tags']);
    const bytes = readdirSync('models/ticket-triage').reduce(
      (n, f) => n + statSync(join('models/ticket-triage', f)).size,
      0,
    );
    expect(bytes).toBeLessThan(25_000_000);
    expect(readFileSync('models/ticket-triage/README.md', 'utf8')).toMatch(/CC BY-NC 4\.0/);
    const p = await m.classify({
      subject: 'Invoice charged twice',
      body: 'Our invoice was debited twice, please refund the second payment.',
    });
    expect(p.heads.queue!.label).toBe('Billing and Payments');
  });

  it('applies a wrong queue to at most 2% of short hand-written tickets (they go to suggestion or review)', async () => {
    const m = await loadClassifier('models/ticket-triage');
    const r = await shortTickets(m, 'tests/classifier/fixtures/short-tickets.json');
    expect(r.rows).toBeGreaterThanOrEqual(40);
    expect(r.appliedWrong / r.rows).toBeLessThanOrEqual(0.02);
  });

  it('its ONNX graph, run by onnxruntime, gives the logits classify-ticket computes in TypeScript', async () => {
    const dir = 'models/ticket-triage';
    const weights = readWeights(readFileSync(join(dir, 'model.onnx')));
    const tickets = [
      ['Invoice charged twice', 'Our invoice was debited twice, please refund the second payment.'],
      ['Drucker druckt nicht', 'Seit dem Update druckt der Drucker im zweiten Stock nur leere Seiten.'],
      ['', ''],
    ].map(([subject, body]) => featurize(prepareTicket(subject!, body!)));
    const onnx = await (await openOnnxModel(dir)).logits(tickets);
    const columns = weights.b.length;
    expect(onnx).toHaveLength(tickets.length * columns);
    tickets.forEach((f, r) => {
      const ts = linearLogits({ w: weights.w, b: weights.b, columns }, f, new Float32Array(columns));
      ts.forEach((x, c) => {
        expect(onnx[r * columns + c]).toBeCloseTo(x, 4);
      });
    });
  });
});
