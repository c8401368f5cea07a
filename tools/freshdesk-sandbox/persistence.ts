/**
 * Optional persistence of the whole account to one JSON file so a demo survives a restart.
 * Writes are debounced and atomic (temp file in the same directory + rename), so a crash never
 * leaves a half-written file behind.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { SandboxState } from './model';
import type { SandboxStore } from './store';

/** @internal exported for tests and benches, not used by the product */
export class PersistenceError extends Error {}

/** Reads a state file; `undefined` when it does not exist, an error naming the file when invalid. */
export function loadState(path: string): SandboxState | undefined {
  if (!existsSync(path)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new PersistenceError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = SandboxState.safeParse(raw);
  if (!parsed.success) throw new PersistenceError(`${path} is not a sandbox state file: ${parsed.error.message}`);
  return parsed.data;
}

function writeStateAtomic(path: string, state: SandboxState): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, path);
}

export class Persistence {
  private timer: NodeJS.Timeout | undefined;

  /** @param debounceMs wait this long after a change before writing. @default 50 */
  constructor(
    private readonly path: string,
    private readonly store: SandboxStore,
    private readonly debounceMs = 50,
  ) {
    store.onChange(() => this.schedule());
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.debounceMs);
    this.timer.unref();
  }

  /** Writes now (and cancels a pending write); used on close. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    try {
      writeStateAtomic(this.path, this.store.state);
    } catch (err) {
      console.error(`[sandbox] could not persist to ${this.path}: ${(err as Error).message}`);
    }
  }
}
