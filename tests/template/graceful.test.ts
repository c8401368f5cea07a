/**
 * Graceful stop of the image's entry under the real of-watchdog 0.10.10 (tests/helpers/openfaas-tools.ts):
 * the entry is bundled by the Dockerfile's own esbuild command and run as `node index.js` by the
 * real fwatchdog in http mode, exactly the pod's process tree (reaper.py reports both exit codes).
 * What the watchdog does on SIGTERM (main.go, executor/http_runner.go at tag 0.10.10): it passes
 * SIGTERM to node at once, keeps accepting calls for `healthcheck_interval`, then stops accepting
 * and waits up to `write_timeout` for calls in flight. No test races a timer: the slow call is
 * released by calls answered during the drain, and every wait is for an outcome.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDuration, watchdogKeepServingMs } from '../../template/node-ts/graceful';
import { entryBuildOptions, NODE_TARGET } from '../../template/node-ts/build.mjs';
import { openfaasTools } from '../helpers/openfaas-tools';
import { buildEntry, startPod, type Pod } from './helpers/image-entry';

const tools = openfaasTools();
const pods: Pod[] = [];
afterAll(() => {
  for (const p of pods) p.proc.kill('SIGKILL');
});

// CommonJS, as the image's bundled function is. /slow answers only once three calls were answered
// after the process got SIGTERM: it is in flight across the start of the drain, by construction.
const handlerSource = `
let signalled = false;
let answeredAfterSignal = 0;
let release;
const released = new Promise((r) => { release = r; });
process.once('SIGTERM', () => { signalled = true; });
module.exports = {
  default: async (event, context) => {
    if (event.path.endsWith('/slow')) {
      console.log(JSON.stringify({ msg: 'slow call started' }));
      await released;
      return { answer: 'finished during the drain' };
    }
    if (event.path.endsWith('/hang')) {
      console.log(JSON.stringify({ msg: 'hanging call started' }));
      return new Promise(() => {});
    }
    if (signalled && ++answeredAfterSignal >= 3) release();
    return { ok: true, body: event.body, afterSignal: signalled };
  },
  ready: () => { if (process.env.NOT_READY) throw new Error('model not loaded'); },
};
`;

describe('image entry', () => {
  it('is bundled with ./function/handler kept external (it is loaded at run time, not followed), by the one build configuration', () => {
    const options = entryBuildOptions({ templateDir: 'template/node-ts', outdir: 'out' });
    expect(options.external).toEqual(['./function/handler']);
    expect(options).toMatchObject({ bundle: true, platform: 'node', format: 'cjs', target: NODE_TARGET });
    // Node 20 runs locally (engines), Node 22 in the image: node20 code runs on both.
    expect(NODE_TARGET).toBe('node20');
    const dockerfile = readFileSync('template/node-ts/Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/^RUN node build\.mjs$/m);
    expect(dockerfile).not.toMatch(/npx esbuild|--target=/);
  });

  it('keeps serving after SIGTERM only under the watchdog: its health-check interval (default write_timeout) plus a grace', () => {
    expect(watchdogKeepServingMs({ fprocess: 'node index.js', write_timeout: '67s' }, true)).toBe(69_000);
    expect(
      watchdogKeepServingMs({ fprocess: 'node index.js', write_timeout: '67s', healthcheck_interval: '5s' }, true),
    ).toBe(7000);
    expect(watchdogKeepServingMs({ write_timeout: '67s' }, true)).toBeUndefined();
    expect(watchdogKeepServingMs({ fprocess: 'node index.js' }, false)).toBeUndefined();
  });
});

describe.runIf(tools)('image entry under the real fwatchdog 0.10.10', () => {
  it('answers through the watchdog and reports readiness from the function', async () => {
    const pod = await startPod(tools!.fwatchdog, buildEntry(handlerSource), {
      exec_timeout: '30s',
      write_timeout: '35s',
      healthcheck_interval: '1s',
      ready_path: '/_/ready',
    });
    pods.push(pod);
    const r = await fetch(`${pod.url}/function/x`, {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    });
    expect(await r.json()).toEqual({ ok: true, body: { a: 1 }, afterSignal: false });
    expect((await fetch(`${pod.url}/_/ready`)).status).toBe(200);
    pod.proc.kill('SIGTERM');
    expect(await pod.exited).toBe(0);
    expect(await pod.functionExit()).toBe(0);

    const notReady = await startPod(tools!.fwatchdog, buildEntry(handlerSource), {
      ready_path: '/_/ready',
      healthcheck_interval: '1s',
      NOT_READY: '1',
    });
    pods.push(notReady);
    const nr = await fetch(`${notReady.url}/_/ready`);
    expect(nr.status).toBe(503);
    expect(await nr.json()).toEqual({ ready: false, error: 'model not loaded' });
    notReady.proc.kill('SIGTERM');
    expect(await notReady.exited).toBe(0);
    expect(await notReady.functionExit()).toBe(0);
  });

  it('on SIGTERM keeps answering new calls while the watchdog drains, finishes the call in flight, and both processes exit 0', async () => {
    const pod = await startPod(tools!.fwatchdog, buildEntry(handlerSource), {
      exec_timeout: '30s',
      write_timeout: '30s',
      healthcheck_interval: '4s',
    });
    pods.push(pod);
    const t0 = Date.now();
    const slow = fetch(`${pod.url}/function/x/slow`, { method: 'POST', body: '' }).then(async (r) => ({
      status: r.status,
      body: await r.json(),
      at: Date.now(),
    }));
    await pod.waitFor(/slow call started/);
    const signalAt = Date.now();
    pod.proc.kill('SIGTERM');
    // The watchdog passes SIGTERM on to node a moment later: calls start once node says it drains,
    // so each one is really served after the signal (not raced against its delivery).
    await pod.waitFor(/"msg":"draining"/);
    // New calls until the watchdog says it stops accepting: every one sent before that gets a real answer.
    let stopped = false;
    let stoppedAt = Number.POSITIVE_INFINITY;
    void pod.waitFor(/No new connections allowed/).then(() => {
      stopped = true;
      stoppedAt = Date.now();
    });
    const sentCalls: { sent: number; status: number | string; ms: number; afterSignal: boolean | undefined }[] = [];
    while (!stopped) {
      const sent = Date.now();
      const r = await fetch(`${pod.url}/function/x`, { method: 'POST', body: 'drain' }).then(
        async (res) => ({
          status: res.status,
          json: res.status === 200 ? ((await res.json()) as { afterSignal?: boolean }) : undefined,
        }),
        (e: Error) => ({ status: `no answer (${e.message})`, json: undefined }),
      );
      sentCalls.push({ sent, status: r.status, ms: Date.now() - sent, afterSignal: r.json?.afterSignal });
      await new Promise((s) => setTimeout(s, 100));
    }
    // A call sent in the last moment before the watchdog stopped accepting may meet the closed port
    // (the platform has stopped routing to the pod by then); the promise is about the calls before it.
    const during = sentCalls.filter((d) => d.sent < stoppedAt - 500);
    const slowAnswer = await slow;
    const watchdogCode = await pod.exited;
    const functionCode = await pod.functionExit();
    const reapedAt = (who: string): number =>
      Math.round(
        (JSON.parse(pod.lines.find((l) => l.includes(`"reaped": "${who}"`))!) as { at: number }).at * 1000 - signalAt,
      );
    console.log(
      [
        'graceful stop under the real fwatchdog 0.10.10 (healthcheck_interval 4s, write_timeout 30s):',
        `  calls answered during the drain: ${during.filter((d) => d.status === 200).length}/${during.length} (statuses ${[...new Set(during.map((d) => d.status))].join(', ')}; slowest ${Math.max(...during.map((d) => d.ms))} ms)`,
        `  slow call in flight: ${slowAnswer.status}, answered ${slowAnswer.at - signalAt} ms after SIGTERM (${slowAnswer.at - t0} ms in all)`,
        `  fwatchdog exit ${watchdogCode} ${reapedAt('watchdog')} ms after SIGTERM; node exit ${functionCode} ${reapedAt('function')} ms after SIGTERM`,
      ].join('\n'),
    );
    expect(during.length).toBeGreaterThanOrEqual(3);
    expect(during.every((d) => d.status === 200 && d.afterSignal === true)).toBe(true);
    expect(slowAnswer).toMatchObject({ status: 200, body: { answer: 'finished during the drain' } });
    expect(watchdogCode).toBe(0);
    expect(functionCode).toBe(0);
    const log = pod.lines.join('\n');
    expect(log).toMatch(/"msg":"draining","signal":"SIGTERM","inFlight":1,"keepServingMs":\d+/);
    // The watchdog's own account; node's last lines go to a pipe that closed with it (its exit code is the proof).
    expect(log).toMatch(/Exiting\. Active connections: 0/);
    expect(log).not.toMatch(/Forked function has terminated/);
  }, 60_000);

  it('bounds the wait by exec_timeout: a call that never ends does not keep the pod alive', async () => {
    // The 2 s bound is only waited for, never raced: the assertion holds however slow the machine is.
    const pod = await startPod(tools!.fwatchdog, buildEntry(handlerSource), {
      exec_timeout: '2s',
      write_timeout: '3s',
      healthcheck_interval: '1s',
    });
    pods.push(pod);
    const answer = fetch(`${pod.url}/function/x/hang`, { method: 'POST', body: '' }).then(
      (r) => r.status,
      () => 'no answer',
    );
    await pod.waitFor(/hanging call started/);
    pod.proc.kill('SIGTERM');
    expect(await pod.exited).toBe(0);
    expect(await pod.functionExit()).toBe(0);
    expect(await answer).not.toBe(200);
  }, 60_000);
});

describe("the image build's function check (out/verify-function.js)", () => {
  const check = (out: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['verify-function.js'], {
      cwd: out,
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
    });
  it('passes a function whose readiness passes, and fails the build when it does not or when the export is wrong', () => {
    const out = buildEntry(handlerSource);
    const ok = check(out);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/"msg":"function verified","ready":"passed"/);
    const notReady = check(out, { NOT_READY: '1' });
    expect(notReady.status).toBe(1);
    expect(notReady.stderr).toMatch(/function check failed: model not loaded/);
    expect(notReady.stderr).toMatch(/--copy-extra \.\/models/);
    const wrong = check(buildEntry('module.exports = { default: 42 };'));
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/must export a function/);
    expect(wrong.stderr).not.toMatch(/copy-extra/);
  });
});

describe('parseDuration (of-watchdog syntax)', () => {
  it('reads bare seconds and Go durations, and falls back on nonsense', () => {
    expect(parseDuration('30', 1)).toBe(30_000);
    expect(parseDuration('1m30s', 1)).toBe(90_000);
    expect(parseDuration('500ms', 1)).toBe(500);
    expect(parseDuration('2h', 1)).toBe(7_200_000);
    expect(parseDuration('soon', 7)).toBe(7);
    expect(parseDuration(undefined, 7)).toBe(7);
  });
});
