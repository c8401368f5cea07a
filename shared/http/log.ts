/**
 * Logs are one JSON object per line (OpenFaaS with prefix_logs=false), never with ticket text or
 * secrets: callers pass ids, counts and outcomes only.
 */
export type Log = (entry: Record<string, unknown>) => void;

/**
 * `LOG_LEVEL=silent` in the environment drops the lines of a logger without its own `write` (the
 * test config sets it; a test that asserts on logs sets LOG_LEVEL=info or passes `write`). Read per
 * line, so a test can switch it.
 */
export function jsonLogger(fn: string, write?: (line: string) => void): Log {
  return (entry) => {
    if (!write && process.env.LOG_LEVEL === 'silent') return;
    (write ?? console.log)(JSON.stringify({ time: new Date().toISOString(), fn, level: 'info', ...entry }));
  };
}
