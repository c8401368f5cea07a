/** HMAC signatures (compatible with faas-cli invoke --sign/--key) and configuration errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '@shared/http';
import { startSandbox, type Sandbox } from '../../tools/freshdesk-sandbox/index';
import { post, serveFunction, type Served } from './helpers/serve';

const SECRET = 'signing-secret-31337';
let sb: Sandbox;
let classify: Served;
let update: Served;
let fetchFn: Served;

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 'demo' });
  Object.assign(process.env, {
    FRESHDESK_BASE_URL: sb.baseUrl,
    MODEL_DIR: 'models/ticket-triage',
    SIGNING_SECRET: SECRET,
    SECRETS_DIR: '/nonexistent',
  });
  // fetch- and update-ticket start without an API key: their first call must say what is missing.
  delete process.env.FRESHDESK_API_KEY;
  [classify, update, fetchFn] = await Promise.all([
    serveFunction('classify-ticket'),
    serveFunction('update-ticket'),
    serveFunction('fetch-tickets'),
  ]);
});
afterAll(async () => {
  await Promise.all([classify.close(), update.close(), fetchFn.close()]);
  await sb.close();
});

describe('signatures', () => {
  const body = 'Printer on floor 3 is jammed\nPaper jam error since this morning.';
  it('refuses unsigned and wrongly signed requests with 401', async () => {
    const none = await post(classify.url, body, 'text/plain');
    expect(none.status).toBe(401);
    expect(none.json.error).toMatch(/x-hub-signature/);
    const wrong = await post(classify.url, body, 'text/plain', { 'x-hub-signature': sign(body, 'other') });
    expect(wrong.status).toBe(401);
  });
  it('accepts the faas-cli signatures (0.17: sha256=, 0.16: sha1= HMAC of the body) and signs its own answer with sha256', async () => {
    for (const algorithm of ['sha256', 'sha1'] as const) {
      const r = await post(classify.url, body, 'text/plain', { 'x-hub-signature': sign(body, SECRET, algorithm) });
      expect(r.status).toBe(200);
      expect(r.headers.get('x-hub-signature')).toBe(sign(r.text, SECRET, 'sha256'));
      expect(r.text).not.toContain(SECRET);
    }
  });
});

describe('failed classifications from the async callback', () => {
  it('are recorded although unsigned (classify-ticket signs only 2xx answers), trusting and writing nothing', async () => {
    const r = await post(update.url, 'Error: printer jammed on floor 3', 'text/plain', {
      'x-function-status': '500',
      'x-call-id': 'c-9',
      'x-function-name': 'classify-ticket',
    });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      outcome: 'failed',
      reason: 'classify-ticket answered 500; nothing was written',
      callId: 'c-9',
      signatureVerified: false,
    });
    expect(r.text).not.toMatch(/printer/);
    const signed = await post(update.url, '{"error":"x"}', 'application/json', {
      'x-function-status': '503',
      'x-hub-signature': sign('{"error":"x"}', SECRET),
    });
    expect(signed.json).toMatchObject({ outcome: 'failed', signatureVerified: true });
  });
});

describe('configuration errors', () => {
  it('names the missing setting, not a secret, and keeps the process up', async () => {
    const r = await post(fetchFn.url, '', undefined);
    expect(r.status).toBe(500);
    expect(r.json.error).toMatch(/FRESHDESK_API_KEY/);
    const again = await post(update.url, '{}', 'application/json', { 'x-hub-signature': sign('{}', SECRET) });
    expect(again.status).toBe(500);
    expect(again.json.error).toMatch(/freshdesk-api-key/);
  });
});
