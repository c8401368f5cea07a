/** The triage business logic: selection, decisions, the marker and the note. No HTTP in here. */
export { decide, type HeadAction, type HeadDecision, type Outcome, type TriagePlan, type TriagePolicy } from './decide';
export { hasMarker, hasNote, markerTags, noteId, versionTag } from './marker';
export { renderNote } from './note';
export { ClassifyResult, FetchedTicket, HeadPrediction, LabelScore } from './schemas';
export { skipReason, type SelectionRules, type SkipReason } from './select';
