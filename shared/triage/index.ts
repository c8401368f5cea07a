/**
 * The triage domain logic, pure: selection, decisions, the note text, the dead-letter count (the
 * marker and the note id are the functions' contract: shared/contract/marker.ts). No I/O, no HTTP, no timers in here (the lint rule in tools/lint/import-rules.ts holds it);
 * the services that list, dispatch and write live in `shared/triage-services`.
 */
export { AttemptTracker, type DeadLetter } from './attempts';
export { decide, policyHeads, type Outcome, type TriagePlan, type TriagePolicy } from './decide';
export {
  BUILTIN_HEADS,
  PRIORITY_LABELS,
  WRITABLE_PRIORITIES,
  decidedPriority,
  applyThreshold,
  decidedLabels,
  headRegistry,
  thresholdEnv,
  type Head,
  type HeadContext,
} from './heads';
export { describeThresholds, type ModelThresholds } from './thresholds';
export { readNote, renderNote, type NoteReading } from './note';
export { ownTriageNotes, splitDuplicates } from './own-notes';
/** The payloads are the functions' contract (shared/contract); re-exported here for the decisions' callers. */
export { ClassifyResult } from '../contract/payloads';
/** @internal exported for tests and benches, not used by the product */
export { FetchedTicket } from '../contract/payloads';
export { skipReason, type SelectionRules } from './select';
export { untouchedSinceCreation } from './untouched';
export { changedBesides, onlyChanges, sentFields } from './write-window';
