/**
 * Closed doors and small answers: no answer larger than 16 KB to any bad input under 1 MB, from
 * any function, the sandbox (API and admin) or the runner's gateway; four 1 MB bad requests at
 * once keep every function under its stack.yml memory limit (peak RSS, VmHWM); the runner buffers
 * no body past its limit and calls back only to allowed URLs; the sandbox never answers 500 to
 * client input and refuses admin writes a cross-origin page could send.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackAllowed } from '../../tools/runner/guards';
import { startRunner, type Runner } from '../../tools/runner/index';
import { parse } from 'yaml';
import { seededBytes } from './helpers/bad-inputs';
import { tally } from './helpers/tally';

const LIMIT = 16 * 1024;
let runner: Runner;
const t = tally('bounded answers and closed doors (tests/reliability/bounded.test.ts)');

beforeAll(async () => {
  runner = await startRunner({ port: 0, sandbox: { plan: 'unlimited' } });
}, 60_000);
afterAll(() => runner.close());

/** Bad inputs just under 1 MB (the functions' MAX_JSON_SIZE), each one a known way to a big answer. */
function bigBadInputs(): { name: string; type: string; body: Buffer | string }[] {
  const keys = Object.fromEntries(Array.from({ length: 70_000 }, (_, i) => [`k${i}`, 1]));
  const deepArr = `${'['.repeat(400_000)}${']'.repeat(400_000)}`;
  return [
    { name: '1 MB random bytes (octet-stream)', type: 'application/octet-stream', body: seededBytes(1_000_000, 3) },
    { name: '1 MB non-JSON text', type: 'text/plain', body: `{${'x'.repeat(999_000)}` },
    { name: '70,000 unknown keys', type: 'application/json', body: JSON.stringify(keys) },
    { name: '70,000 unknown keys as text/plain', type: 'text/plain', body: JSON.stringify(keys) },
    {
      name: 'array of 100,000 numbers',
      type: 'application/json',
      body: JSON.stringify(Array.from({ length: 100_000 }, (_, i) => i)),
    },
    { name: '400,000-deep arrays', type: 'application/json', body: deepArr },
    {
      name: '__proto__ and constructor keys',
      type: 'application/json',
      body: '{"__proto__":{"x":1},"constructor":{"prototype":{"y":2}},"toString":3}',
    },
    { name: 'malformed JSON, 1 MB', type: 'application/json', body: `{"a":"${'y'.repeat(999_000)}` },
  ];
}

async function send(
  url: string,
  method: string,
  type: string,
  body: Buffer | string,
  headers: Record<string, string> = {},
) {
  const res = await fetch(url, { method, headers: { 'content-type': type, ...headers }, body });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, size: buf.length, text: buf.subarray(0, 300).toString('utf8') };
}

describe('no answer larger than 16 KB to a bad input under 1 MB', () => {
  it.each(['fetch-tickets', 'classify-ticket', 'update-ticket'])(
    '%s',
    async (fn) => {
      for (const input of bigBadInputs()) {
        const r = await send(`${runner.gatewayUrl}/function/${fn}`, 'POST', input.type, input.body);
        const held = t.check('function answer <= 16 KB and not 5xx', r.size <= LIMIT && r.status < 500);
        expect(held, `${fn} / ${input.name}: ${r.status}, ${r.size} bytes: ${r.text}`).toBe(true);
      }
    },
    120_000,
  );

  it('the sandbox (API and admin): small answers, never a 500', async () => {
    const sb = runner.sandbox!;
    const auth = { authorization: `Basic ${Buffer.from(`${sb.apiKey}:X`).toString('base64')}`, 'x-sandbox-admin': '1' };
    const targets: [string, string][] = [
      ['PUT', `${sb.baseUrl}/tickets/1`],
      ['POST', `${sb.baseUrl}/tickets/1/notes`],
      ['POST', `${sb.baseUrl}/tickets`],
      ['POST', `${sb.adminUrl}/tickets`],
      ['POST', `${sb.adminUrl}/tickets/1/agent`],
      ['PUT', `${sb.adminUrl}/faults`],
      ['PUT', `${sb.adminUrl}/account`],
    ];
    for (const [method, url] of targets) {
      for (const input of bigBadInputs()) {
        const r = await send(url, method, input.type, input.body, auth);
        const held = t.check('sandbox answer <= 16 KB and not 5xx', r.size <= LIMIT && r.status < 500);
        expect(held, `${method} ${url} / ${input.name}: ${r.status}, ${r.size} bytes: ${r.text}`).toBe(true);
      }
    }
    // The log of all that stays readable (a deep body once broke it until cleared).
    const log = await fetch(`${sb.adminUrl}/requests`);
    expect(t.check('sandbox request log readable after deep bodies', log.status === 200)).toBe(true);
  }, 120_000);
});

