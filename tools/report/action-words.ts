/**
 * A head's action in the words an operator reads, in the runner's table and the HTML report alike:
 * "kept (agent)" only when an agent's value stays, "kept (policy)" when a policy holds the
 * prediction back, "never applied (policy)" when a label or head is never written by rule.
 */
export function actionWord(action: string, reason: string | undefined, dryRun: boolean): string {
  if (reason?.startsWith('never applied')) return 'never applied (policy)';
  if (action === 'kept') return reason === undefined || reason === 'set by an agent' ? 'kept (agent)' : 'kept (policy)';
  if (action === 'unmapped') return 'no such value';
  if (!dryRun) return action;
  return { applied: 'would apply', suggested: 'would suggest', review: 'would review' }[action] ?? action;
}
