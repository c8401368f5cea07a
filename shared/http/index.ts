/** HTTP helpers shared by the three handlers. */
export { errorResult, InputError, jsonish, requireSignature, respond, TicketFailure, toHttpResult } from './result';
export { cut, MAX_ERROR_CHARS, MAX_ISSUES, summarizeIssues } from './bounded';
export { DEFAULT_SIGNATURE_HEADER, sign, signatureHeaders, signTimestamped, TIMESTAMP_HEADER, verify, type SigningLike } from './signature';
export { jsonLogger, type Log } from './log';
export type { FunctionContextLike, FunctionEventLike } from './types';