describe('memory under four 1 MB bad requests at once', () => {
  it('every function stays under its stack.yml memory limit (peak RSS)', async () => {
    const stack = parse(readFileSync('stack.yml', 'utf8')) as {
      functions: Record<string, { limits?: { memory?: string } }>;
    };
    const limits = new Map(Object.entries(stack.functions).map(([name, f]) => [name, f.limits?.memory]));
    const inputs = bigBadInputs().slice(0, 4);
    for (const p of runner.processes) {
      await Promise.all(inputs.map((i) => send(`${runner.gatewayUrl}/function/${p.name}`, 'POST', i.type, i.body)));
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.child.pid}/status`, 'utf8'))?.[1];
      const peakMiB = Number(hwm) / 1024;
      const limitMiB = Number(/^(\d+)Mi$/.exec(String(limits.get(p.name) ?? ''))?.[1] ?? 256);
      console.log(`${p.name}: peak RSS ${peakMiB.toFixed(0)} MiB (limit ${limitMiB} MiB)`);
      expect(t.check('peak RSS under the stack.yml limit', peakMiB < limitMiB), `${p.name} ${peakMiB} MiB`).toBe(true);
    }
  }, 120_000);
});

describe('the runner', () => {
  it('answers 413 to a body over its limit without buffering it', async () => {
    const r = await send(
      `${runner.gatewayUrl}/function/classify-ticket`,
      'POST',
      'text/plain',
      Buffer.alloc(5 * 1024 * 1024, 0x61),
    );
    expect(t.check('runner 413 above its body limit', r.status === 413 && r.size < LIMIT), `${r.status}`).toBe(true);
  });

  it('calls back only to loopback or allowed URLs', async () => {
    let hits = 0;
    const cb = createServer((_req, res) => {
      hits += 1;
      res.end();
    });
    await new Promise<void>((r) => cb.listen(0, '127.0.0.1', r));
    const port = (cb.address() as AddressInfo).port;
    try {
      const allowed = await fetch(`${runner.gatewayUrl}/async-function/classify-ticket`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'x-callback-url': `http://127.0.0.1:${port}/cb` },
        body: 'printer broken',
      });
      const refused = await fetch(`${runner.gatewayUrl}/async-function/classify-ticket`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'x-callback-url': 'http://203.0.113.9:9/steal' },
        body: 'printer broken',
      });
      expect([allowed.status, refused.status]).toEqual([202, 202]);
      await runner.drain();
      expect(t.check('loopback callback delivered', hits === 1)).toBe(true);
      const verdicts = [
        callbackAllowed('http://203.0.113.9:9/steal', []),
        callbackAllowed('file:///etc/passwd', []),
        callbackAllowed('http://user:pw@127.0.0.1/', []),
        callbackAllowed('http://gateway.openfaas:8080/function/update-ticket', ['gateway.openfaas']),
      ];
      expect(
        t.check('callback allow-list verdicts', JSON.stringify(verdicts) === '[false,false,false,true]'),
        JSON.stringify(verdicts),
      ).toBe(true);
    } finally {
      cb.close();
    }
  }, 60_000);
});

describe('sandbox admin doors', () => {
  it('refuses admin writes without X-Sandbox-Admin or with a non-JSON body (what a cross-origin page can send)', async () => {
    const sb = runner.sandbox!;
    const before = sb.store.tickets().length;
    const plain = await fetch(`${sb.adminUrl}/reset`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"seed":"empty"}',
    });
    const noHeader = await fetch(`${sb.adminUrl}/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"seed":"empty"}',
    });
    const textWithHeader = await fetch(`${sb.adminUrl}/reset`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-sandbox-admin': '1' },
      body: '{"seed":"empty"}',
    });
    expect([plain.status, noHeader.status, textWithHeader.status]).toEqual([403, 403, 415]);
    expect(t.check('cross-origin style admin writes refused', sb.store.tickets().length === before)).toBe(true);
  });
});
