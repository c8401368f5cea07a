/**
 * Turns what a function answered on failure (a status and an error text meant for logs) into a
 * reason a person can act on: which setting to check, what Freshdesk said.
 */

export interface CycleError {
  /** The ticket, when the failure was about one. */
  ticketId: number | null;
  function: string;
  status: number | null;
  /** The function's own error text, as it answered. */
  error: string;
  /** The same, said for a person. */
  reason: string;
}

/** @internal exported for tests and benches, not used by the product */
export function humanReason(fn: string, status: number | null, error: string, upstreamStatus?: number): string {
  const text = error.replace(/^ticket system: /, '');
  const call = /^(GET|PUT|POST|DELETE) (\S+): (.*)$/s.exec(text);
  if (upstreamStatus === 401)
    return `Freshdesk answered 401${call ? ` on ${call[1]} ${call[2]}` : ''}: check FRESHDESK_API_KEY`;
  // "HTTP 503" after the status says nothing new.
  const detail = call && !/^HTTP \d{3}$/.test(call[3]!) ? `: ${call[3]}` : '';
  if (upstreamStatus && upstreamStatus >= 500 && call)
    return `Freshdesk answered ${upstreamStatus} on ${call[1]} ${call[2]}${call[1] === 'POST' ? '' : ' (after retries)'}${detail}`;
  if (upstreamStatus && call) return `Freshdesk answered ${upstreamStatus} on ${call[1]} ${call[2]}${detail}`;
  const conn = /connection failed \(([^)]+)\)/.exec(text);
  if (conn) return `Freshdesk could not be reached (${conn[1]}): check FRESHDESK_DOMAIN / FRESHDESK_BASE_URL`;
  if (/logged in|HTTP 401|Authentication/i.test(text)) return 'Freshdesk answered 401: check FRESHDESK_API_KEY';
  if (/HTTP 403|access denied|not authorized|permission/i.test(text))
    return "Freshdesk answered 403: the API key's agent lacks a permission (tickets, groups, notes)";
  const config = /^configuration: (.*)$/s.exec(text);
  if (config) return `bad setting for ${fn}: ${config[1]}`;
  const server = /^(GET|PUT|POST|DELETE) (\S+): HTTP (5\d\d)/.exec(text);
  if (server) return `Freshdesk answered ${server[3]} on ${server[1]} ${server[2]} (after retries)`;
  if (/timed? ?out|TimeoutError/i.test(text) || status === 504) return `${fn} timed out${text ? ` (${text})` : ''}`;
  if (/rate limited/i.test(text) || status === 429) return `Freshdesk rate limit: ${text || 'too many requests'}`;
  if (status === 502 && text === '') return `${fn} did not answer (its process may have stopped)`;
  if (/classify-ticket answered (\d+)/.test(text)) return text;
  return text || `${fn} answered ${status ?? 'nothing'}`;
}

export function cycleError(
  fn: string,
  ticketId: number | null | undefined,
  status: number | null,
  error: unknown,
  upstreamStatus?: unknown,
): CycleError {
  const text = typeof error === 'string' ? error : error === undefined || error === null ? '' : JSON.stringify(error);
  const upstream = typeof upstreamStatus === 'number' ? upstreamStatus : undefined;
  return {
    ticketId: ticketId ?? null,
    function: fn,
    status,
    error: text,
    reason: humanReason(fn, status, text, upstream),
  };
}
