/**
 * The webhook trigger's pure parts: which bodies are webhooks (both Freshdesk shapes, string ids,
 * several ids), what a bad one is told, and the token check (custom header, Bearer, Basic).
 */
import { describe, expect, it } from 'vitest';
import { authenticateWebhook, webhookTrigger } from '../../functions/fetch-tickets/webhook';

const auth = { token: 's3cret-token', header: 'x-triage-token' };
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
const status = (fn: () => void): number | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as { status?: number }).status;
  }
};

describe('webhookTrigger', () => {
  it.each([
    ['simple, number id', { freshdesk_webhook: { ticket_id: 42, ticket_subject: 'VPN' } }, [42]],
    ['simple, string id', { freshdesk_webhook: { ticket_id: '42' } }, [42]],
    ['template, string id', { ticket_id: '42' }, [42]],
    ['template, number id', { ticket_id: 42 }, [42]],
    ['template, padded string', { ticket_id: ' 42 ' }, [42]],
    ['several, array', { ticket_ids: [1, '2', 2] }, [1, 2]],
    ['several, comma string', { ticket_id: '7, 8,9' }, [7, 8, 9]],
  ])('%s', (_, body, ids) => {
    expect(webhookTrigger(body)?.ticketIds).toEqual(ids);
  });

  it('leaves cron and manual bodies alone', () => {
    for (const body of [{}, { since: '2026-11-01' }, { ticketIds: [1] }, '', [1, 2], null])
      expect(webhookTrigger(body)).toBeUndefined();
  });

  it('carries a dry run from a custom template', () => {
    expect(webhookTrigger({ ticket_id: 5, dryRun: true })).toEqual({ ticketIds: [5], dryRun: true });
  });

  it.each([
    [{ ticket_id: 'abc' }, /ticket_id/],
    [{ ticket_id: '{{ticket.id}}' }, /ticket_id/],
    [{ ticket_id: -3 }, /ticket_id/],
    [{ ticket_ids: [] }, /ticket_ids/],
    [{ freshdesk_webhook: { ticket_subject: 'no id' } }, /ticket_id/],
  ])('a webhook-shaped body with a bad id is a 400 that names it: %j', (body, pattern) => {
    let caught: { status?: number; message?: string } | undefined;
    try {
      webhookTrigger(body);
    } catch (err) {
      caught = err as { status?: number; message?: string };
    }
    expect(caught?.status).toBe(400);
    expect(caught?.message).toMatch(pattern);
  });
});

describe('authenticateWebhook', () => {
  it('accepts the token in the custom header, as Bearer, and in Basic auth (either half)', () => {
    expect(status(() => authenticateWebhook({ 'x-triage-token': 's3cret-token' }, auth))).toBeUndefined();
    expect(status(() => authenticateWebhook({ authorization: 'Bearer s3cret-token' }, auth))).toBeUndefined();
    expect(
      status(() => authenticateWebhook({ authorization: basic('freshdesk', 's3cret-token') }, auth)),
    ).toBeUndefined();
    expect(status(() => authenticateWebhook({ authorization: basic('s3cret-token', 'X') }, auth))).toBeUndefined();
  });

  it('refuses a missing token with 401 and a wrong one with 403, never echoing it', () => {
    expect(status(() => authenticateWebhook({}, auth))).toBe(401);
    expect(status(() => authenticateWebhook({ 'x-triage-token': 's3cret-tokem' }, auth))).toBe(403);
    expect(status(() => authenticateWebhook({ authorization: basic('user', 'nope') }, auth))).toBe(403);
    try {
      authenticateWebhook({ 'x-triage-token': 'guess-123' }, auth);
    } catch (err) {
      expect((err as Error).message).not.toContain('guess-123');
      expect((err as Error).message).not.toContain('s3cret');
    }
  });

  it('refuses every webhook while no token is set up, and says how to set one up', () => {
    let message = '';
    try {
      authenticateWebhook({ 'x-triage-token': 'anything' }, { token: undefined, header: 'x-triage-token' });
    } catch (err) {
      message = (err as Error).message;
      expect((err as { status?: number }).status).toBe(403);
    }
    expect(message).toMatch(/triage-webhook-token/);
  });
});
