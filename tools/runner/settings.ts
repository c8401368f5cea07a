/**
 * The function processes' environment for the local runner, with the precedence people expect:
 * the shell > the runner's local adaptations (the demo's look-back, the repository's model) >
 * stack.yml > the functions' defaults. Everything is checked before any process starts: the cron
 * schedule, and each function's settings through the function's own config loader, so a bad
 * threshold or map fails here, not on the first ticket.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FetchEnv, loadConfig as loadFetchConfig } from '../../functions/fetch-tickets/config';
import { UpdateEnv, loadConfig as loadUpdateConfig } from '../../functions/update-ticket/config';
import { parseCron } from './cron';
import type { StackFunction } from './stack';

export type Env = Record<string, string | undefined>;

/** A value that differs from stack.yml, and where it came from. */
export interface SettingNote {
  key: string;
  value: string | undefined;
  from: 'shell' | 'runner' | 'options';
  stack: string | undefined;
  why?: string;
  functions: string[];
}

export interface SettingsInput {
  shell: Env;
  /** The runner's adaptations for this machine, below the shell. `quiet` ones are not reported. */
  local: Record<string, { value: string; why: string; quiet?: boolean }>;
  /** Set by the runner whatever the shell says (the gateway URL, the account, flags). */
  fixed: Env;
  /** Shown with a reason when they differ from stack.yml (e.g. DRY_RUN from --apply). */
  fixedWhy: Record<string, string>;
  /** From the caller of startRunner (tests): wins over everything. */
  extra?: Env;
}

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`settings: ${problems.join('; ')}`);
    this.name = 'SettingsError';
  }
}

/** The variables each function reads, beyond what stack.yml lists: a shell value for them is reported too. */
const KNOWN: Record<string, Set<string>> = {
  'fetch-tickets': new Set(Object.keys(FetchEnv.shape)),
  'update-ticket': new Set(Object.keys(UpdateEnv.shape)),
  'classify-ticket': new Set(['MODEL_DIR']),
};

export function resolveSettings(
  stack: StackFunction[],
  s: SettingsInput,
): { envs: Map<string, Env>; notes: SettingNote[] } {
  const envs = new Map<string, Env>();
  const notes = new Map<string, SettingNote>();
  for (const fn of stack) {
    const local = Object.fromEntries(Object.entries(s.local).map(([k, v]) => [k, v.value]));
    const env: Env = { ...fn.environment, ...local, ...s.shell, ...s.fixed, ...s.extra };
    envs.set(fn.name, env);
    const known = (k: string) => k in fn.environment || KNOWN[fn.name]?.has(k) === true;
    const keys = new Set([
      ...Object.keys(fn.environment),
      ...Object.keys(s.local).filter(known),
      ...Object.keys(s.extra ?? {}).filter(known),
      ...Object.keys(s.shell).filter(known),
    ]);
    for (const key of keys) {
      const value = env[key];
      const stackValue = fn.environment[key];
      if (value === stackValue) continue;
      let note: Omit<SettingNote, 'functions'> | undefined;
      if (s.extra && key in s.extra) note = { key, value, from: 'options', stack: stackValue };
      else if (key in s.fixed)
        note = s.fixedWhy[key] ? { key, value, from: 'runner', stack: stackValue, why: s.fixedWhy[key] } : undefined;
      else if (s.shell[key] !== undefined) note = { key, value, from: 'shell', stack: stackValue };
      else if (s.local[key] && !s.local[key].quiet)
        note = { key, value, from: 'runner', stack: stackValue, why: s.local[key].why };
      if (!note) continue;
      const id = `${key}=${value}`;
      const seen = notes.get(id);
      if (seen) seen.functions.push(fn.name);
      else notes.set(id, { ...note, functions: [fn.name] });
    }
  }
  return { envs, notes: [...notes.values()] };
}

export function renderNotes(notes: SettingNote[]): string[] {
  if (notes.length === 0) return [];
  return [
    'settings that differ from stack.yml:',
    ...notes.map((n) => {
      const from =
        n.from === 'shell'
          ? 'from the shell'
          : n.from === 'options'
            ? 'from the runner options'
            : `set by the runner: ${n.why}`;
      return `  ${n.key}=${n.value ?? '(unset)'}  ${from} (stack.yml: ${n.stack === undefined ? 'not set' : n.stack})  [${n.functions.join(', ')}]`;
    }),
  ];
}

/**
 * The version in the manifest of the model at `dir` (undefined when there is none or it does not
 * say): fetch-tickets' MODEL_VERSION must equal it, or tickets triaged by that model never look
 * triaged to fetch-tickets and are handed on again every run.
 */
export function modelVersionAt(dir: string): string | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { version?: unknown };
    return typeof m.version === 'string' && m.version !== '' ? m.version : undefined;
  } catch {
    return undefined;
  }
}

/** Every problem with the stack and the resolved settings, before anything starts. */
export function validateSettings(
  root: string,
  stack: StackFunction[],
  envs: Map<string, Env>,
  now = new Date(),
): string[] {
  const problems: string[] = [];
  for (const fn of stack) {
    const env = envs.get(fn.name) ?? {};
    if (fn.annotations.topic === 'cron-function') {
      const schedule = fn.annotations.schedule;
      if (!schedule) problems.push(`stack.yml: ${fn.name} has topic cron-function but no schedule annotation`);
      else {
        try {
          parseCron(schedule).next(now);
        } catch (err) {
          problems.push(`stack.yml: ${fn.name} schedule "${schedule}": ${(err as Error).message}`);
        }
      }
    }
    try {
      if (fn.name === 'fetch-tickets') loadFetchConfig(env);
      if (fn.name === 'update-ticket') loadUpdateConfig(env);
    } catch (err) {
      problems.push(`${fn.name}: ${(err as Error).message}`);
    }
    if (fn.name === 'classify-ticket') {
      const dir = resolve(root, env.MODEL_DIR ?? 'models/ticket-triage');
      if (!existsSync(join(dir, 'manifest.json')))
        problems.push(`classify-ticket: MODEL_DIR: no model at ${dir} (manifest.json missing)`);
    }
  }
  const classify = envs.get('classify-ticket');
  const fetchVersion = envs.get('fetch-tickets')?.MODEL_VERSION;
  const modelVersion = classify
    ? modelVersionAt(resolve(root, classify.MODEL_DIR ?? 'models/ticket-triage'))
    : undefined;
  if (fetchVersion !== undefined && modelVersion !== undefined && fetchVersion !== modelVersion) {
    problems.push(
      `fetch-tickets: MODEL_VERSION is ${fetchVersion} but classify-ticket's model (manifest.json) is ${modelVersion}: set MODEL_VERSION=${modelVersion} (or unset it locally: the runner reads the manifest)`,
    );
  }
  return problems;
}
