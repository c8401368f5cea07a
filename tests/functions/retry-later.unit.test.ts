/** update-ticket's retry of a result it could not take: which answers are retried, attempt counting, the setting. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/update-ticket/config';
import { attemptOf, retryable } from '../../functions/update-ticket/retry-later';

const base = { FRESHDESK_DOMAIN: 'acme', FRESHDESK_API_KEY: 'k' };

describe('update-ticket retry-later', () => {
  it('retries "could not take it now" (429, 5xx), never a bad request or a refusal', () => {
    for (const s of [429, 500, 502, 503, 504]) expect(retryable(s), String(s)).toBe(true);
    for (const s of [400, 401, 404, 413, 415, 422]) expect(retryable(s), String(s)).toBe(false);
  });

  it('counts attempts from X-Triage-Attempt; the queue worker’s own callback is attempt 1', () => {
    expect(attemptOf({})).toBe(1);
    expect(attemptOf({ 'x-triage-attempt': '2' })).toBe(2);
    expect(attemptOf({ 'x-triage-attempt': 'x' })).toBe(1);
    expect(attemptOf({ 'x-triage-attempt': '1000' })).toBe(1);
  });

  it('reads UPDATE_RETRY_DELAYS_SECONDS (default 30,120; empty turns it off) and names a bad value', () => {
    expect(loadConfig(base).retry).toEqual({ gatewayUrl: 'http://gateway.openfaas:8080', delaysMs: [30_000, 120_000] });
    expect(loadConfig({ ...base, UPDATE_RETRY_DELAYS_SECONDS: '' }).retry.delaysMs).toEqual([]);
    expect(loadConfig({ ...base, UPDATE_RETRY_DELAYS_SECONDS: '5, 10' }).retry.delaysMs).toEqual([5000, 10_000]);
    expect(() => loadConfig({ ...base, UPDATE_RETRY_DELAYS_SECONDS: 'soon' })).toThrow(/UPDATE_RETRY_DELAYS_SECONDS/);
  });
});
