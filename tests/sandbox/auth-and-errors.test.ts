import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../tools/freshdesk-sandbox/index';
import { call, start, TEST_KEY } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await start({ maxBodyBytes: 4096 });
});
afterAll(() => sb.close());

describe('authentication (docs/freshdesk.md#base-url-and-authentication)', () => {
  it('accepts the key with any password', async () => {
    for (const password of ['X', 'unused_with_api_key', '']) {
      const auth = `Basic ${Buffer.from(`${TEST_KEY}:${password}`).toString('base64')}`;
      const res = await fetch(`${sb.baseUrl}/tickets/1`, { headers: { Authorization: auth } });
      expect(res.status).toBe(200);
      await res.text();
    }
  });

  it.each([
    ['a wrong key', { key: 'wrong' }],
    ['no header', { key: null }],
    ['a malformed header', { key: null, headers: { Authorization: 'Bearer abc' } }],
  ])('answers 401 invalid_credentials for %s', async (_name, opts) => {
    const res = await call(sb, 'GET', '/tickets/1', opts);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      code: 'invalid_credentials',
      message: 'You have to be logged in to perform this action.',
    });
    expect(res.headers.get('x-ratelimit-used-currentrequest')).toBe('1');
  });

  it('never echoes the key in a response or in the request log', async () => {
    const res = await call(sb, 'GET', '/tickets', { key: 'secret-wrong-key' });
    expect(res.text).not.toContain('secret-wrong-key');
    expect(JSON.stringify(sb.requestLog())).not.toContain(TEST_KEY);
    expect(JSON.stringify(sb.requestLog()).toLowerCase()).not.toContain('authorization');
  });

  it('answers 403 account_suspended while the account is suspended', async () => {
    sb.setSuspended(true);
    try {
      const res = await call(sb, 'GET', '/tickets');
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ code: 'account_suspended', message: 'Your account has been suspended.' });
    } finally {
      sb.setSuspended(false);
    }
  });
});

describe('bad input (docs/freshdesk.md#methods-and-request-headers, docs/freshdesk.md#error-answers, docs/freshdesk.md#other-behaviours)', () => {
  it('rejects malformed JSON with 400 invalid_json', async () => {
    const res = await call(sb, 'PUT', '/tickets/1', {
      rawBody: '{"priority": 3,',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'invalid_json', message: 'Request body has invalid json format' });
  });

  it('rejects a non-JSON content type with 415', async () => {
    const res = await call(sb, 'PUT', '/tickets/1', {
      rawBody: 'priority=3',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('invalid_content_type');
  });

  it('accepts a JSON content type on GET (clients send it)', async () => {
    const res = await call(sb, 'GET', '/tickets/1', { headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(200);
  });

  it('rejects an oversized body with 413 and changes nothing', async () => {
    const before = sb.store.ticket(1)?.subject;
    const res = await call(sb, 'PUT', '/tickets/1', { body: { subject: 'x'.repeat(5000) } });
    expect(res.status).toBe(413);
    expect(sb.store.ticket(1)?.subject).toBe(before);
  });

  it('answers datatype_mismatch for wrong JSON types', async () => {
    const res = await call(sb, 'PUT', '/tickets/1', { body: { priority: '3', tags: 'a,b' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        field: 'priority',
        message: 'Value set is of type String.It should be a/an Integer',
        code: 'datatype_mismatch',
      },
      { field: 'tags', message: 'Value set is of type String.It should be a/an Array', code: 'datatype_mismatch' },
    ]);
  });

  it('answers a body that is not an object with a validation error', async () => {
    const res = await call(sb, 'PUT', '/tickets/1', { body: [1, 2] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toBe('datatype_mismatch');
  });

  it('answers 404 with an empty body for unknown URLs and non-numeric ids', async () => {
    for (const path of ['/nope', '/tickets/abc', '/tickets/1/unknown']) {
      const res = await call(sb, 'GET', path);
      expect(res.status).toBe(404);
      expect(res.text).toBe('');
    }
  });

  it('answers 405 for a wrong method on a known path', async () => {
    const res = await call(sb, 'DELETE', '/tickets/1');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('PUT');
  });

  it('answers 406 when Accept excludes JSON', async () => {
    const res = await call(sb, 'GET', '/tickets/1', { headers: { Accept: 'text/html' } });
    expect(res.status).toBe(406);
  });

  it('treats one trailing slash like none', async () => {
    const res = await call(sb, 'GET', '/tickets/');
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
  });
});
