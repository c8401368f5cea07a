/**
 * The hand-over fetch-tickets -> classify-ticket, sealed: the real queue worker logs each async
 * message and NATS Streaming keeps it on disk, so the ticket text must not travel in clear.
 * AES-256-GCM with a key derived from the signing secret (HKDF-SHA256, its own salt and info, so
 * the key is never the HMAC key itself), a random 96-bit IV per message, and the ticket id as
 * associated data: a sealed text moved onto another ticket's envelope does not open.
 * The envelope keeps only the ticket id in clear (the queue needs nothing else, and logs can
 * name the ticket).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';

const SEAL_VERSION = 'aes-256-gcm/v1';

const SealedHandOver = z.strictObject({
  sealed: z.literal(SEAL_VERSION),
  ticketId: z.number().int().positive(),
  /** base64url: 12-byte IV */
  iv: z.string().regex(/^[A-Za-z0-9_-]{16}$/),
  /** base64url: ciphertext followed by the 16-byte tag */
  data: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .max(200_000),
});
type SealedHandOver = z.infer<typeof SealedHandOver>;

export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

function keyOf(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'freshdesk-triage', 'hand-over seal v1', 32));
}

const aad = (ticketId: number) => Buffer.from(`ticket:${ticketId}`);

/** Seals a hand-over object (it must carry its `ticketId`). */
export function sealHandOver(handOver: { ticketId: number }, secret: string): SealedHandOver {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  cipher.setAAD(aad(handOver.ticketId));
  const data = Buffer.concat([cipher.update(JSON.stringify(handOver), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    sealed: SEAL_VERSION,
    ticketId: handOver.ticketId,
    iv: iv.toString('base64url'),
    data: data.toString('base64url'),
  };
}

/** Whether a parsed body is a sealed envelope (any version), so plain bodies pass through. */
export function isSealed(body: unknown): body is { sealed: unknown } {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'sealed' in body;
}

/** Opens a sealed hand-over; a SealError names what is wrong, never the secret or the text. */
export function unsealHandOver(body: unknown, secret: string | undefined): unknown {
  const env = SealedHandOver.safeParse(body);
  if (!env.success) throw new SealError(`not a ${SEAL_VERSION} sealed hand-over`);
  if (!secret)
    throw new SealError('a sealed hand-over needs the signing secret to open: classify-ticket has none configured');
  const { ticketId, iv, data } = env.data;
  const bytes = Buffer.from(data, 'base64url');
  if (bytes.length < 17) throw new SealError(`the sealed hand-over of ticket ${ticketId} is truncated`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), Buffer.from(iv, 'base64url'));
    decipher.setAAD(aad(ticketId));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const plain = Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]);
    const value = JSON.parse(plain.toString('utf8')) as unknown;
    if (typeof value !== 'object' || value === null || (value as { ticketId?: unknown }).ticketId !== ticketId)
      throw new Error('id mismatch');
    return value;
  } catch {
    throw new SealError(
      `the sealed hand-over of ticket ${ticketId} does not open: sealed with another signing secret, or altered`,
    );
  }
}
