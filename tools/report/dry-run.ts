/**
 * The dry-run report's content, pure: per ticket the fields as they are vs the predictions with
 * confidence and action, and per head how many tickets would get a value (coverage) and, on the
 * tickets where an agent already chose a value, how often the model agrees (all, and at or above
 * the head's apply threshold: the precision to expect).
 */
import { applyThreshold, decidedPriority } from '@shared/triage';
import type { CycleSummary } from '../runner/summary';

export interface HeadStats {
  head: string;
  tickets: number;
  /** Tickets where the head would be (or was) applied. */
  applied: number;
  coverage: number;
  /** Tickets with a value an agent set (empty and default fields are not agent labels). */
  agentLabelled: number;
  agree: number;
  agreement: number | null;
  threshold: number;
  confident: number;
  confidentAgree: number;
  precision: number | null;
  /** Agreement with the agents' values per confidence bin: is "80% sure" right 80% of the time here? */
  calibration: CalibrationBin[];
}

interface CalibrationBin {
  from: number;
  to: number;
  tickets: number;
  agree: number;
}

const CALIBRATION_EDGES = [0, 0.5, 0.7, 0.9, 1];

export interface ReportRow {
  id: number;
  subject: string;
  current: Record<string, string | null>;
  predictions: Record<string, { label: string; confidence: number; action: string; reason?: string }>;
  outcome: string;
  reason: string;
}

/** The agent's value per head from the fields fetch-tickets saw, or null when nobody set one. */
function currentValues(r: CycleSummary['results'][number], groups: Map<number, string>): Record<string, string | null> {
  const c = r.current;
  if (!c) return { queue: null, priority: null, type: null };
  return {
    queue: c.groupId === null ? null : (groups.get(c.groupId) ?? `group ${c.groupId}`),
    // Low is Freshdesk's default: it is not a decision anyone can be credited with.
    priority: decidedPriority(c.priority) ?? null,
    type: c.type,
  };
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function buildReport(
  s: CycleSummary,
  groups: Map<number, string>,
  applyAt: Record<string, number>,
): { rows: ReportRow[]; heads: HeadStats[] } {
  const rows: ReportRow[] = s.results.map((r) => ({
    id: r.id,
    subject: r.subject,
    current: currentValues(r, groups),
    predictions: r.fields,
    outcome: r.outcome,
    reason: r.reason,
  }));
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.predictions)))];
  const heads = names.map((head): HeadStats => {
    const threshold = applyThreshold(applyAt, head);
    const withPred = rows.filter((r) => r.predictions[head]);
    const labelled = withPred.filter((r) => r.current[head]);
    const agree = labelled.filter((r) => same(r.current[head]!, r.predictions[head]!.label)).length;
    const confident = labelled.filter((r) => r.predictions[head]!.confidence >= threshold);
    const confidentAgree = confident.filter((r) => same(r.current[head]!, r.predictions[head]!.label)).length;
    const applied = withPred.filter((r) => r.predictions[head]!.action === 'applied').length;
    const calibration = CALIBRATION_EDGES.slice(0, -1).map((from, i): CalibrationBin => {
      const to = CALIBRATION_EDGES[i + 1]!;
      const inBin = labelled.filter(
        (r) =>
          r.predictions[head]!.confidence >= from &&
          (r.predictions[head]!.confidence < to || (to === 1 && r.predictions[head]!.confidence <= 1)),
      );
      return {
        from,
        to,
        tickets: inBin.length,
        agree: inBin.filter((r) => same(r.current[head]!, r.predictions[head]!.label)).length,
      };
    });
    return {
      head,
      tickets: withPred.length,
      applied,
      coverage: withPred.length ? applied / withPred.length : 0,
      agentLabelled: labelled.length,
      agree,
      agreement: labelled.length ? agree / labelled.length : null,
      threshold,
      confident: confident.length,
      confidentAgree,
      precision: confident.length ? confidentAgree / confident.length : null,
      calibration,
    };
  });
  return { rows, heads };
}
