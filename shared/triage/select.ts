/** Which tickets need triage: in a triaged status, not spam or deleted, not yet marked for this model version. */
import type { TicketSnapshot } from '../ticket-system';
import { hasMarker } from '../contract/marker';

export interface SelectionRules {
  statuses: number[];
  markerTag: string;
  modelVersion: string;
}

export type SkipReason = 'spam' | 'deleted' | 'status' | 'already-triaged';

export function skipReason(t: TicketSnapshot, rules: SelectionRules): SkipReason | undefined {
  if (t.spam) return 'spam';
  if (t.deleted) return 'deleted';
  if (!rules.statuses.includes(t.status)) return 'status';
  if (hasMarker(t.tags, rules.markerTag, rules.modelVersion)) return 'already-triaged';
  return undefined;
}
