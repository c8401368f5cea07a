/** HTTP helpers shared by the three handlers. */
export { errorResult, InputError, jsonish, requireSignature, TicketFailure, toHttpResult } from './result';
export { sign, signatureHeaders, signTimestamped, verify } from './signature';
export { jsonLogger } from './log';
export type { FunctionContextLike, FunctionEventLike } from './types';
