/**
 * The streaming CSV reader behind `npm run train`: the same records as csv-parse reads from the
 * whole file, whatever the chunk size (chunk boundaries inside quotes, doubled quotes, CRLF and
 * multi-byte characters), and the dataset errors that name the file and the column.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../tools/train/csv-reader';
import { csvColumns, readDataset, streamDataset } from '../../tools/train/dataset';
import { writeCsv } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'csv-'));
let n = 0;
function file(content: string | Buffer): string {
  const f = join(dir, `f${(n += 1)}.csv`);
  writeFileSync(f, content);
  return f;
}

const TRICKY = [
  '\ufeffsubject,body,queue,tags',
  '"Drucker, kaputt","Zeile 1\r\nZeile 2 mit ""Zitat"" und Ümläüten 😀",IT,a|b',
  '',
  'plain,"",Billing,',
  '"only ""quotes""","""",Sales,x',
  'ragged,row',
  'emoji 👍🏽🇩🇪,"multi',
  'line',
  '',
  'with blank line inside",Billing,c',
  'trailing,comma,IT,',
].join('\r\n');

describe('readCsvRecords', () => {
  it.each([1, 2, 3, 5, 7, 64, 1 << 20])('reads what csv-parse reads, with %i-byte chunks', (chunk) => {
    const f = file(`${TRICKY}\n`);
    const expected = parse(TRICKY, { skip_empty_lines: true, relax_column_count: true, bom: true }) as string[][];
    const got: string[][] = [];
    readCsvRecords(f, (r) => void got.push(r), undefined, chunk);
    expect(got).toEqual(expected);
  });

  it('reads a last record without a final newline, and LF-only files', () => {
    const text = 'a,b\n1,"x\ny"\n2,z';
    const got: string[][] = [];
    readCsvRecords(file(text), (r) => void got.push(r), undefined, 3);
    expect(got).toEqual([
      ['a', 'b'],
      ['1', 'x\ny'],
      ['2', 'z'],
    ]);
  });

  it('reports progress in bytes and can stop early', () => {
    const f = file(Buffer.from(`h\n${'row\n'.repeat(1000)}`));
    const seen: number[] = [];
    let records = 0;
    readCsvRecords(
      f,
      () => void (records += 1),
      (p) => seen.push(p.bytesRead),
      512,
    );
    expect(records).toBe(1001);
    expect(seen.at(-1)).toBe(4002);
    expect(seen.length).toBeGreaterThan(7);
    expect(readCsvRecords(f, () => false)).toBe(1);
  });
});

describe('readDataset', () => {
  it('reads the synthetic set with labels, tags and language', () => {
    const rows = readDataset({ files: [writeCsv(30)], labels: ['queue', 'priority'], tags: 'tags' });
    expect(rows).toHaveLength(30);
    expect(rows[0]).toMatchObject({
      labels: { queue: 'Billing', priority: 'high' },
      tags: ['Billing', 'Incident'],
      language: 'de',
    });
    expect(rows[1]!.text.subject).toMatch(/^About /);
  });

  it('streams rows to a callback with progress over all files', () => {
    const files = [writeCsv(20), writeCsv(10)];
    const progress: number[] = [];
    let rows = 0;
    expect(
      streamDataset(
        { files, labels: ['queue'], onProgress: (done, total) => progress.push(done / total) },
        () => (rows += 1),
      ),
    ).toBe(30);
    expect(rows).toBe(30);
    expect(progress.at(-1)).toBe(1);
  });

  it('names the file and the missing column, and refuses an empty file', () => {
    const f = file('subject,body,queue\nx,y,IT\n');
    expect(() => readDataset({ files: [f], labels: ['priority'] })).toThrow(
      `${f} has no column "priority" (columns: subject, body, queue)`,
    );
    const empty = file('subject,body,queue\n');
    expect(() => readDataset({ files: [empty], labels: ['queue'] })).toThrow(`${empty} has no rows`);
    expect(() => readDataset({ files: [join(dir, 'missing.csv')], labels: ['queue'] })).toThrow(/missing\.csv: ENOENT/);
    expect(csvColumns(f)).toEqual(['subject', 'body', 'queue']);
  });
});
