/**
 * stack.yml's timeouts hold together, and agree with what docs/deploy.md tells people to set on
 * the platform: each function's exec_timeout below its read/write timeouts, fetch-tickets and
 * update-ticket below the gateway's upstream_timeout, classify-ticket plus update-ticket below the
 * queue worker's ack_wait (it acknowledges after the callback), update-ticket's write deadline
 * below its exec_timeout; and the docs' table of functions shows stack.yml's values.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStack } from '../../tools/runner/stack';

const root = join(__dirname, '../..');
const stack = readStack(join(root, 'stack.yml'), {});
const doc = readFileSync(join(root, 'docs/deploy.md'), 'utf8');
const seconds = (v: string | undefined): number => {
  const m = /^(\d+)(s|m)?$/.exec(v ?? '');
  if (!m) throw new Error(`not a duration in seconds or minutes: ${v}`);
  return Number(m[1]) * (m[2] === 'm' ? 60 : 1);
};
const env = (fn: string) => stack.find((f) => f.name === fn)!.environment;
/** A platform setting's value from the docs' table: | gateway `upstream_timeout` | 70s | ... */
const platform = (name: string): number => {
  const row = doc.split('\n').find((l) => l.startsWith(`| ${name} |`));
  if (!row) throw new Error(`docs/deploy.md has no row for ${name}`);
  return seconds(row.split('|')[2]!.trim());
};

describe('timeouts', () => {
  it("each function's exec_timeout is below its read/write timeouts", () => {
    for (const f of stack) {
      const e = f.environment;
      expect(seconds(e.read_timeout), f.name).toBeGreaterThan(seconds(e.exec_timeout));
      expect(seconds(e.write_timeout), f.name).toBeGreaterThan(seconds(e.exec_timeout));
    }
    expect(Number(env('update-ticket').WRITE_DEADLINE_SECONDS)).toBeLessThan(
      seconds(env('update-ticket').exec_timeout),
    );
  });

  it('the platform values docs/deploy.md gives cover the chain', () => {
    const upstream = platform('gateway `upstream_timeout`');
    const readWrite = platform('gateway `read_timeout` / `write_timeout`');
    const ackWait = platform('queue-worker `ack_wait`');
    expect(seconds(env('fetch-tickets').exec_timeout)).toBeLessThan(upstream);
    expect(seconds(env('update-ticket').exec_timeout)).toBeLessThan(upstream);
    expect(readWrite).toBeGreaterThan(upstream);
    expect(seconds(env('classify-ticket').exec_timeout) + seconds(env('update-ticket').exec_timeout)).toBeLessThan(
      ackWait,
    );
    // The Helm and faasd commands set the same values.
    expect(doc).toContain(`gateway.upstreamTimeout=${upstream}s`);
    expect(doc).toContain(`queueWorker.ackWait=${ackWait}s`);
    expect(doc).toContain(`upstream_timeout: "${upstream}s"`);
    expect(doc).toContain(`ack_wait: "${ackWait}s"`);
  });

  it("the docs' table of functions shows stack.yml's timeouts", () => {
    for (const f of stack) {
      const e = f.environment;
      expect(doc, f.name).toContain(`| ${f.name} | ${e.exec_timeout} | ${e.read_timeout} / ${e.write_timeout} |`);
    }
  });
});
