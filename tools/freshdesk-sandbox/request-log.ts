/**
 * The request log the admin API and tests read: method, path, query, status, time, credits,
 * injected fault. Never headers: the `Authorization` header carries the API key.
 */
export interface RequestLogEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: string;
  status: number | null;
  durationMs: number;
  /** Wall-clock ms when the call took effect (after injected latency): race windows are measured with it. */
  handledAtMs?: number;
  /** Wall-clock ms when the call arrived (when its credits were charged). */
  arrivedAtMs?: number;
  credits: number;
  /** Parsed JSON body of writes (bodies carry no secrets). */
  body?: unknown;
  /** Injected fault, if any (`error`, `drop`, `rate-limit`, `lose-response`). */
  fault?: string;
  admin?: boolean;
}

/** Bodies larger than this (serialised) are logged as a size only. */
const MAX_LOGGED_BODY_BYTES = 16 * 1024;

/**
 * What the log keeps of a body: the body when it is small, else a note of its size. A body too
 * deep to serialise (100,000 nested arrays) must not break `GET /_sandbox/requests` later.
 */
function loggableBody(body: unknown): unknown {
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch {
    return { omitted: 'body too deeply nested to log' };
  }
  if (text === undefined || text.length <= MAX_LOGGED_BODY_BYTES) return body;
  return { omitted: `body of ${text.length} bytes not logged (limit ${MAX_LOGGED_BODY_BYTES})` };
}

/** Keeps the last `max` entries so a long benchmark cannot grow memory without bound. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly max = 10_000) {}

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full = { seq: ++this.seq, ...entry, ...('body' in entry ? { body: loggableBody(entry.body) } : {}) };
    this.entries.push(full);
    if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
    return full;
  }

  list(filter: { since?: number; includeAdmin?: boolean } = {}): RequestLogEntry[] {
    return this.entries.filter(
      (e) => (filter.since === undefined || e.seq > filter.since) && (filter.includeAdmin || !e.admin),
    );
  }

  clear(): void {
    this.entries = [];
  }
}
