/**
 * The gateway's asynchronous half, as OpenFaaS CE's queue worker does it (docs/openfaas.md#queue-worker-delivery:
 * `/async-function/<name>`): calls wait in an in-memory FIFO, run `concurrency` at a time, and
 * each answer is POSTed to X-Callback-Url with X-Function-Status, once: a callback that fails is
 * reported, never retried (the real queue worker logs it and moves on).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { DEFAULT_SIGNATURE_HEADER, TIMESTAMP_HEADER } from '@shared/contract';
import { postCallback } from './callback-post';
import { callbackAllowed } from './guards';
import type { Reply } from './proxy';

export interface AsyncQueueOptions {
  /** Parallel async invocations (the CE queue worker runs 1). @default 1 */
  concurrency?: number;
  /** Callback origins or hosts allowed besides loopback (guards.ts). @default [] */
  callbackAllow?: string[];
  /** Answer headers passed on to the callback besides content-type (the signature and its timestamp). */
  signedHeaders?: string[];
  onCallbackError?: (callId: string, url: string, error: string) => void;
}

type Invoke = (name: string, path: string, headers: IncomingHttpHeaders, body: Buffer) => Promise<Reply>;

export class AsyncQueue {
  private readonly jobs: (() => Promise<void>)[] = [];
  private active = 0;
  private idleWaiters: (() => void)[] = [];
  /** Callback URLs the queue worker refused to call (not on the allow-list). */
  readonly refusedCallbacks: string[] = [];

  constructor(
    private readonly o: AsyncQueueOptions,
    private readonly invoke: Invoke,
  ) {}

  /** Calls waiting or running. */
  get size(): number {
    return this.jobs.length + this.active;
  }

  /** Queues one delivery of an async call; `done` runs when it has finished, whatever the outcome. */
  enqueue(name: string, path: string, headers: IncomingHttpHeaders, body: Buffer, done?: () => void): void {
    this.jobs.push(() => this.run(name, path, headers, body).finally(() => done?.()));
    this.pump();
  }

  /** Resolves when the queue is empty and nothing is running. */
  drained(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private async run(name: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<void> {
    const r = await this.invoke(name, path, headers, body);
    const cb = headers['x-callback-url'];
    if (typeof cb !== 'string' || cb === '') return;
    const callId = String(headers['x-call-id']);
    const target = URL.canParse(cb) ? new URL(cb) : undefined;
    if (!target || !/^https?:$/.test(target.protocol))
      return void this.o.onCallbackError?.(callId, cb, 'not an http(s) URL');
    if (!callbackAllowed(cb, this.o.callbackAllow ?? [])) {
      this.refusedCallbacks.push(cb.slice(0, 200));
      this.o.onCallbackError?.(
        callId,
        cb.slice(0, 200),
        'not an allowed callback URL (loopback or RUNNER_CALLBACK_ALLOW)',
      );
      return;
    }
    const keep = new Set([
      'content-type',
      ...(this.o.signedHeaders ?? [DEFAULT_SIGNATURE_HEADER, TIMESTAMP_HEADER]).map((h) => h.toLowerCase()),
    ]);
    const passOn = Object.fromEntries(Object.entries(r.headers).filter(([k]) => keep.has(k)));
    const cbHeaders = {
      ...passOn,
      'x-call-id': callId,
      'x-function-status': String(r.status),
      'x-function-name': name,
      'x-duration-seconds': String(r.headers['x-duration-seconds'] ?? '0'),
    };
    // One POST over the URL's own scheme (callback-post.ts); a failure is reported, never retried.
    const outcome = await postCallback(target, cbHeaders, r.body);
    if ('error' in outcome) this.o.onCallbackError?.(callId, cb, outcome.error);
    else if (outcome.status >= 300) this.o.onCallbackError?.(callId, cb, `callback answered ${outcome.status}`);
  }

  private pump(): void {
    while (this.active < (this.o.concurrency ?? 1) && this.jobs.length > 0) {
      const job = this.jobs.shift()!;
      this.active += 1;
      void job()
        .catch(() => undefined)
        .finally(() => {
          this.active -= 1;
          this.pump();
          if (this.size === 0) for (const w of this.idleWaiters.splice(0)) w();
        });
    }
  }
}
