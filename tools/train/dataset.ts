/**
 * Reads labelled tickets from CSV files: the text columns the model reads and the label columns
 * it learns. Any column can be a label; a `|`-separated column is a multi-label tag head. A
 * missing column or an empty file is an error naming the file and the column.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export interface Row {
  text: { subject: string; body: string };
  labels: Record<string, string>;
  tags: string[];
  language: string | undefined;
  time: string | undefined;
}

export interface DatasetOptions {
  files: string[];
  /** Text columns: the first is the subject, the rest form the body. @default ['subject', 'body'] */
  text?: string[];
  labels: string[];
  tags?: string;
}

export class DatasetError extends Error {
  override name = 'DatasetError';
}

/** The header of a CSV file. */
export function csvColumns(file: string): string[] {
  const firstLines = readFileSync(file, 'utf8').slice(0, 65_536);
  const records = parse(firstLines, { to_line: 1, bom: true, relax_column_count: true }) as string[][];
  return records[0] ?? [];
}

export function readDataset(o: DatasetOptions): Row[] {
  const text = o.text ?? ['subject', 'body'];
  const rows: Row[] = [];
  for (const file of o.files) {
    let records: Record<string, string>[];
    try {
      records = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, relax_column_count: true, bom: true });
    } catch (err) {
      throw new DatasetError(`${file}: ${(err as Error).message}`);
    }
    if (records.length === 0) throw new DatasetError(`${file} has no rows`);
    const columns = Object.keys(records[0]!);
    for (const col of [...text, ...o.labels, ...(o.tags ? [o.tags] : [])]) {
      if (!columns.includes(col)) throw new DatasetError(`${file} has no column "${col}" (columns: ${columns.join(', ')})`);
    }
    for (const r of records) {
      rows.push({
        text: { subject: r[text[0]!] ?? '', body: text.slice(1).map((c) => r[c] ?? '').join('\n') },
        labels: Object.fromEntries(o.labels.map((l) => [l, (r[l] ?? '').trim()])),
        tags: o.tags ? (r[o.tags] ?? '').split('|').map((t) => t.trim()).filter(Boolean) : [],
        language: r.language?.trim() || undefined,
        time: r.created_at?.trim() || r.updated_at?.trim() || undefined,
      });
    }
  }
  return rows;
}
