/**
 * Issue 22, failure 4 (memory not bounded), with the runner as `npm start` starts it (signing on):
 * - six 1 MB hostile bodies at once per function, unsigned (refused on the raw bytes, before any
 *   parse) and then signed with the runner's own secret (they reach the parser, whose depth and
 *   key caps refuse them): every function's peak RSS (VmHWM) stays under its stack.yml limit;
 * - the runner's async queue answers 429 once full instead of buffering every call (200 calls of 4 MB once grew it to 924 MB);
 * - the sandbox, as its own process (`npm run sandbox`), takes a 5 MB admin array, 400k keys and a
 *   5 MB subject and stays under 300 MB.
 * Counts are printed as tried/held.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sign } from '../../shared/http/signature';
import { startRunner, type Runner } from '../../tools/runner/index';
import { QueueBounds } from '../../tools/runner/queue-bounds';
import { Router } from '../../tools/runner/router';
import { tally } from './helpers/tally';

const t = tally('memory under hostile bodies (tests/reliability/hostile-memory.test.ts)');
let runner: Runner;

beforeAll(async () => {
  const { SIGNING_SECRET: _s, SIGNING: _o, ...shell } = process.env;
  runner = await startRunner({
    port: 0,
    shell: { ...shell, SECRETS_DIR: '/nonexistent-secrets' },
    sandbox: { plan: 'unlimited' },
  });
}, 60_000);
afterAll(() => runner.close());

const MB = 1_000_000;
/** Six 1 MB bodies that each cost a parser dearly: deep arrays, many keys, many small objects. */
function hostile(): string[] {
  const deep = `${'['.repeat(MB / 2 - 1)}${']'.repeat(MB / 2 - 1)}`;
  const keys = `{${Array.from({ length: 80_000 }, (_, i) => `"k${i}":1`).join(',')}}`;
  const objects = `[${Array.from({ length: 330_000 }, () => '{}').join(',')}]`;
  const nested = `${'{"a":'.repeat(190_000)}1${'}'.repeat(190_000)}`;
  return [deep, keys, objects, nested, deep, keys];
}

const peakMiB = (pid: number): number =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

