/**
 * CSV in the shape of the training data: one ticket per line (newlines inside a text become the
 * two characters `\n`, as in the public data set), fields quoted when they need it (RFC 4180).
 * One line per row also lets an interrupted export be resumed exactly: a partial last line is cut.
 */
function csvField(value: string): string {
  const oneLine = value.replace(/\r\n|\r|\n/g, '\\n');
  return /[",]/.test(oneLine) || oneLine !== oneLine.trim() ? `"${oneLine.replace(/"/g, '""')}"` : oneLine;
}

export function csvLine(values: string[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

/** The first field of each complete line (the ticket id column), for resuming. */
export function idsOfCsv(text: string): Set<number> {
  const ids = new Set<number>();
  for (const line of text.split('\n').slice(1)) {
    const m = /^(\d+),/.exec(line);
    if (m) ids.add(Number(m[1]));
  }
  return ids;
}
