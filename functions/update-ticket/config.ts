/** update-ticket's settings: the ticket system, thresholds, mappings and dry-run. */
import { z } from 'zod';
import { MarkerTag } from '@shared/contract';
import { ConfigError, parseEnv, signingSettings, stringBool, ticketSystemSettings, type Env, type SigningSettings } from '@shared/config';
import type { TicketSystemConfig } from '@shared/ticket-system';
import type { TriagePolicy } from '@shared/triage';

const Threshold = z.coerce.number().min(0).max(1);
/** A head's apply threshold: a confidence in [0, 1], or `never` to keep that head suggest-only. */
const HeadThreshold = z.union([z.literal('never').transform(() => Number.POSITIVE_INFINITY), Threshold]);
/**
 * Per-head defaults from the shipped model's calibration (models/ticket-triage/manifest.json,
 * `thresholds`): applied fields were right >= 95% (queue, priority) and >= 97% (type) on its
 * validation split. A model trained on your tickets writes its own; set them from its card.
 */
export const MODEL_THRESHOLDS = { queue: 0.7, priority: 0.71, type: 0.8 } as const;
export const UpdateEnv = z.object({
  APPLY_THRESHOLD: Threshold.default(0.6),
  THRESHOLD_QUEUE: HeadThreshold.default(MODEL_THRESHOLDS.queue),
  THRESHOLD_PRIORITY: HeadThreshold.default(MODEL_THRESHOLDS.priority),
  THRESHOLD_TYPE: HeadThreshold.default(MODEL_THRESHOLDS.type),
  REVIEW_BELOW: Threshold.default(0.3),
  TAGS_THRESHOLD: Threshold.default(0.5),
  MARKER_TAG: MarkerTag,
  REVIEW_TAG: z.string().min(1).max(32).default('ai-review'),
  REVIEW_GROUP: z.string().min(1).optional(),
  QUEUE_GROUP_MAP: z.string().optional(),
  CUSTOM_FIELD_HEADS: z.string().optional(),
  ONLY_EMPTY: stringBool.default(true),
  DRY_RUN: stringBool.default(false),
  PRIORITY_POLICY: z.enum(['raise-only', 'fill-default', 'never']).default('raise-only'),
  /** Every Freshdesk call of one invocation ends by then (429 waits included); below exec_timeout. */
  WRITE_DEADLINE_SECONDS: z.coerce.number().positive().max(3600).default(60),
});

export interface UpdateConfig {
  ticketSystem: TicketSystemConfig;
  policy: TriagePolicy;
  dryRun: boolean;
  signing: SigningSettings;
  deadlineMs: number;
}

function jsonMap<T extends z.ZodType>(name: string, raw: string | undefined, schema: T): z.output<T> | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    return schema.parse(JSON.parse(raw));
  } catch (err) {
    throw new ConfigError(`${name}: must be a JSON object (${(err as Error).message.split('\n')[0]})`);
  }
}

export function loadConfig(env: Env): UpdateConfig {
  const e = parseEnv(UpdateEnv, env);
  // APPLY_THRESHOLD is a floor under every head: raising it (e.g. 0.99 for a careful start) raises
  // all of them; THRESHOLD_<HEAD> (the model's calibrated defaults) can only set a head higher.
  const applyAt: Record<string, number> = {
    default: e.APPLY_THRESHOLD,
    queue: Math.max(e.APPLY_THRESHOLD, e.THRESHOLD_QUEUE),
    priority: Math.max(e.APPLY_THRESHOLD, e.THRESHOLD_PRIORITY),
    type: Math.max(e.APPLY_THRESHOLD, e.THRESHOLD_TYPE),
  };
  return {
    ticketSystem: ticketSystemSettings(env),
    dryRun: e.DRY_RUN,
    signing: signingSettings(env),
    deadlineMs: e.WRITE_DEADLINE_SECONDS * 1000,
    policy: {
      applyAt,
      reviewBelow: e.REVIEW_BELOW,
      tagsAt: e.TAGS_THRESHOLD,
      markerTag: e.MARKER_TAG,
      reviewTag: e.REVIEW_TAG,
      ...(e.REVIEW_GROUP ? { reviewGroup: e.REVIEW_GROUP } : {}),
      queueToGroup: jsonMap('QUEUE_GROUP_MAP', e.QUEUE_GROUP_MAP, z.record(z.string(), z.union([z.string(), z.number().int()]))) ?? {},
      priorityMap: { low: 1, medium: 2, high: 3 },
      customFieldHeads: jsonMap('CUSTOM_FIELD_HEADS', e.CUSTOM_FIELD_HEADS, z.record(z.string(), z.string())) ?? {},
      onlyEmpty: e.ONLY_EMPTY,
      priorityPolicy: e.PRIORITY_POLICY,
    },
  };
}
