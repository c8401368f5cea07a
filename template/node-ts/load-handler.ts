/**
 * Loads the bundled function from ./function/handler.js (CommonJS, next to the bundled entry) and
 * checks its contract: a function as `module.exports` or `default`, and an optional `ready()`
 * (readiness: classify-ticket loads its model there).
 */
import type { Handler } from './server';

declare const require: (id: string) => unknown;

export interface LoadedFunction {
  handler: Handler;
  ready?: () => unknown;
}

export function loadFunction(): LoadedFunction {
  // Kept external by esbuild (--external:./function/handler): resolved at run time, not bundled.
  const mod = require('./function/handler') as Handler | { default?: Handler; ready?: () => unknown };
  const handler = typeof mod === 'function' ? mod : mod.default;
  if (typeof handler !== 'function')
    throw new Error('function/handler.js must export a function (module.exports = handler or export default handler)');
  const ready = typeof mod === 'function' ? undefined : mod.ready;
  return { handler, ...(typeof ready === 'function' ? { ready } : {}) };
}
