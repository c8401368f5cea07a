/**
 * Reads a CSV file record by record in 1 MiB chunks, so a help desk's whole history never sits in
 * memory as one string (a 1 GB export would not even fit in a V8 string). RFC 4180: fields
 * separated by commas, records by LF, CRLF or CR, quoted fields may hold commas, newlines and
 * doubled quotes; a byte order mark is dropped and empty lines are skipped. Lenient where
 * exports are sloppy: text after a closing quote is kept, a quote inside an unquoted field is a
 * character, an unterminated quote at the end of the file ends the field.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

export interface CsvProgress {
  bytesRead: number;
  totalBytes: number;
}

/** Index of the next comma, CR or LF at or after `from`, or -1. */
function nextDelimiter(s: string, from: number): number {
  for (let i = from; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c === COMMA || c === LF || c === CR) return i;
  }
  return -1;
}

/**
 * Parses the complete records of `s` and returns where the first incomplete one starts (`s.length`
 * when all were complete). At the end of the input every record is complete.
 */
function parseRecords(s: string, atEnd: boolean, onRecord: (fields: string[]) => void): number {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const start = i;
    const fields: string[] = [];
    let quotedFirst = false;
    for (;;) {
      let value: string;
      let end: number;
      if (i < n && s.charCodeAt(i) === QUOTE) {
        if (fields.length === 0) quotedFirst = true;
        value = '';
        let from = i + 1;
        for (;;) {
          const q = s.indexOf('"', from);
          if (q < 0) {
            if (!atEnd) return start;
            value += s.slice(from);
            i = n;
            break;
          }
          if (q + 1 >= n && !atEnd) return start; // a quote at the chunk's end may be the first of ""
          if (s.charCodeAt(q + 1) === QUOTE) {
            value += s.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value += s.slice(from, q);
          i = q + 1;
          break;
        }
        end = nextDelimiter(s, i);
        if (end < 0) {
          if (!atEnd) return start;
          end = n;
        }
        if (end > i) value += s.slice(i, end);
      } else {
        end = nextDelimiter(s, i);
        if (end < 0) {
          if (!atEnd) return start;
          end = n;
        }
        value = s.slice(i, end);
      }
      fields.push(value);
      i = end;
      if (i >= n) break;
      const c = s.charCodeAt(i);
      if (c === COMMA) {
        i += 1;
        if (i >= n && !atEnd) return start;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= n && !atEnd) return start;
        i += s.charCodeAt(i + 1) === LF ? 2 : 1;
      } else i += 1;
      break;
    }
    if (!(fields.length === 1 && fields[0] === '' && !quotedFirst)) onRecord(fields);
    if (i >= n) break;
  }
  return n;
}

/** Calls `onRecord` for each record of the file, the header first (it returns `false` to stop); returns how many there were. */
export function readCsvRecords(
  file: string,
  onRecord: (fields: string[]) => unknown,
  onProgress?: (p: CsvProgress) => void,
  chunkBytes = 1 << 20,
): number {
  const fd = openSync(file, 'r');
  try {
    const totalBytes = fstatSync(fd).size;
    const decoder = new StringDecoder('utf8');
    const chunk = Buffer.allocUnsafe(chunkBytes);
    let carry = '';
    let bytesRead = 0;
    let records = 0;
    let stop = false;
    let started = false;
    const take = (fields: string[]): void => {
      if (stop) return;
      records += 1;
      if (onRecord(fields) === false) stop = true;
    };
    for (;;) {
      const got = readSync(fd, chunk, 0, chunkBytes, null);
      bytesRead += got;
      let text = carry + (got > 0 ? decoder.write(chunk.subarray(0, got)) : decoder.end());
      if (!started && text.length > 0) {
        started = true;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      const atEnd = got === 0;
      const used = parseRecords(text, atEnd, take);
      carry = text.slice(used);
      onProgress?.({ bytesRead, totalBytes });
      if (atEnd || stop) return records;
    }
  } finally {
    closeSync(fd);
  }
}
