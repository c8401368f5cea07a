/** update-ticket's settings: the ticket system, thresholds, mappings and dry-run. */
import { z } from 'zod';
import { MarkerTag } from '@shared/contract';
import {
  ConfigError,
  parseEnv,
  signingSettings,
  stringBool,
  ticketSystemSettings,
  type Env,
  type SigningSettings,
} from '@shared/config';
import type { TicketSystemConfig } from '@shared/ticket-system';
import { BUILTIN_HEADS, headRegistry, WRITABLE_PRIORITIES, type Head } from '@shared/triage';
import type { UpdateServiceConfig } from '@shared/triage-services';

const Threshold = z.coerce.number().min(0).max(1);
/** A head's apply threshold: a confidence in [0, 1], or `never` to keep that head suggest-only. */
const HeadThreshold = z.union([z.literal('never').transform(() => Number.POSITIVE_INFINITY), Threshold]);
/**
 * THRESHOLD_<HEAD> per head; unset: the head's default in the registry (shared/triage/heads.ts),
 * from the shipped model's calibration (models/ticket-triage/manifest.json, `thresholds`). A model
 * trained on your tickets writes its own; set them from its card or the shadow evaluation.
 */
const thresholdShape = (heads: Iterable<Head>): Record<string, z.ZodOptional<typeof HeadThreshold>> =>
  Object.fromEntries([...heads].map((h) => [h.threshold.env, HeadThreshold.optional()]));
const parseThresholds = (heads: Iterable<Head>, env: Env): Record<string, number | undefined> =>
  parseEnv(z.object(thresholdShape(heads)), env);

const HeadEnv = z.object({
  APPLY_THRESHOLD: Threshold.default(0.6),
  QUEUE_GROUP_MAP: z.string().optional(),
  CUSTOM_FIELD_HEADS: z.string().optional(),
});
/** Every variable update-ticket reads by a fixed name (the runner lists them); custom heads add THRESHOLD_<HEAD>. */
export const UpdateEnv = HeadEnv.extend({
  REVIEW_BELOW: Threshold.default(0.3),
  TAGS_THRESHOLD: Threshold.default(0.5),
  MARKER_TAG: MarkerTag,
  REVIEW_TAG: z.string().min(1).max(32).default('ai-review'),
  REVIEW_GROUP: z.string().min(1).optional(),
  ONLY_EMPTY: stringBool.default(true),
  DRY_RUN: stringBool.default(false),
  PRIORITY_POLICY: z.enum(['raise-only', 'fill-default', 'never']).default('raise-only'),
  /** Every Freshdesk call of one invocation ends by then (429 waits included); below exec_timeout. */
  WRITE_DEADLINE_SECONDS: z.coerce.number().positive().max(3600).default(60),
  // The built-in heads' THRESHOLD_<HEAD> (keys only: they are parsed by loadHeadConfig).
}).extend(thresholdShape(BUILTIN_HEADS) as Record<never, never>);

export interface UpdateConfig extends UpdateServiceConfig {
  ticketSystem: TicketSystemConfig;
  dryRun: boolean;
  signing: SigningSettings;
}

/** The head part of the settings: also what the shadow evaluation and the export map fields with. */
export interface HeadConfig {
  queueToGroup: Record<string, string | number>;
  customFieldHeads: Record<string, string>;
  /** Apply threshold per head, and `default` (APPLY_THRESHOLD) for heads without one. */
  applyAt: Record<string, number>;
}

function jsonMap<T extends z.ZodType>(name: string, raw: string | undefined, schema: T): z.output<T> | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    return schema.parse(JSON.parse(raw));
  } catch (err) {
    throw new ConfigError(`${name}: must be a JSON object (${(err as Error).message.split('\n')[0]})`);
  }
}

/** `extra`: heads beyond the built-ins and CUSTOM_FIELD_HEADS (as in TriagePolicy.heads). */
export function loadHeadConfig(env: Env, extra: readonly Head[] = []): HeadConfig {
  const e = parseEnv(HeadEnv, env);
  parseThresholds(BUILTIN_HEADS, env); // a bad threshold is named before a bad map, as the runner's check expects
  const queueToGroup =
    jsonMap('QUEUE_GROUP_MAP', e.QUEUE_GROUP_MAP, z.record(z.string(), z.union([z.string(), z.number().int()]))) ?? {};
  const customFieldHeads =
    jsonMap('CUSTOM_FIELD_HEADS', e.CUSTOM_FIELD_HEADS, z.record(z.string(), z.string().min(1))) ?? {};
  const builtin = Object.keys(customFieldHeads).find((name) => BUILTIN_HEADS.some((h) => h.name === name));
  if (builtin)
    throw new ConfigError(
      `CUSTOM_FIELD_HEADS: "${builtin}" is a built-in head with its own ticket field; name custom heads otherwise`,
    );
  const heads = [...headRegistry(customFieldHeads, extra).values()];
  const t = parseThresholds(heads, env);
  // APPLY_THRESHOLD is a floor under every head: raising it (e.g. 0.99 for a careful start) raises
  // all of them; THRESHOLD_<HEAD> (the model's calibrated defaults) can only set a head higher.
  const applyAt: Record<string, number> = { default: e.APPLY_THRESHOLD };
  for (const h of heads)
    applyAt[h.name] = Math.max(e.APPLY_THRESHOLD, t[h.threshold.env] ?? h.threshold.default ?? e.APPLY_THRESHOLD);
  return { queueToGroup, customFieldHeads, applyAt };
}

export function loadConfig(env: Env): UpdateConfig {
  const e = parseEnv(UpdateEnv, env);
  const heads = loadHeadConfig(env);
  return {
    ticketSystem: ticketSystemSettings(env),
    dryRun: e.DRY_RUN,
    signing: signingSettings(env),
    deadlineMs: e.WRITE_DEADLINE_SECONDS * 1000,
    policy: {
      applyAt: heads.applyAt,
      reviewBelow: e.REVIEW_BELOW,
      tagsAt: e.TAGS_THRESHOLD,
      markerTag: e.MARKER_TAG,
      reviewTag: e.REVIEW_TAG,
      ...(e.REVIEW_GROUP ? { reviewGroup: e.REVIEW_GROUP } : {}),
      queueToGroup: heads.queueToGroup,
      priorityMap: { ...WRITABLE_PRIORITIES },
      customFieldHeads: heads.customFieldHeads,
      onlyEmpty: e.ONLY_EMPTY,
      priorityPolicy: e.PRIORITY_POLICY,
    },
  };
}
