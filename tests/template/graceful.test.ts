/**
 * Graceful stop of the image's entry behind a parent that forwards SIGTERM as of-watchdog does
 * (the stand-in, tests/image/fwatchdog.ts): the entry is bundled by the Dockerfile's own esbuild
 * command and run as `node index.js` under the watchdog, exactly the pod's process tree.
 * The slow call is released by the SIGTERM itself, not by a timer.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDuration } from '../../template/node-ts/graceful';
import { entryBuildOptions, NODE_TARGET } from '../../template/node-ts/build.mjs';
import { buildEntry, startPod, type Pod } from './helpers/image-entry';

const pods: Pod[] = [];
afterAll(() => {
  for (const p of pods) p.proc.kill('SIGKILL');
});

// CommonJS, as the image's bundled function is. /slow answers only after the process got SIGTERM.
const handlerSource = `
let release;
const released = new Promise((r) => { release = r; });
process.once('SIGTERM', () => setImmediate(release));
module.exports = {
  default: async (event, context) => {
    if (event.path.endsWith('/slow')) {
      console.log(JSON.stringify({ msg: 'slow call started' }));
      await released;
      return { answer: 'finished after SIGTERM' };
    }
    if (event.path.endsWith('/hang')) {
      console.log(JSON.stringify({ msg: 'hanging call started' }));
      return new Promise(() => {});
    }
    return { ok: true, body: event.body };
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

  it('answers through the watchdog and reports readiness from the function', async () => {
    const pod = await startPod(buildEntry(handlerSource), {
      exec_timeout: '30s',
      write_timeout: '35s',
      ready_path: '/_/ready',
    });
    pods.push(pod);
    const r = await fetch(`${pod.url}/function/x`, {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    });
    expect(await r.json()).toEqual({ ok: true, body: { a: 1 } });
    expect((await fetch(`${pod.url}/_/ready`)).status).toBe(200);
    pod.proc.kill('SIGTERM');
    expect(await pod.exited).toBe(0);

    const notReady = await startPod(buildEntry(handlerSource), { ready_path: '/_/ready', NOT_READY: '1' });
    pods.push(notReady);
    const nr = await fetch(`${notReady.url}/_/ready`);
    expect(nr.status).toBe(503);
    expect(await nr.json()).toEqual({ ready: false, error: 'model not loaded' });
    notReady.proc.kill('SIGTERM');
    expect(await notReady.exited).toBe(0);
  });

  it('on SIGTERM finishes the call in flight, answers it, and exits 0', async () => {
    const pod = await startPod(buildEntry(handlerSource), { exec_timeout: '30s', write_timeout: '35s' });
    pods.push(pod);
    const answer = fetch(`${pod.url}/function/x/slow`, { method: 'POST', body: '' });
    await pod.waitFor(/slow call started/);
    pod.proc.kill('SIGTERM');
    const res = await answer;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ answer: 'finished after SIGTERM' });
    expect(await pod.exited).toBe(0);
    expect(pod.lines.join('\n')).toMatch(/"msg":"draining","signal":"SIGTERM","inFlight":1/);
    expect(pod.lines.join('\n')).toMatch(/"msg":"stopped","reason":"in-flight calls finished"/);
  });

  it('bounds the wait by exec_timeout: a call that never ends does not keep the pod alive', async () => {
    // The 2 s bound is only waited for, never raced: the assertion holds however slow the machine is.
    const pod = await startPod(buildEntry(handlerSource), { exec_timeout: '2s', write_timeout: '60s' });
    pods.push(pod);
    const answer = fetch(`${pod.url}/function/x/hang`, { method: 'POST', body: '' }).then(
      (r) => r.status,
      () => 'no answer',
    );
    await pod.waitFor(/hanging call started/);
    pod.proc.kill('SIGTERM');
    expect(await pod.exited).toBe(0);
    // Whichever of the two 2 s deadlines (the watchdog's or the entry's) fires first ends the call.
    expect(pod.lines.join('\n')).toMatch(/"msg":"stopped","reason":"(exec timeout reached|in-flight calls finished)"/);
    expect(await answer).not.toBe(200);
  });
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
