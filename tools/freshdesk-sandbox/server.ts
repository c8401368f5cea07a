/**
 * The HTTP front: one `node:http` request handler for `/api/v2` (rate limit → faults → auth →
 * account state → routing → body → handler) and `/_sandbox` (admin, no rate limit).
 * Order matters: credits are charged first so 400/401/404 cost too (§11.1).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ACCOUNT_SUSPENDED, INVALID_CREDENTIALS, keyFromAuthorization, keyMatches } from './auth';
import type { Faults } from './faults';
import { acceptsJson, codeError, empty, parseJsonBody, readBody, ReplyError, type Reply } from './http-util';
import type { SandboxRateLimit } from './rate-limiter';
import type { RequestLog } from './request-log';
import { matchRoute } from './routes/router';
import type { SandboxStore } from './store';
import { isoSeconds } from './text';

export interface ServerDeps {
  store: SandboxStore;
  limiter: SandboxRateLimit;
  faults: Faults;
  log: RequestLog;
  apiKey: string;
  agentId: number;
  maxBodyBytes: number;
  admin: (req: IncomingMessage, url: URL, body: () => Promise<unknown>) => Promise<Reply>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createRequestHandler(deps: ServerDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(deps, req, res).catch((err: unknown) => {
      // Never crash on a request: answer 500 if we still can, without details.
      console.error('[sandbox] request failed:', err instanceof Error ? err.message : err);
      if (!res.headersSent)
        send(res, codeError(500, 'internal_error', 'Unexpected sandbox error'), {}, 0).catch(() => res.destroy());
      else res.destroy();
    });
  };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const method = req.method ?? 'GET';
  const at = isoSeconds(deps.store.now());
  const bodyReader = async (): Promise<unknown> =>
    parseJsonBody(req.headers['content-type'], await readBody(req, deps.maxBodyBytes));

  if (url.pathname === '/_sandbox' || url.pathname.startsWith('/_sandbox/')) {
    let reply: Reply;
    try {
      reply = await deps.admin(req, url, () => adminBody(req, deps.maxBodyBytes));
    } catch (err) {
      if (!(err instanceof ReplyError)) throw err;
      reply = err.reply;
    }
    deps.log.add({
      at,
      method,
      path: url.pathname,
      query: url.search,
      status: reply.status,
      durationMs: Date.now() - started,
      credits: 0,
      admin: true,
    });
    await send(res, reply, {}, 0);
    return;
  }
  if (url.pathname !== '/api/v2' && !url.pathname.startsWith('/api/v2/')) {
    await send(res, empty(404), {}, 0);
    return;
  }

  const path = url.pathname.slice('/api/v2'.length) || '/';
  const match = matchRoute(method, path, url.searchParams);
  const cost = match.kind === 'found' ? match.cost : 1;
  const decision = deps.limiter.charge(cost, match.kind === 'found' ? match.sub : undefined);
  const headers: Record<string, string> = {
    'X-RateLimit-Total': String(decision.total),
    'X-RateLimit-Remaining': String(decision.remaining),
    'X-RateLimit-Used-CurrentRequest': String(decision.usedCurrentRequest),
    'X-Request-Id': randomUUID(),
    'X-Freshdesk-API-Version': 'latest=2; requested=2',
  };
  const entry = { at, method, path: url.pathname, query: url.search, credits: decision.usedCurrentRequest } as const;
  const finish = (status: number | null, extra: Record<string, unknown> = {}) =>
    deps.log.add({
      ...entry,
      ...extra,
      status,
      durationMs: Date.now() - started,
      arrivedAtMs: started,
      handledAtMs: Date.now(),
    });

  const fault = deps.faults.decide();
  if (fault.delayMs > 0) await sleep(fault.delayMs);
  if (fault.action.kind === 'drop') {
    req.socket.destroy();
    finish(null, { fault: 'drop' });
    return;
  }
  if (!decision.allowed || fault.action.kind === 'rate-limit') {
    // 429: Retry-After in whole seconds, empty body, Content-Length 0 (§11.5).
    const retryAfter = fault.action.kind === 'rate-limit' ? fault.action.retryAfterSec : (decision.retryAfterSec ?? 1);
    const logged = finish(429, fault.action.kind === 'rate-limit' ? { fault: 'rate-limit' } : {});
    await send(res, empty(429), { ...headers, 'Retry-After': String(retryAfter) }, 0);
    logged.durationMs = Date.now() - started;
    return;
  }
  if (fault.action.kind === 'error') {
    const logged = finish(fault.action.status, { fault: 'error' });
    await send(res, faultReply(fault.action.status), headers, fault.slowBodyMs);
    logged.durationMs = Date.now() - started;
    return;
  }

  let reply: Reply;
  let body: unknown;
  if (!keyMatches(keyFromAuthorization(req.headers.authorization), deps.apiKey)) reply = INVALID_CREDENTIALS;
  else if (deps.store.suspended) reply = ACCOUNT_SUSPENDED;
  else if (!acceptsJson(req.headers.accept))
    reply = codeError(406, 'invalid_accept_header', 'Accept header should allow application/json');
  else if (match.kind === 'not-found') reply = empty(404);
  else if (match.kind === 'method-not-allowed') {
    reply = {
      status: 405,
      body: { code: 'method_not_allowed', message: `Allowed methods: ${match.allowed.join(', ')}` },
      headers: { Allow: match.allowed.join(', ') },
    };
  } else {
    try {
      if (method === 'PUT' || method === 'POST') body = await bodyReader();
      reply = match.handler({
        store: deps.store,
        method,
        path,
        params: match.params,
        query: url.searchParams,
        body,
        publicBase: `http://${req.headers.host ?? 'localhost'}/api/v2`,
        agentId: deps.agentId,
      });
    } catch (err) {
      if (!(err instanceof ReplyError)) throw err;
      reply = err.reply;
    }
  }
  if (fault.loseResponse) {
    // The call took effect but the caller never hears about it (§15.5).
    req.socket.destroy();
    finish(reply.status, { fault: 'lose-response', ...(body === undefined ? {} : { body }) });
    return;
  }
  // Logged before the body goes out so a caller that has the answer also finds the entry.
  const logged = finish(reply.status, body === undefined ? {} : { body });
  await send(res, reply, headers, fault.slowBodyMs);
  logged.durationMs = Date.now() - started;
}

/** Admin bodies are for people with curl: JSON whatever the content type, empty → undefined. */
async function adminBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const raw = await readBody(req, maxBytes);
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new ReplyError(codeError(400, 'invalid_json', 'Request body has invalid json format'));
  }
}

