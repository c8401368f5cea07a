/**
 * The template's default log: one JSON object per line on stdout (of-watchdog with
 * prefix_logs=false). `LOG_LEVEL=silent` drops them (the test config sets it); the "listening" line
 * that process supervisors wait for is not written through here and always appears.
 */
export function defaultLog(entry: Record<string, unknown>): void {
  if (process.env.LOG_LEVEL === 'silent') return;
  console.log(JSON.stringify(entry));
}
