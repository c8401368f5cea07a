/**
 * The real image test: the three function images built by a real builder (buildah) from the build
 * contexts the real `faas-cli build --shrinkwrap` writes, each run from its own filesystem
 * (read-only root, user app, the image's ENV + stack.yml's environment, its own network namespace)
 * under the real of-watchdog 0.10.10 the image carries. Freshdesk is the repository's sandbox,
 * started in the function's network namespace. Needs root; see docs/deploy.md "Images".
 * `healthcheck_interval=2s` in every pod: the watchdog keeps accepting calls that long after
 * SIGTERM (default: write_timeout, up to 67 s), so the pods stop in seconds; the drain is the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '@shared/http';
import { join } from 'node:path';
import { readStack } from '../../tools/runner/stack';
import { ensureBases } from './bases';
import { buildImage, FUNCTIONS, imageRef, removeImage } from './build-images';
import { measureImage } from '../../tools/build-functions/image-size';
import { progress } from './buildah';
import { Pod, type CallResult } from './run-image';

const FN = 'http://127.0.0.1:8080';
const SANDBOX = 'http://127.0.0.1:8181';
const API_KEY = 'image-test-key';
const SIGNING = 'image-test-signing-secret';
const stack = readStack(join(process.cwd(), 'stack.yml'), {});
const pods: Pod[] = [];
afterAll(async () => {
  for (const p of pods) await p.stop();
});

/** stack.yml's environment for `fn`, pointed at the pod's sandbox (Freshdesk) instead of the account. */
function envFor(fn: string, extra: Record<string, string> = {}): Record<string, string> {
  const env = stack.find((f) => f.name === fn)!.environment;
  return { ...env, FRESHDESK_BASE_URL: `${SANDBOX}/api/v2`, healthcheck_interval: '2s', ...extra };
}

async function startPod(fn: string, env: Record<string, string>, sandboxSeed?: string): Promise<Pod> {
  const pod = new Pod({
    ref: imageRef(fn),
    env,
    secrets: { 'freshdesk-api-key': API_KEY, 'triage-signing-secret': SIGNING },
    ...(sandboxSeed ? { sandbox: { seed: sandboxSeed, apiKey: API_KEY } } : {}),
  });
  pods.push(pod);
  await pod.start();
  return pod;
}

const json = (r: CallResult): any => JSON.parse(r.body);
const signed = (body: string, headers: Record<string, string> = {}) => ({
  body,
  headers: { 'content-type': 'application/json', 'x-hub-signature': sign(body, SIGNING), ...headers },
});
let classification: any;
const sizes: Record<string, { bytes: number; nodeModulesBytes: number }> = {};