/** 500 with Freshdesk's JSON envelope; 502–504 come from the edge as HTML (at least as awkward, §0). */
function faultReply(status: number): Reply {
  if (status === 500) return codeError(500, 'internal_error', 'We are facing some issues. Please try again later.');
  return {
    status,
    body: `<html><body><h1>${status}</h1>Service temporarily unavailable</body></html>`,
    headers: { 'Content-Type': 'text/html' },
  };
}

/** Writes a reply; with `slowBodyMs` the body goes out in ten chunks spread over that time. */
async function send(
  res: ServerResponse,
  reply: Reply,
  baseHeaders: Record<string, string>,
  slowBodyMs: number,
): Promise<void> {
  const headers: Record<string, string> = { ...baseHeaders, ...reply.headers };
  let payload = Buffer.alloc(0);
  if (reply.body !== undefined) {
    const isText = typeof reply.body === 'string' && headers['Content-Type'] !== undefined;
    payload = Buffer.from(isText ? (reply.body as string) : JSON.stringify(reply.body), 'utf8');
    headers['Content-Type'] ??= 'application/json; charset=utf-8';
  }
  // Freshdesk's empty 404 is not labelled JSON: the published Node client reads it as text only
  // because of that (it JSON-parses unlabelled bodies), found by tests/sandbox/freshdesk-api-client.
  if (reply.status === 404 && payload.length === 0) headers['Content-Type'] ??= 'text/html; charset=utf-8';
  headers['Content-Length'] = String(payload.length);
  res.writeHead(reply.status, headers);
  if (slowBodyMs <= 0 || payload.length === 0) {
    res.end(payload);
    return;
  }
  const parts = 10;
  const size = Math.ceil(payload.length / parts);
  for (let i = 0; i < payload.length; i += size) {
    if (res.destroyed) return;
    res.write(payload.subarray(i, i + size));
    await sleep(slowBodyMs / parts);
  }
  res.end();
}
