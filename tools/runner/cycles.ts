/**
 * Triage cycles: one firing of fetch-tickets exactly as the cron connector sends it, then the wait
 * until the chain has drained; and the runner's own cron, which fires one at each schedule of
 * stack.yml's cron annotation (unless `--no-cron` leaves that to a real cron connector).
 */
import { parseCron } from './cron';
import { signingSettings } from '@shared/config';
import { signatureHeaders } from '@shared/http/signature';
import { handOverOpener } from './hand-over-view';
import type { Exchange, Router } from './router';
import type { Env } from './settings';
import type { StackFunction } from './stack';
import { CycleRecorder, type CycleSummary } from './summary';

export interface Cycles {
  runCycle(): Promise<CycleSummary>;
  startCron(onCycle: (s: CycleSummary, firedAt: Date) => void, onError: (e: unknown) => void): void;
  stopCron(): void;
}

export function cycles(
  router: Router,
  stack: StackFunction[],
  fetchEnv: Env,
  onExchange?: (e: Exchange) => void,
): Cycles {
  const signing = signingSettings(fetchEnv);
  const timers: NodeJS.Timeout[] = [];
  let cycleRunning: Promise<CycleSummary> | undefined;

  async function runCycle(): Promise<CycleSummary> {
    if (cycleRunning) return cycleRunning;
    cycleRunning = (async () => {
      const rec = new CycleRecorder(handOverOpener(signing.secret));
      router.onExchange = (e: Exchange) => {
        rec.record(e);
        onExchange?.(e);
      };
      // Exactly what the cron connector sends: an empty POST with two headers (docs/openfaas.md).
      await router.invoke(
        'fetch-tickets',
        'POST',
        '/',
        // Signed (the runner has the secret), so fetch-tickets' unsigned-trigger gate does not hold back its cycles.
        {
          'x-connector': 'cron-connector',
          'x-topic': 'cron-function',
          'content-length': '0',
          ...signatureHeaders('', signing),
        },
        Buffer.alloc(0),
        false,
      );
      await router.drained();
      return rec.summary();
    })();
    try {
      return await cycleRunning;
    } finally {
      cycleRunning = undefined;
    }
  }

  return {
    runCycle,
    startCron(onCycle, onError) {
      for (const fn of stack) {
        if (fn.annotations.topic !== 'cron-function' || !fn.annotations.schedule) continue;
        const schedule = parseCron(fn.annotations.schedule);
        const arm = (): void => {
          const wait = schedule.next(new Date()).getTime() - Date.now();
          const fire = (): void => {
            const firedAt = new Date();
            void runCycle()
              .then((c) => onCycle(c, firedAt), onError)
              .finally(arm);
          };
          timers.push(setTimeout(fire, Math.max(0, wait)));
        };
        arm();
      }
    },
    stopCron: () => timers.forEach(clearTimeout),
  };
}