beforeAll(async () => {
  const started = Date.now();
  await ensureBases();
  for (const fn of FUNCTIONS) await buildImage(fn);
  progress(`bases + 3 images ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  for (const f of FUNCTIONS) {
    const m = measureImage(imageRef(f));
    if (m) sizes[f] = m;
    progress(
      `${f}: root filesystem ${((m?.bytes ?? 0) / 1e6).toFixed(1)} MB, node_modules ${((m?.nodeModulesBytes ?? 0) / 1e6).toFixed(1)} MB`,
    );
  }
});

describe('classify-ticket image', () => {
  it('fails to BUILD without its model (no --copy-extra ./models), naming the fix', async () => {
    const ref = 'localhost/freshdesk-triage/classify-ticket:no-model';
    await expect(buildImage('classify-ticket', { copyExtra: [], ref })).rejects.toThrow(
      /function check failed: .*MODEL_DIR: no model found[\s\S]*--copy-extra \.\/models/,
    );
    removeImage(ref);
  });

  it('is ready only with its model loaded and answers a prediction from its own filesystem', async () => {
    const pod = await startPod('classify-ticket', envFor('classify-ticket'));
    expect(json(await pod.until(`${FN}/_/ready`, 200))).toEqual({ ready: true });
    const body = JSON.stringify({
      ticketId: 1,
      subject: 'Cannot log in',
      description: 'The password reset link says it has expired.',
    });
    const r = await pod.call(`${FN}/`, signed(body));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    classification = json(r);
    expect(classification.model.name).toBe('ticket-triage');
    expect(Object.keys(classification.predictions).sort()).toEqual(
      expect.arrayContaining(['priority', 'queue', 'type']),
    );
    expect(classification.predictions.queue.confidence).toBeGreaterThan(0);
    expect(r.headers['x-hub-signature']).toBe(sign(r.body, SIGNING));
    // faas-cli 0.16's signature (sha1) is accepted too.
    const old = await pod.call(`${FN}/`, {
      body,
      headers: { 'content-type': 'application/json', 'x-hub-signature': sign(body, SIGNING, 'sha1') },
    });
    expect(old.status).toBe(200);
    pod.sigterm();
    expect(await pod.fnExit).toBe(0);
  });

  it('is not ready when its model cannot be loaded (MODEL_DIR pointing nowhere)', async () => {
    const pod = await startPod('classify-ticket', envFor('classify-ticket', { MODEL_DIR: 'function/models/missing' }));
    const r = await pod.until(`${FN}/_/ready`, 503);
    expect(json(r)).toMatchObject({
      ready: false,
      error: expect.stringMatching(/no model found at function\/models\/missing/),
    });
    pod.sigterm();
    expect(await pod.fnExit).toBe(0);
  });
});

describe('fetch-tickets image', () => {
  it('answers a cron call with JSON, and on SIGTERM during a slow call still delivers the answer and exits 0', async () => {
    const pod = await startPod(
      'fetch-tickets',
      envFor('fetch-tickets', {
        gateway_url: 'http://127.0.0.1:9',
        DISPATCH_MODE: 'sync',
        FRESHDESK_TIMEOUT_MS: '30000',
        // Two unsigned cron calls seconds apart: the unsigned-trigger gate (150 s by default) would answer the second 429.
        UNSIGNED_TRIGGER_MIN_INTERVAL_SECONDS: '0',
      }),
      'empty',
    );
    await pod.until(`${FN}/_/ready`, 200);
    const cron = { headers: { 'x-connector': 'cron-connector', 'x-topic': 'cron-function' }, body: '' };
    const first = await pod.call(`${FN}/`, cron);
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.status).toBe(200);
    expect(typeof json(first)).toBe('object');

    // Every Freshdesk call now takes 12 s: SIGTERM lands while fetch-tickets waits for the sandbox
    // (the log line below proves it was in flight; 12 s only has to outlast sending one signal).
    expect(
      (
        await pod.call(`${SANDBOX}/_sandbox/faults`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-sandbox-admin': '1' },
          body: JSON.stringify({ latencyMs: 12_000 }),
        })
      ).status,
    ).toBe(200);
    const slow = pod.call(`${FN}/`, cron);
    // In flight by the watchdog's own count (its Prometheus gauge on the metrics port).
    await pod.untilText('http://127.0.0.1:8081/metrics', /^http_requests_in_flight 1$/m);
    pod.sigterm();
    const answer = await slow;
    expect(answer.status).toBe(200);
    // The same run as the first one, without the backlog pass (a cron run walks the backlog only every BACKLOG_EVERY_MINUTES).
    const { backlog: _firstBacklog, ...firstRun } = json(first) as Record<string, unknown>;
    expect(json(answer)).toEqual(firstRun);
    expect(await pod.fnExit).toBe(0);
    expect(pod.lines.join('\n')).toMatch(/"msg":"draining","signal":"SIGTERM","inFlight":1,"keepServingMs":4000/);
    expect(pod.lines.join('\n')).toMatch(/Exiting\. Active connections: 0/);
  });
});

describe('update-ticket image', () => {
  it('no image carries onnxruntime-node (or any node_modules of size): the functions are bundles', () => {
    // Measured once after the builds (du on the mounted image); node_modules was ~330 MB in every image before.
    expect(Object.keys(sizes).sort()).toEqual([...FUNCTIONS].sort());
    expect(sizes['fetch-tickets']!.nodeModulesBytes).toBeLessThan(1e6);
    expect(sizes['update-ticket']!.nodeModulesBytes).toBeLessThan(1e6);
    expect(sizes['classify-ticket']!.nodeModulesBytes).toBeLessThan(1e6);
  });

  it('applies a signed classification in dry run and records a failed one, answering JSON', async () => {
    const pod = await startPod('update-ticket', envFor('update-ticket', { DRY_RUN: 'true' }), 'demo');
    await pod.until(`${FN}/_/ready`, 200);
    const body = JSON.stringify({ ...(classification ?? {}), ticketId: 1 });
    const r = await pod.call(`${FN}/`, signed(body));
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.status).toBe(200);
    expect(json(r).ticketId).toBe(1);

    const failed = await pod.call(`${FN}/`, {
      body: '{"error":"internal error in the function"}',
      headers: { 'content-type': 'application/json', 'x-function-status': '500', 'x-call-id': 'call-1' },
    });
    expect(failed.status).toBe(200);
    expect(json(failed)).toMatchObject({ outcome: 'failed', callId: 'call-1' });
    pod.sigterm();
    expect(await pod.fnExit).toBe(0);
  });
});
