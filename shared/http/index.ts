/** HTTP helpers shared by the three handlers. */
export { InputError, jsonish, requireSignature, TicketFailure, toHttpResult } from './result';
export { signatureHeaders } from './signature';
/** @internal exported for tests and benches, not used by the product */
export { errorResult } from './result';
/** @internal exported for tests and benches (they sign what they send), not used by the product */
export { sign, signTimestamped, verify } from './signature';
export { jsonLogger } from './log';
export type { FunctionContextLike, FunctionEventLike } from './types';
