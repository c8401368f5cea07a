/**
 * The real faas-cli, 0.17.4 and 0.16.11 (tests/helpers/openfaas-tools.ts), against `npm start`: list,
 * describe, version -g, and invoke: unsigned (refused: signing is on), signed (0.17 sends
 * `sha256=`, 0.16 `sha1=`), and `--async --sign` whose answer reaches a callback receiver with
 * X-Function-Status 200. The key is the runner's signing secret (SIGNING_SECRET).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npmStart, type StartedRunner } from '../helpers/npm-start';
import { openfaasTools } from '../helpers/openfaas-tools';

const tools = openfaasTools();
const SECRET = randomBytes(24).toString('base64url');
const TICKET = 'VPN disconnects every ten minutes\nSince the update my VPN drops all the time.\n';
// faas-cli reads ./stack.yml and writes ~/.openfaas: give it an empty folder for both.
const home = mkdtempSync(join(tmpdir(), 'faas-cli-home-'));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function faasCli(bin: string, args: string[], stdin = ''): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      bin,
      args,
      { cwd: home, env: { ...process.env, HOME: home }, timeout: 30_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin);
  });
}

describe.runIf(tools)('real faas-cli against npm start', () => {
  let runner: StartedRunner;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.end();
    });
  });
  let callback = '';

  beforeAll(async () => {
    runner = await npmStart([], { SIGNING_SECRET: SECRET });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    callback = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/done`;
  }, 90_000);
  afterAll(async () => {
    receiver.close();
    expect(await runner?.stop()).toBe(130);
  });

  const versions = tools
    ? ([
        ['0.17.4', tools.faasCli],
        ['0.16.11', tools.faasCli016],
      ] as const)
    : [];

  for (const [version, bin] of versions) {
    it(`${version}: list, describe and version -g`, async () => {
      const list = await faasCli(bin, ['list', '-g', runner.gateway]);
      expect(list.code, list.stderr).toBe(0);
      for (const fn of ['fetch-tickets', 'classify-ticket', 'update-ticket']) expect(list.stdout).toContain(fn);
      const d = await faasCli(bin, ['describe', 'classify-ticket', '-g', runner.gateway]);
      expect(d.code, d.stderr).toBe(0);
      expect(d.stdout).toMatch(/Name:\s+classify-ticket/);
      expect(d.stdout).toMatch(/Status:\s+Ready/);
      // --warn-update=false: the plain form also asks github.com for the latest release.
      const v = await faasCli(bin, ['version', '-g', runner.gateway, '--warn-update=false']);
      expect(v.code, v.stderr).toBe(0);
      expect(v.stdout).toMatch(/Provider\s+name:\s+freshdesk-triage local runner/);
    });

    it(`${version}: invoke is refused unsigned, answers signed (sync)`, async () => {
      const plain = await faasCli(bin, ['invoke', 'classify-ticket', '-g', runner.gateway], TICKET);
      expect(plain.code).not.toBe(0);
      // 0.17 prints the status and our error; 0.16 turns any 401 into its own "Unauthorized access".
      expect(`${plain.stdout}${plain.stderr}`).toMatch(
        /401 - \{"error":"missing or invalid x-hub-signature|Unauthorized access/,
      );
      const signed = await faasCli(
        bin,
        ['invoke', 'classify-ticket', '-g', runner.gateway, '--sign', 'x-hub-signature', '--key', SECRET],
        TICKET,
      );
      expect(signed.code, signed.stderr).toBe(0);
      // 0.17 prints a note about its missing auth config first; the answer is the JSON after it.
      expect(JSON.parse(signed.stdout.slice(signed.stdout.indexOf('{'))).predictions.queue.label).toBeTruthy();
    });

    it(`${version}: invoke --async --sign reaches the callback with X-Function-Status 200`, async () => {
      const before = received.length;
      const r = await faasCli(
        bin,
        [
          'invoke',
          'classify-ticket',
          '-g',
          runner.gateway,
          '--async',
          '-H',
          `X-Callback-Url=${callback}`,
          '--sign',
          'x-hub-signature',
          '--key',
          SECRET,
        ],
        TICKET,
      );
      expect(r.code, r.stderr).toBe(0);
      expect(`${r.stdout}${r.stderr}`).toMatch(/Function submitted asynchronously/);
      // The queue worker runs the call after answering 202: wait for the callback (bounded, no race).
      const until = Date.now() + 30_000;
      while (received.length === before && Date.now() < until) await new Promise((s) => setTimeout(s, 100));
      const got = received.at(-1)!;
      expect(received.length).toBe(before + 1);
      expect(got.headers['x-function-status']).toBe('200');
      expect(got.headers['x-hub-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(JSON.parse(got.body).predictions.queue.label).toBeTruthy();
    });
  }
});
