/**
 * The local gateway's closed doors: request bodies are read up to a limit (413 beyond it, nothing
 * buffered past it), and the queue worker POSTs results only to callback URLs on an allow-list
 * (default: loopback, which includes the runner itself), never to any URL a caller names.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** @default 4 MiB, far above the functions' 1 MiB MAX_JSON_SIZE; `RUNNER_MAX_BODY_BYTES` overrides. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Reads the body up to `max` bytes; beyond it answers 413 itself and never calls `onBody`. */
export function readLimitedBody(
  req: IncomingMessage,
  res: ServerResponse,
  max: number,
  onBody: (body: Buffer) => void,
): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  const tooLarge = (): void => {
    if (!res.headersSent)
      res
        .writeHead(413, { 'content-type': 'application/json', connection: 'close' })
        .end(JSON.stringify({ error: `request body is larger than ${max} bytes` }));
    req.resume();
  };
  if (declared > max) {
    tooLarge();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  req.on('data', (c: Buffer) => {
    if (over) return;
    size += c.length;
    if (size > max) {
      over = true;
      chunks.length = 0;
      tooLarge();
      return;
    }
    chunks.push(c);
  });
  req.on('end', () => {
    if (!over) onBody(Buffer.concat(chunks));
  });
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\]|::1)$/i;

/**
 * Whether the queue worker may POST a result to `url`. `allow` lists origins
 * (`http://host:port`) or host names; an empty list means loopback only.
 */
export function callbackAllowed(url: string, allow: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  if (u.username || u.password) return false;
  if (LOOPBACK.test(u.hostname)) return true;
  return allow.some((a) =>
    a.includes('://') ? new URL(a).origin === u.origin : a.toLowerCase() === u.hostname.toLowerCase(),
  );
}

export function callbackAllowList(env: Record<string, string | undefined>): string[] {
  return (env.RUNNER_CALLBACK_ALLOW ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
