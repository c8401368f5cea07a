/** The neighbour memory on its own: exact recall through the inverted index, bounding, and its file format. */
import { describe, expect, it } from 'vitest';
import { NeighbourMemory, topK } from '@shared/classifier/memory';
import { decodeMemory, encodeMemory } from '@shared/classifier/memory-file';
import { ticketTerms } from '@shared/classifier/terms';
import { prepareTicket } from '@shared/classifier/text';
import { buildMemory } from '../../tools/train/memory-build';

const TOPICS = [
  ['printer', 'toner', 'paper jam', 'tray', 'driver', 'spooler'],
  ['invoice', 'refund', 'charged twice', 'credit note', 'receipt', 'billing address'],
  ['vpn', 'tunnel', 'certificate', 'gateway', 'client', 'timeout'],
];
const tickets = Array.from({ length: 300 }, (_, i) => {
  // Every fifth ticket is a near copy of the one before it, same labels (a paraphrase family).
  const n = i % 5 === 4 ? i - 1 : i;
  const t = TOPICS[n % 3]!;
  const w = (k: number) => t[(n * 7 + k) % t.length];
  const body = `Our ${w(1)} and ${w(2)} fail since ${w(3)} code${n} word${n % 37} extra${n % 11}${n === i ? '' : ' again'}`;
  return { terms: ticketTerms(prepareTicket(`Problem ${w(0)}`, body)), label: n % 3 };
});
const input = { terms: tickets.map((t) => t.terms), labels: tickets.map((t) => Uint8Array.of(t.label)) };
const heads = [{ labels: ['printing', 'billing', 'network'] }];

describe('neighbour memory', () => {
  it('finds a remembered ticket as its own nearest neighbour and votes its label', () => {
    const b = buildMemory(input, { seed: 1 });
    expect(b.kept).toBe(300);
    const mem = new NeighbourMemory(b.arrays, heads, { k: 10, sharpness: 12 });
    const q = mem.query(tickets[10]!.terms);
    expect(q.nearest).toBeGreaterThan(0.99);
    expect(q.votes[0]![tickets[10]!.label]).toBeGreaterThan(0.5);
    const far = mem.query(ticketTerms(prepareTicket('', 'zebra giraffe savanna')));
    expect(far.nearest).toBe(0);
    expect(far.knownShare).toBe(0);
  });

  it('is bounded: paraphrase families are remembered once, then a seeded sample', () => {
    const dedup = buildMemory(input, { seed: 1, dedupe: true });
    expect(dedup.duplicates).toBe(60);
    expect(dedup.kept).toBe(240);
    const small = buildMemory(input, { seed: 1, dedupe: true, maxTickets: 100 });
    expect(small.kept).toBe(100);
    expect(small.arrays.labels.length).toBe(100);
    expect(buildMemory(input, { seed: 1, dedupe: true, maxTickets: 100 }).arrays.rows).toEqual(small.arrays.rows);
  });

  it('survives its file format unchanged', () => {
    const b = buildMemory(input, { seed: 1 });
    const { bytes, sections } = encodeMemory(b.arrays);
    const back = decodeMemory(bytes, sections, 'memory.bin');
    expect([...back.vocab]).toEqual([...b.arrays.vocab]);
    expect([...back.values]).toEqual([...b.arrays.values]);
    expect(() => decodeMemory(bytes.subarray(0, 100), sections, 'memory.bin')).toThrow(
      /shorter than its manifest says/,
    );
  });

  it('keeps the k best in order', () => {
    const scores = Float32Array.from([0.1, 0.9, 0.5, 0.7, 0.3]);
    expect(topK([0, 1, 2, 3, 4], scores, 3)).toEqual([1, 3, 2]);
  });
});
