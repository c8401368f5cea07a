/** The triage business logic: selection, decisions, the marker and the note. No HTTP in here. */
export { decide, policyHeads, type HeadAction, type HeadDecision, type Outcome, type PriorityPolicy, type TriagePlan, type TriagePolicy } from './decide';
export {
  BUILTIN_HEADS, PRIORITY_LABELS, applyThreshold, decidedLabels, headRegistry, thresholdEnv,
  type Head, type HeadContext, type HeadSettings,
} from './heads';
export { hasMarker, hasNote, markerTags, noteId, versionTag } from './marker';
export { renderNote } from './note';
export { ClassifyResult, FetchedTicket, HeadPrediction, LabelScore } from './schemas';
export { skipReason, type SelectionRules, type SkipReason } from './select';
