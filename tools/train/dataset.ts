/**
 * Reads labelled tickets from CSV files: the text columns the model reads and the label columns
 * it learns. Any column can be a label; a `|`-separated column is a multi-label tag head. A
 * missing column or an empty file is an error naming the file and the column. Files are read as
 * a stream of records (csv-reader.ts): memory holds the rows, never a whole file as one string.
 */
import { statSync } from 'node:fs';
import { readCsvRecords } from './csv-reader';

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
  /** Bytes read so far over all files, for a progress bar. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export class DatasetError extends Error {
  override name = 'DatasetError';
}

function read(file: string, onRecord: (fields: string[]) => unknown, onProgress?: (bytesRead: number) => void): number {
  try {
    return readCsvRecords(file, onRecord, onProgress && ((p) => onProgress(p.bytesRead)));
  } catch (err) {
    if (err instanceof DatasetError) throw err;
    throw new DatasetError(`${file}: ${(err as Error).message}`);
  }
}

/** The header of a CSV file. */
export function csvColumns(file: string): string[] {
  let header: string[] = [];
  read(file, (fields) => {
    header = fields;
    return false;
  });
  return header;
}

/**
 * Calls `onRow` for each labelled row of the files, in file order, reading each file as a stream.
 */
export function streamDataset(o: DatasetOptions, onRow: (row: Row) => void): number {
  const text = o.text ?? ['subject', 'body'];
  const totalBytes = o.files.reduce((s, f) => s + (safeSize(f) ?? 0), 0);
  let doneBytes = 0;
  let rows = 0;
  for (const file of o.files) {
    let at: ((name: string) => number) | undefined;
    let fileRows = 0;
    read(
      file,
      (fields) => {
        if (!at) {
          const columns = fields;
          for (const col of [...text, ...o.labels, ...(o.tags ? [o.tags] : [])]) {
            if (!columns.includes(col))
              throw new DatasetError(`${file} has no column "${col}" (columns: ${columns.join(', ')})`);
          }
          // lastIndexOf: a repeated column name means its last column, as with csv-parse's `columns: true`.
          const index = new Map(columns.map((c) => [c, columns.lastIndexOf(c)]));
          at = (name) => index.get(name) ?? -1;
          return;
        }
        const get = (name: string): string | undefined => {
          const i = at!(name);
          return i < 0 ? undefined : fields[i];
        };
        fileRows += 1;
        onRow({
          text: {
            subject: get(text[0]!) ?? '',
            body: text
              .slice(1)
              .map((c) => get(c) ?? '')
              .join('\n'),
          },
          labels: Object.fromEntries(o.labels.map((l) => [l, (get(l) ?? '').trim()])),
          tags: o.tags
            ? (get(o.tags) ?? '')
                .split('|')
                .map((t) => t.trim())
                .filter(Boolean)
            : [],
          // Freshdesk exports say language / created_at; other help desks and forums locale / created.
          language: get('language')?.trim() || get('locale')?.trim() || undefined,
          time: get('created_at')?.trim() || get('updated_at')?.trim() || get('created')?.trim() || undefined,
        });
      },
      (bytes) => o.onProgress?.(doneBytes + bytes, totalBytes),
    );
    if (fileRows === 0) throw new DatasetError(`${file} has no rows`);
    doneBytes += safeSize(file) ?? 0;
    rows += fileRows;
  }
  return rows;
}

function safeSize(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

export function readDataset(o: DatasetOptions): Row[] {
  const rows: Row[] = [];
  streamDataset(o, (r) => rows.push(r));
  return rows;
}
