/** The contract between the functions: one definition each, read by both sides. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MARKER_TAG,
  DEFAULT_SECRETS_DIR,
  HandOver,
  MarkerTag,
  SECRETS,
  SignatureHeader,
  signatureHeaderOf,
  signedHeaderNames,
  TEXT_CAP,
  TIMESTAMP_HEADER,
} from '@shared/contract';
import { signingSettings } from '@shared/config';
import type { TicketSnapshot } from '@shared/ticket-system';
import { parseClassifyInput } from '@shared/triage/classify-input';
import { handOver } from '@shared/triage-services';
import { FetchEnv } from '../functions/fetch-tickets/config';
import { UpdateEnv } from '../functions/update-ticket/config';

const snapshot: TicketSnapshot = {
  id: 42,
  subject: 'Printer on fire',
  description: 'x'.repeat(TEXT_CAP + 50),
  status: 2,
  priority: 1,
  type: null,
  groupId: null,
  tags: ['vip'],
  customFields: {},
  updatedAt: '2026-11-30T10:00:00Z',
  spam: false,
  deleted: false,
};

describe('marker tag', () => {
  it('both functions default to the same tag and refuse the same bad one', () => {
    expect(FetchEnv.parse({}).MARKER_TAG).toBe(DEFAULT_MARKER_TAG);
    expect(UpdateEnv.parse({}).MARKER_TAG).toBe(DEFAULT_MARKER_TAG);
    const tooLong = { MARKER_TAG: 'a'.repeat(21) };
    expect(FetchEnv.safeParse(tooLong).success).toBe(false);
    expect(UpdateEnv.safeParse(tooLong).success).toBe(false);
    expect(MarkerTag.safeParse('has space').success).toBe(false);
  });
});

describe('signature header', () => {
  it('is lower-cased, defaults to x-hub-signature, and the queue worker passes it on with the timestamp', () => {
    expect(SignatureHeader.parse('X-Triage-Sig')).toBe('x-triage-sig');
    expect(signatureHeaderOf({})).toBe('x-hub-signature');
    expect(signedHeaderNames({ SIGNATURE_HEADER: 'X-Triage-Sig' })).toEqual(['x-triage-sig', TIMESTAMP_HEADER]);
    expect(signingSettings({ SECRETS_DIR: '/nonexistent', SIGNATURE_HEADER: 'X-Triage-Sig' }).header).toBe(
      'x-triage-sig',
    );
  });
});

describe('secrets', () => {
  it('names each secret once, with its local variable', () => {
    expect(SECRETS.signing).toEqual({ name: 'triage-signing-secret', envVar: 'SIGNING_SECRET' });
    expect(FetchEnv.parse({}).SECRETS_DIR).toBe(DEFAULT_SECRETS_DIR);
    expect(signingSettings({ SECRETS_DIR: '/nonexistent', [SECRETS.signing.envVar]: 's3cret' }).secret).toBe('s3cret');
  });
});

describe('fetch -> classify payload', () => {
  it("fetch-tickets' hand-over fits HandOver, capped, and classify-ticket takes it", () => {
    const h = HandOver.parse(handOver(snapshot, true));
    expect(h.description_text).toHaveLength(TEXT_CAP);
    expect(h.dryRun).toBe(true);
    expect('dryRun' in handOver(snapshot, false)).toBe(false);
    const { items } = parseClassifyInput(h);
    expect(items[0]).toMatchObject({
      ticketId: 42,
      subject: 'Printer on fire',
      ticket: { id: 42, tags: ['vip'] },
      dryRun: true,
    });
  });
});
