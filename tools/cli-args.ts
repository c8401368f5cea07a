/**
 * One way for every command-line tool to read its arguments: `--help`/`-h` prints the usage on
 * stdout and exits 0; an unknown option, a missing value or a bad number prints the problem and
 * the usage on stderr and exits 2, before any work starts.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Cli {
  /** The command's name in messages: `start`, `bench`, `export`... */
  name: string;
  /** The usage text (first line `usage: ...`, then option descriptions). */
  usage: string;
}

/** Prints `name: message` and the usage line on stderr, exit 2. */
export function usageError(cli: Cli, message: string): never {
  const first = cli.usage.split('\n')[0];
  process.stderr.write(
    `${cli.name}: ${message}\n${first}${cli.usage.includes('\n') ? '\n(--help for every option)' : ''}\n`,
  );
  process.exit(2);
}

/** Parses argv with `options` (plus --help); --help prints the usage and exits 0. */
export function parseCli<O extends Options>(cli: Cli, options: O, argv: string[] = process.argv.slice(2)) {
  const all = { ...options, help: { type: 'boolean', short: 'h' } } as const;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: all as O & { help: { type: 'boolean'; short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    if (argv.includes('--help') || argv.includes('-h')) help(cli);
    usageError(cli, (err as Error).message.split('\n')[0]!);
  }
  if ((parsed.values as { help?: boolean }).help) help(cli);
  return parsed.values;
}

function help(cli: Cli): never {
  process.stdout.write(`${cli.usage}\n`);
  process.exit(0);
}

/** A number option checked before any work: an integer (or not) within [min, max], else usage + exit 2. */
export function numberOption(
  cli: Cli,
  flag: string,
  raw: string | undefined,
  o: { min?: number; max?: number; integer?: boolean } = {},
): number | undefined {
  if (raw === undefined) return undefined;
  const n = raw.trim() === '' ? Number.NaN : Number(raw);
  const integer = o.integer ?? true;
  const range = `${o.min ?? '-∞'}-${o.max ?? '∞'}`;
  if (
    !Number.isFinite(n) ||
    (integer && !Number.isInteger(n)) ||
    (o.min !== undefined && n < o.min) ||
    (o.max !== undefined && n > o.max)
  ) {
    usageError(cli, `--${flag} must be ${integer ? 'an integer' : 'a number'} in ${range}, got "${raw}"`);
  }
  return n;
}

/** One of a fixed set of words, else usage + exit 2. */
export function choiceOption<T extends string>(
  cli: Cli,
  flag: string,
  raw: string | undefined,
  choices: readonly T[],
): T | undefined {
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw))
    usageError(cli, `--${flag} must be one of ${choices.join(', ')}, got "${raw}"`);
  return raw as T;
}

/** A date option (YYYY-MM-DD or ISO), else usage + exit 2. */
export function dateOption(cli: Cli, flag: string, raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) usageError(cli, `--${flag} is not a date (YYYY-MM-DD): "${raw}"`);
  return d;
}
