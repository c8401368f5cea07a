/**
 * The help desk a reading tool (overrides, drift) talks to, from the environment as update-ticket
 * reads it: the account (FRESHDESK_DOMAIN or FRESHDESK_BASE_URL, with or without /api/v2, and
 * FRESHDESK_API_KEY) and the head mapping (QUEUE_GROUP_MAP, CUSTOM_FIELD_HEADS), so labels are read
 * back the way update-ticket wrote them. A bad setting is a usage error naming it.
 */
import { type ConfigError, ticketSystemSettings } from '@shared/config';
import { createTicketSystem, type TicketSystem } from '@shared/ticket-system';
import { type Cli, usageError } from '../cli-args';
import { normalizeBaseUrl } from '../freshdesk-account';
import { loadHeadConfig } from '../../functions/update-ticket/config';
import type { HeadMapping } from '../shadow/agents-labels';

export function helpDeskFromEnv(
  cli: Cli,
  source: NodeJS.ProcessEnv = process.env,
): { ts: TicketSystem; mapping: HeadMapping } {
  try {
    const env = { ...source };
    if (env.FRESHDESK_BASE_URL) env.FRESHDESK_BASE_URL = normalizeBaseUrl(env.FRESHDESK_BASE_URL);
    const { queueToGroup, customFieldHeads } = loadHeadConfig(env);
    return { ts: createTicketSystem(ticketSystemSettings(env)), mapping: { queueToGroup, customFieldHeads } };
  } catch (err) {
    return usageError(cli, (err as ConfigError).message);
  }
}
