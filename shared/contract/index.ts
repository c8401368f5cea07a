/**
 * The contract between the functions, in one place: the payloads fetch -> classify -> update, the
 * marker tag, the signature header, the secret names and their directory, the sealed hand-over.
 * Functions, the local runner and the tools read these instead of repeating literals. Pure: zod
 * and node:crypto only.
 */
export { carriesMarker, DEFAULT_MARKER_TAG, hasMarker, isTriageNote, MarkerTag } from './marker';
/** @public the contract between the functions, for tools and tests too */
export { versionTag } from './marker';
/** @public the contract between the functions, for tools and tests too */
export { ClassifyResult, HandOver, TEXT_CAP } from './payloads';
export { DEFAULT_SECRETS_DIR, SECRETS, SecretsDir } from './secrets';
export {
  DEFAULT_SIGNATURE_HEADER,
  DEFAULT_WEBHOOK_TOKEN_HEADER,
  signedHeaderNames,
  TIMESTAMP_HEADER,
} from './signature';
/** @public the contract between the functions, for tools and tests too */
export { SignatureHeader, signatureHeaderOf } from './signature';
export { isSealed, SealError, unsealHandOver } from './seal';