describe('six 1 MB hostile bodies at once per function', () => {
  it('every function stays under its stack.yml memory limit, unsigned and signed', async () => {
    const stack = parse(readFileSync('stack.yml', 'utf8')) as {
      functions: Record<string, { limits?: { memory?: string } }>;
    };
    const bodies = hostile();
    for (const p of runner.processes) {
      const secret = runner.envs.get(p.name)?.SIGNING_SECRET;
      expect(secret).toBeDefined();
      const send = (body: string, signed: boolean) =>
        fetch(`${runner.gatewayUrl}/function/${p.name}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(signed ? { 'x-hub-signature': sign(body, secret!) } : {}),
          },
          body,
        }).then(async (r) => {
          await r.arrayBuffer();
          return r.status;
        });
      const unsigned = await Promise.all(bodies.map((b) => send(b, false)));
      const signed = await Promise.all(bodies.map((b) => send(b, true)));
      for (const s of [...unsigned, ...signed]) t.check('hostile body refused with a 4xx', s >= 400 && s < 500);
      const limit = Number(/^(\d+)Mi$/.exec(stack.functions[p.name]?.limits?.memory ?? '')?.[1] ?? 256);
      const peak = peakMiB(p.child.pid!);
      console.log(
        `${p.name}: unsigned ${unsigned.join(',')}; signed ${signed.join(',')}; peak RSS ${peak.toFixed(0)} MiB (limit ${limit} MiB)`,
      );
      expect([...unsigned, ...signed].every((s) => s >= 400 && s < 500)).toBe(true);
      expect(t.check('peak RSS under the stack.yml limit', peak < limit), `${p.name}: ${peak} MiB`).toBe(true);
    }
  }, 60_000);
});

describe("the runner's async queue is bounded", () => {
  it('100 calls of 4 MB to a busy function: the queue takes what fits (32 MB) and answers 429 to the rest', async () => {
    // The router is the runner's own; the function behind it is a stand-in that takes a while to
    // answer (a busy function), so calls pile up in the queue as in the measured failure.
    const slow = createServer((req, res) => {
      req.resume();
      req.on('end', () => setTimeout(() => res.end('{}'), 1000));
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    const fn = {
      name: 'busy',
      image: '-',
      annotations: {},
      labels: {},
      environment: {},
      execTimeoutMs: 10_000,
      maxInflight: undefined,
    };
    const bounds = new QueueBounds(10_000, 32 * 1024 * 1024);
    const router = new Router({
      upstreams: new Map([['busy', { fn, port: (slow.address() as AddressInfo).port }]]),
      queueBounds: bounds,
    });
    await new Promise<void>((r) => router.server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(router.server.address() as AddressInfo).port}/async-function/busy`;
    try {
      const before = process.memoryUsage().rss;
      const body = Buffer.alloc(4 * 1024 * 1024 - 1024, 0x61);
      const statuses: number[] = [];
      for (let i = 0; i < 100; i += 1) {
        const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
        await r.arrayBuffer();
        statuses.push(r.status);
      }
      const grewMiB = (process.memoryUsage().rss - before) / 1024 / 1024;
      const queued = statuses.filter((s) => s === 202).length;
      const refused = statuses.filter((s) => s === 429).length;
      console.log(
        `100 async calls of 4 MB: ${queued} queued, ${refused} x 429; peak queued ${(bounds.peakBytes / 1024 / 1024).toFixed(1)} MiB; test process RSS grew ${grewMiB.toFixed(0)} MiB`,
      );
      expect(
        t.check('queue answers 429 past its byte bound', refused > 0 && queued + refused === 100),
        `${queued}/${refused}`,
      ).toBe(true);
      expect(
        t.check('queued bytes never above the bound', bounds.peakBytes <= 32 * 1024 * 1024),
        `${bounds.peakBytes}`,
      ).toBe(true);
      await router.drained();
    } finally {
      router.server.closeAllConnections();
      router.server.close();
      slow.close();
    }
  }, 60_000);
});

describe('the sandbox as its own process', () => {
  it('stays under 300 MB with a 5 MB admin array, 400k keys and a 5 MB subject', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tools/freshdesk-sandbox/cli.ts', '--port', '0', '--api-key', 'k'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /base URL:\s+(http:\/\/\S+)\/api\/v2/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', () => reject(new Error(`sandbox exited: ${out}`)));
      });
      const auth = {
        authorization: `Basic ${Buffer.from('k:X').toString('base64')}`,
        'content-type': 'application/json',
      };
      const admin = { 'content-type': 'application/json', 'x-sandbox-admin': '1' };
      const bigArray = JSON.stringify(
        Array.from({ length: 60_000 }, (_, i) => ({ subject: `s${i}`, description: 'x'.repeat(60) })),
      );
      const manyKeys = `{${Array.from({ length: 400_000 }, (_, i) => `"k${i}":1`).join(',')}}`;
      const bigSubject = JSON.stringify({
        subject: 'x'.repeat(5 * MB),
        description: 'd',
        email: 'a@example.com',
        status: 2,
        priority: 1,
      });
      const tries: [string, string, Record<string, string>, string][] = [
        ['admin 5 MB array', `${base}/_sandbox/tickets`, admin, bigArray],
        ['admin 400k keys', `${base}/_sandbox/tickets`, admin, manyKeys],
        ['API 400k keys', `${base}/api/v2/tickets`, auth, manyKeys],
        ['API 5 MB subject', `${base}/api/v2/tickets`, auth, bigSubject],
      ];
      for (const [what, url, headers, body] of tries) {
        const r = await fetch(url, { method: 'POST', headers, body });
        const size = (await r.arrayBuffer()).byteLength;
        console.log(`sandbox ${what} (${(body.length / MB).toFixed(1)} MB): ${r.status}, ${size} bytes`);
        expect(
          t.check('sandbox refuses with a small 4xx', r.status >= 400 && r.status < 500 && size < 16_384),
          `${what}: ${r.status}`,
        ).toBe(true);
      }
      const list = await fetch(`${base}/api/v2/tickets?per_page=100`, { headers: auth });
      const listBytes = (await list.arrayBuffer()).byteLength;
      const peak = peakMiB(child.pid!);
      console.log(`sandbox peak RSS ${peak.toFixed(0)} MiB; a 100-ticket list answers ${listBytes} bytes`);
      expect(t.check('sandbox peak RSS under 300 MB', peak < 300), `${peak} MiB`).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
