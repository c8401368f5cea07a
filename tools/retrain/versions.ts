/**
 * Which model version is live, and which came before: `models/<name>/versions.json`, written by
 * `npm run retrain` when it promotes and by `npm run rollback`. Trained versions live in
 * `models/<name>/<version>/`; the shipped model stays in `models/<name>/` itself. Every change
 * prints the exact commands that deploy it (nothing is deployed unless asked).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';

const Entry = z.strictObject({
  version: z.string(),
  /** The model's folder, relative to the repository root (what --copy-extra ./models ships). */
  dir: z.string(),
  at: z.string(),
  how: z.enum(['shipped', 'promoted', 'rollback']),
  report: z.string().optional(),
});
type Entry = z.infer<typeof Entry>;
const Versions = z.strictObject({ name: z.string(), history: z.array(Entry).min(1) });
type Versions = z.infer<typeof Versions>;

export class VersionsError extends Error {
  override name = 'VersionsError';
}

const file = (modelsRoot: string, name: string): string => join(modelsRoot, name, 'versions.json');

function manifestVersion(dir: string): string {
  try {
    return String((JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { version: unknown }).version);
  } catch (err) {
    throw new VersionsError(`${dir}: no readable manifest.json (${(err as Error).message})`);
  }
}

/** The history; without a versions.json, the shipped model in models/<name>/ is the live one. */
export function readVersions(modelsRoot: string, name: string): Versions {
  const f = file(modelsRoot, name);
  if (!existsSync(f)) {
    const dir = join(modelsRoot, name);
    return { name, history: [{ version: manifestVersion(dir), dir, at: new Date(0).toISOString(), how: 'shipped' }] };
  }
  const parsed = Versions.safeParse(JSON.parse(readFileSync(f, 'utf8')));
  if (!parsed.success) throw new VersionsError(`${f} is not a versions file: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export const liveEntry = (v: Versions): Entry => v.history.at(-1)!;

function write(modelsRoot: string, v: Versions): void {
  const f = file(modelsRoot, v.name);
  writeFileSync(`${f}.tmp`, `${JSON.stringify(v, null, 2)}\n`);
  renameSync(`${f}.tmp`, f);
}

export function recordPromotion(modelsRoot: string, name: string, e: Omit<Entry, 'at' | 'how'>): Versions {
  const v = readVersions(modelsRoot, name);
  v.history.push({ ...e, at: new Date().toISOString(), how: 'promoted' });
  write(modelsRoot, v);
  return v;
}

/** Makes the version before the live one live again (or `to`); returns the entry now live. */
export function rollback(modelsRoot: string, name: string, to?: string): Entry {
  const v = readVersions(modelsRoot, name);
  const live = liveEntry(v);
  const target = [...v.history]
    .reverse()
    .find((e) => (to === undefined ? e.version !== live.version : e.version === to));
  if (!target)
    throw new VersionsError(
      to === undefined
        ? `${name}: no earlier version to roll back to (live: ${live.version})`
        : `${name}: version ${to} is not in ${file(modelsRoot, name)} (known: ${[...new Set(v.history.map((e) => e.version))].join(', ')})`,
    );
  if (!existsSync(join(target.dir, 'manifest.json')))
    throw new VersionsError(`${name} ${target.version}: its folder ${target.dir} is gone; nothing changed`);
  const entry: Entry = { version: target.version, dir: target.dir, at: new Date().toISOString(), how: 'rollback' };
  v.history.push(entry);
  write(modelsRoot, v);
  return entry;
}

/** The commands that put a model version live (classify-ticket first, then fetch-tickets' marker version). */
export function deployCommands(dir: string, version: string): string[] {
  // The image holds ./models at function/models: the folder as seen from the repository root.
  const inRepo = relative(process.cwd(), dir);
  return [
    `faas-cli up -f stack.yml --filter classify-ticket --copy-extra ./models --env MODEL_DIR=function/${inRepo}`,
    `faas-cli up -f stack.yml --filter fetch-tickets --env MODEL_VERSION=${version}`,
  ];
}

/** The same for the local runner. */
export const localCommand = (dir: string): string => `MODEL_DIR=${dir} npm start`;
