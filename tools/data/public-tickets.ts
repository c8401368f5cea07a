/**
 * The public training set behind the shipped model, and what a tool says when a training CSV is
 * not there. A clone of this repository holds no ticket data: the shipped model was trained on
 * Tobias Bueck's synthetic "Multilingual Customer Support Tickets" (CC BY-NC 4.0), which anyone can
 * download, and a help desk trains on its own export. Tools that read a training CSV take its path;
 * `data/` in the clone (ignored by git) is the conventional place for it.
 */
import { existsSync } from 'node:fs';
import { basename, isAbsolute } from 'node:path';

/** @internal read by the benches and tests; the training CLI uses it through the functions below */
export const PUBLIC_TICKETS = {
  name: 'Multilingual Customer Support Tickets (Tobias Bueck, Open Ticket AI)',
  kaggle: 'https://www.kaggle.com/datasets/tobiasbueck/multilingual-customer-support-tickets',
  huggingFace: 'https://huggingface.co/datasets/Tobi-Bueck/customer-support-tickets',
  licence: 'CC BY-NC 4.0',
} as const;

/**
 * Where the benches look for a training CSV when none is given (a folder git ignores).
 * @internal used by the benches
 */
export const DEFAULT_TRAINING_CSV = 'data/tickets-train.csv';

/** @internal tests match it; users see its message */
export class MissingTrainingDataError extends Error {
  override name = 'MissingTrainingDataError';
  constructor(
    readonly file: string,
    readonly flag: string,
  ) {
    super(
      `${file} does not exist. Training data is not part of the repository: download the public set the shipped model ` +
        `was trained on, ${PUBLIC_TICKETS.name}, licence ${PUBLIC_TICKETS.licence} (non-commercial), from ` +
        `${PUBLIC_TICKETS.kaggle} or ${PUBLIC_TICKETS.huggingFace}, and pass its CSV with ${flag} FILE.csv ` +
        `(or save it as ${DEFAULT_TRAINING_CSV}); or export your own tickets with npm run export. ` +
        'See docs/training.md, "Training data".',
    );
  }
}

/** `file` when it exists; otherwise a MissingTrainingDataError that says where the data comes from. */
export function requireTrainingData(file: string, flag = '--data'): string {
  if (!existsSync(file)) throw new MissingTrainingDataError(file, flag);
  return file;
}

/**
 * A training command's arguments as a reader of the model card can run them: a `--data` file
 * outside the repository (a build machine's own folder) becomes `data/<name>`, the place the
 * message above tells a user to put the download.
 */
export function portableArgs(args: readonly string[]): string[] {
  const local = (file: string) => (isAbsolute(file) || file.startsWith('..') ? `data/${basename(file)}` : file);
  return args.map((arg, i) => {
    if (args[i - 1] === '--data') return local(arg);
    if (arg.startsWith('--data=')) return `--data=${local(arg.slice('--data='.length))}`;
    return arg;
  });
}

/**
 * For a command line: print the missing-data message (no stack trace) and exit 2 unless `file` exists.
 * @internal used by the benches
 */
export function exitUnlessTrainingData(file: string, tool: string, flag = '--data'): void {
  try {
    requireTrainingData(file, flag);
  } catch (err) {
    console.error(`${tool}: ${(err as Error).message}`);
    process.exit(2);
  }
}
