/**
 * Run by the image build (bundled as out/verify-function.js, run from out/): the handler loads as
 * a function and its readiness check passes, so a function without its model (classify-ticket
 * built without `--copy-extra ./models`) fails the BUILD instead of answering 500 in the pod.
 */
import { loadFunction } from './load-handler';

async function main(): Promise<void> {
  const fn = loadFunction();
  if (fn.ready) await fn.ready();
  console.log(JSON.stringify({ level: 'info', msg: 'function verified', ready: fn.ready ? 'passed' : 'none' }));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    const message = (err as Error)?.message ?? String(err);
    console.error(`function check failed: ${message}`);
    if (/model/i.test(message))
      console.error(
        'classify-ticket needs its model in the build context: faas-cli build --filter classify-ticket --copy-extra ./models',
      );
    process.exit(1);
  },
);
