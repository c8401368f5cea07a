/**
 * Logs are one JSON object per line (OpenFaaS with prefix_logs=false), never with ticket text or
 * secrets: callers pass ids, counts and outcomes only.
 */
export type Log = (entry: Record<string, unknown>) => void;

export function jsonLogger(fn: string, write: (line: string) => void = (l) => console.log(l)): Log {
  return (entry) => write(JSON.stringify({ time: new Date().toISOString(), fn, level: 'info', ...entry }));
}
