/** Test helpers: a sandbox on port 0 with a controllable clock, and a small fetch wrapper. */
import { startSandbox, type Sandbox, type SandboxOptions } from '../../tools/freshdesk-sandbox/index';

export const TEST_KEY = 'test-key-123';

/** A clock tests move by hand: `clock.now()` for the sandbox, `clock.advance(ms)` to move it. */
export function fakeClock(startIso = '2026-03-02T10:00:00Z') {
  let t = Date.parse(startIso);
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    set: (iso: string) => {
      t = Date.parse(iso);
    },
  };
}

export async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ apiKey: TEST_KEY, ...options });
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, `undefined` for an empty body. */
  body: any;
}

export async function call(
  sb: Sandbox,
  method: string,
  path: string,
  opts: { body?: unknown; rawBody?: string; key?: string | null; headers?: Record<string, string> } = {},
): Promise<CallResult> {
  // Admin writes need X-Sandbox-Admin (a header a cross-origin page cannot send).
  const headers: Record<string, string> = {
    ...(path.startsWith('/_sandbox') ? { 'X-Sandbox-Admin': '1' } : {}),
    ...opts.headers,
  };
  if (opts.key !== null) headers.Authorization = `Basic ${Buffer.from(`${opts.key ?? TEST_KEY}:X`).toString('base64')}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const url = path.startsWith('http')
    ? path
    : path.startsWith('/_sandbox')
      ? `${sb.origin}${path}`
      : `${sb.baseUrl}${path}`;
  const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: text.length > 0 && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined,
  };
}
