/** What `npm start -- --webhooks` prints for tickets triaged through the webhook, outside the cron table. */
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../tools/runner/router';
import { WebhookEcho } from '../../tools/runner/webhook-echo';

const ex = (name: string, status: number, body: unknown): Exchange => ({
  name,
  async: false,
  status,
  requestBody: Buffer.alloc(0),
  responseBody: Buffer.from(JSON.stringify(body)),
});

describe('WebhookEcho', () => {
  it('says when a webhook queues tickets and how each was triaged, and nothing for cron-triggered tickets', () => {
    const lines: string[] = [];
    const echo = new WebhookEcho((l) => lines.push(l));
    echo.see(ex('fetch-tickets', 202, { trigger: 'webhook', accepted: [7], queued: true }));
    echo.see(ex('update-ticket', 200, { ticketId: 9, outcome: 'applied', heads: {} }));
    echo.see(
      ex('update-ticket', 200, {
        ticketId: 7,
        outcome: 'applied',
        heads: {
          queue: { label: 'Billing and Payments', confidence: 0.934, action: 'applied' },
          priority: { label: 'high', confidence: 0.51, action: 'suggested' },
        },
      }),
    );
    echo.see(ex('update-ticket', 200, { ticketId: 7, outcome: 'skipped', heads: {} }));
    expect(lines).toEqual([
      'webhook: ticket 7 queued for triage',
      'webhook: ticket 7 applied: queue Billing and Payments 93% applied, priority high 51% suggested',
    ]);
  });

  it('reports a failed update with its status', () => {
    const lines: string[] = [];
    const echo = new WebhookEcho((l) => lines.push(l));
    echo.see(ex('fetch-tickets', 202, { trigger: 'webhook', accepted: [3], queued: true }));
    echo.see(ex('update-ticket', 502, { ticketId: 3, error: 'ticket system: Freshdesk answered 503' }));
    expect(lines.at(-1)).toBe('webhook: ticket 3 failed (502)');
  });
});
