/**
 * "Act as an agent": change a ticket the way a person in the help desk would. Same field rules as
 * the API, but recorded in the history with source `agent` and the agent's id, so tests can
 * check that the pipeline never overwrites a person's change.
 */
import { AGENT_ID_BASE } from './account';
import type { FieldError } from './http-util';
import type { StoredNote, StoredTicket } from './model';
import type { SandboxStore } from './store';
import { validateTicketUpdate } from './validation';

/**
 * The agent used when none is named: Mira Hoffmann, not the API key's owner.
 * @internal exported for tests and benches, not used by the product
 */
export const DEFAULT_HUMAN_AGENT_ID = AGENT_ID_BASE + 2;

export class AgentActionError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

export interface AgentPatch {
  [field: string]: unknown;
}

export function actAsAgent(
  store: SandboxStore,
  ticketId: number,
  patch: AgentPatch,
  agentId = DEFAULT_HUMAN_AGENT_ID,
): StoredTicket {
  const ticket = store.ticket(ticketId);
  if (!ticket) throw new AgentActionError(`ticket ${ticketId} does not exist`, 404);
  if (!store.state.agents.some((a) => a.id === agentId))
    throw new AgentActionError(`agent ${agentId} does not exist`, 400);
  const { errors, patch: clean } = validateTicketUpdate(patch, store);
  if (errors.length > 0) {
    throw new AgentActionError(
      `invalid agent change: ${errors.map((e) => `${e.field} (${e.code})`).join(', ')}`,
      400,
      errors,
    );
  }
  return store.update(ticket, clean, 'agent', agentId);
}

/** An agent writes a note (public reply or private note) on a ticket. */
export function agentNote(
  store: SandboxStore,
  ticketId: number,
  body: string,
  isPrivate = true,
  agentId = DEFAULT_HUMAN_AGENT_ID,
): StoredNote {
  const ticket = store.ticket(ticketId);
  if (!ticket) throw new AgentActionError(`ticket ${ticketId} does not exist`, 404);
  return store.addNote(ticket, { body, private: isPrivate, user_id: agentId }, 'agent');
}
