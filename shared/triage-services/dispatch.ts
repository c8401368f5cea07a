/**
 * Hands a ticket on through the OpenFaaS gateway: async (the native chain: classify-ticket's
 * answer is POSTed by the queue worker to update-ticket) or sync (classify, then update, here).
 * Requests are signed when a signing secret is configured.
 */
import { request } from 'undici';
import { signatureHeaders } from '../http/signature';

export interface GatewaySettings {
  url: string;
  mode: 'async' | 'sync';
  signing: { secret: string | undefined; header: string; maxAgeSeconds?: number };
  timeoutMs: number;
}

interface DispatchAnswer {
  status: number;
  body: unknown;
  /** The function that gave this answer (sync mode: classify-ticket or update-ticket). */
  fn: string;
}

async function post(
  g: GatewaySettings,
  path: string,
  payload: unknown,
  extra: Record<string, string> = {},
): Promise<DispatchAnswer> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...extra,
    ...signatureHeaders(body, g.signing),
  };
  const res = await request(`${g.url.replace(/\/$/, '')}${path}`, {
    method: 'POST',
    headers,
    body,
    headersTimeout: g.timeoutMs,
    bodyTimeout: g.timeoutMs,
  });
  const text = await res.body.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // keep the text
  }
  return { status: res.statusCode, body: parsed, fn: path.replace(/^\/(async-)?function\//, '') };
}

async function dispatch(g: GatewaySettings, payload: unknown): Promise<DispatchAnswer> {
  if (g.mode === 'async') {
    return post(g, '/async-function/classify-ticket', payload, {
      'x-callback-url': `${g.url.replace(/\/$/, '')}/function/update-ticket`,
    });
  }
  const classified = await post(g, '/function/classify-ticket', payload);
  if (classified.status !== 200) return classified;
  return post(g, '/function/update-ticket', classified.body);
}

/** How fetch-tickets hands work on: one gateway, its mode, and the two calls it makes. */
export interface Dispatcher {
  readonly mode: GatewaySettings['mode'];
  /** Hands one ticket on: async (202, the queue worker calls back) or sync (classify, then update). */
  dispatch(payload: unknown): Promise<DispatchAnswer>;
  /** Queues a call of `fn` on the gateway's async path: the queue worker delivers it later (202 now). */
  enqueue(fn: string, payload: unknown): Promise<DispatchAnswer>;
}

export function createDispatcher(g: GatewaySettings): Dispatcher {
  return {
    mode: g.mode,
    dispatch: (payload) => dispatch(g, payload),
    enqueue: (fn, payload) => post(g, `/async-function/${fn}`, payload),
  };
}
