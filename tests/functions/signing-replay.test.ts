/**
 * Signing gaps closed: fetch-tickets takes the cron connector's empty POST unsigned but refuses an
 * unsigned options body; an empty or whitespace secret is a configuration error naming the
 * secret; with SIGNATURE_MAX_AGE_SECONDS a signature covers a timestamp and a replay outside the
 * window is refused.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, signingSettings } from '@shared/config';
import { requireSignature, sign, signatureHeaders, signTimestamped } from '@shared/http';
import { startSandbox, type Sandbox } from '../../tools/freshdesk-sandbox/index';
import { post, serveFunction, type Served } from './helpers/serve';

const SECRET = 'replay-secret-5521';
let sb: Sandbox;
let fetchFn: Served;
let classify: Served;

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 'demo', plan: 'unlimited' });
  Object.assign(process.env, {
    FRESHDESK_BASE_URL: sb.baseUrl,
    FRESHDESK_API_KEY: sb.apiKey,
    MODEL_DIR: 'models/ticket-triage',
    SIGNING_SECRET: SECRET,
    SIGNATURE_MAX_AGE_SECONDS: '60',
    SECRETS_DIR: '/nonexistent',
    gateway_url: 'http://127.0.0.1:9',
  });
  [fetchFn, classify] = await Promise.all([serveFunction('fetch-tickets'), serveFunction('classify-ticket')]);
});
afterAll(async () => {
  await Promise.all([fetchFn.close(), classify.close()]);
  await sb.close();
});

describe('fetch-tickets signing', () => {
  it("accepts the cron connector's empty POST unsigned", async () => {
    const r = await post(fetchFn.url, '', undefined, { 'x-connector': 'cron-connector' });
    expect(r.status).toBe(200);
  });
  it('refuses an unsigned options body (an old "since" would widen what is written)', async () => {
    const before = sb.requestLog().length;
    const r = await post(fetchFn.url, '{"since":"2000-01-01"}', 'application/json');
    expect(r.status).toBe(401);
    expect(sb.requestLog().length).toBe(before); // not one call to Freshdesk
  });
  it('accepts a signed, timestamped options body', async () => {
    const body = '{"since":"2000-01-01","dryRun":true,"limit":1}';
    const r = await post(
      fetchFn.url,
      body,
      'application/json',
      signatureHeaders(body, { secret: SECRET, header: 'x-hub-signature', maxAgeSeconds: 60 }),
    );
    expect(r.status, r.text).toBe(200);
  });
});

describe('replay protection', () => {
  const text = 'Printer jammed\nPaper jam on floor 3.';
  it('a fresh timestamped signature passes; classify signs its answer with a timestamp', async () => {
    const r = await post(
      classify.url,
      text,
      'text/plain',
      signatureHeaders(text, { secret: SECRET, header: 'x-hub-signature', maxAgeSeconds: 60 }),
    );
    expect(r.status).toBe(200);
    const ts = r.headers.get('x-signature-timestamp')!;
    expect(r.headers.get('x-hub-signature')).toBe(signTimestamped(r.text, SECRET, ts));
  });
  it('refuses a replay outside the window, a plain faas-cli signature and a tampered timestamp', async () => {
    const old = String(Math.floor(Date.now() / 1000) - 3600);
    const replay = await post(classify.url, text, 'text/plain', {
      'x-hub-signature': signTimestamped(text, SECRET, old),
      'x-signature-timestamp': old,
    });
    const plain = await post(classify.url, text, 'text/plain', { 'x-hub-signature': sign(text, SECRET) });
    const now = String(Math.floor(Date.now() / 1000));
    const tampered = await post(classify.url, text, 'text/plain', {
      'x-hub-signature': signTimestamped(text, SECRET, old),
      'x-signature-timestamp': now,
    });
    expect([replay.status, plain.status, tampered.status]).toEqual([401, 401, 401]);
    expect(replay.json.error).toMatch(/window/);
  });
  it('checks the window with the given clock', () => {
    const event = (ts: string) => ({
      body: '',
      method: 'POST',
      rawBody: Buffer.from('x'),
      headers: { 'x-hub-signature': signTimestamped('x', SECRET, ts), 'x-signature-timestamp': ts },
    });
    const s = { secret: SECRET, header: 'x-hub-signature', maxAgeSeconds: 30 };
    expect(() => requireSignature(event('1000'), s, 1_020_000)).not.toThrow();
    expect(() => requireSignature(event('1000'), s, 1_031_000)).toThrow(/window/);
  });
});

describe('the signing secret', () => {
  it('an empty or whitespace-only secret file is a configuration error naming the secret', () => {
    for (const content of ['', '  \n\t ']) {
      const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
      writeFileSync(join(dir, 'triage-signing-secret'), content);
      expect(() => signingSettings({ SECRETS_DIR: dir })).toThrow(ConfigError);
      expect(() => signingSettings({ SECRETS_DIR: dir })).toThrow(/triage-signing-secret/);
    }
    expect(() => signingSettings({ SECRETS_DIR: '/nonexistent', SIGNING_SECRET: '   ' })).toThrow(/SIGNING_SECRET/);
    expect(signingSettings({ SECRETS_DIR: '/nonexistent' }).secret).toBeUndefined();
  });
});
