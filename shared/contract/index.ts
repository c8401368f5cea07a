/**
 * The contract between the functions, in one place: the payloads fetch -> classify -> update, the
 * marker tag, the signature header, the secret names and their directory. Functions, the local
 * runner and the tools read these instead of repeating literals. Pure: zod only.
 */
export { carriesMarker, DEFAULT_MARKER_TAG, MarkerTag, NOTE_ID_PREFIX } from './marker';
export { ClassifyResult, HandOver, TEXT_CAP } from './payloads';
export { DEFAULT_SECRETS_DIR, SECRETS, SecretsDir } from './secrets';
export {
  DEFAULT_SIGNATURE_HEADER,
  DEFAULT_WEBHOOK_TOKEN_HEADER,
  SignatureHeader,
  signatureHeaderOf,
  signedHeaderNames,
  TIMESTAMP_HEADER,
} from './signature';
