/** Reads stack.yml as faas-cli does: `${VAR:-default}` substituted over the whole text, then YAML. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface StackFunction {
  name: string;
  image: string;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  environment: Record<string, string>;
  /** From exec_timeout (Go duration or seconds). */
  execTimeoutMs: number;
  maxInflight: number | undefined;
}

function envsubst(text: string, env: Record<string, string | undefined>): string {
  return text.replace(
    /\$\{(\w+)(?::?-([^}]*))?\}/g,
    (_m, name: string, def: string | undefined) => env[name] || def || '',
  );
}

function durationMs(v: string | undefined, fallback: number): number {
  if (!v) return fallback;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(v);
  return m ? Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms'] ?? 1000) : fallback;
}

export function readStack(path: string, env: Record<string, string | undefined> = process.env): StackFunction[] {
  const doc = parse(envsubst(readFileSync(path, 'utf8'), env)) as {
    functions?: Record<string, Record<string, unknown>>;
  };
  return Object.entries(doc.functions ?? {}).map(([name, f]) => {
    const environment = Object.fromEntries(
      Object.entries((f.environment ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
    return {
      name,
      image: String(f.image ?? ''),
      annotations: (f.annotations ?? {}) as Record<string, string>,
      labels: (f.labels ?? {}) as Record<string, string>,
      environment,
      execTimeoutMs: durationMs(environment.exec_timeout, 10_000),
      maxInflight: environment.max_inflight ? Number(environment.max_inflight) : undefined,
    };
  });
}
