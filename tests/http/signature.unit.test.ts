/**
 * The signature formats faas-cli sends: 0.17 `sha256=<hex>`, 0.16 `sha1=<hex>` (HMAC of the body
 * with the --key secret). The expected values are computed here with node:crypto directly, not
 * with the module under test; the real faas-cli binaries are driven in tests/runner/faas-cli.test.ts.
 */
import { createHmac } from 'node:crypto';
import { sign, signatureHeaders, signTimestamped, verify } from '@shared/http';
import { describe, expect, it } from 'vitest';

const SECRET = 'a-signing-secret';
const body = Buffer.from('{"ticket":42}');
const hex = (alg: string, data: string) => createHmac(alg, SECRET).update(data).digest('hex');

describe('signatures', () => {
  it('accepts sha256= (faas-cli 0.17) and sha1= (faas-cli 0.16) over the body', () => {
    expect(verify(body, `sha256=${hex('sha256', body.toString())}`, SECRET)).toBe(true);
    expect(verify(body, `sha1=${hex('sha1', body.toString())}`, SECRET)).toBe(true);
    expect(verify(body, `SHA256=${hex('sha256', body.toString())}`, SECRET)).toBe(true);
  });

  it('refuses a wrong key, a wrong body, an unknown algorithm, an algorithm paired with the other digest', () => {
    expect(verify(body, sign(body, 'other'), SECRET)).toBe(false);
    expect(verify(Buffer.from('{"ticket":43}'), sign(body, SECRET), SECRET)).toBe(false);
    expect(verify(body, `md5=${createHmac('md5', SECRET).update(body).digest('hex')}`, SECRET)).toBe(false);
    expect(verify(body, `sha1=${hex('sha256', body.toString())}`, SECRET)).toBe(false);
    expect(verify(body, hex('sha256', body.toString()), SECRET)).toBe(false);
    expect(verify(body, undefined, SECRET)).toBe(false);
    expect(verify(body, '', SECRET)).toBe(false);
  });

  it('signs our own calls with sha256, the timestamped variant over `<ts>.<body>`', () => {
    expect(sign(body, SECRET)).toBe(`sha256=${hex('sha256', body.toString())}`);
    expect(signTimestamped(body, SECRET, '1700000000')).toBe(`sha256=${hex('sha256', `1700000000.${body}`)}`);
    const h = signatureHeaders(
      body.toString(),
      { secret: SECRET, header: 'x-hub-signature', maxAgeSeconds: 60 },
      1_700_000_000_500,
    );
    expect(h).toEqual({
      'x-hub-signature': `sha256=${hex('sha256', `1700000000.${body}`)}`,
      'x-signature-timestamp': '1700000000',
    });
    expect(verify(body, h['x-hub-signature'], SECRET, '1700000000')).toBe(true);
    expect(verify(body, `sha1=${hex('sha1', `1700000000.${body}`)}`, SECRET, '1700000000')).toBe(true);
    expect(verify(body, h['x-hub-signature'], SECRET, '1700000001')).toBe(false);
  });
});
