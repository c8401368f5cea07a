/** HTTP helpers shared by the three handlers. */
export { errorResult, InputError, jsonish, requireSignature, respond, toHttpResult } from './result';
export { DEFAULT_SIGNATURE_HEADER, sign, verify } from './signature';
export { jsonLogger, type Log } from './log';
export type { FunctionContextLike, FunctionEventLike } from './types';
