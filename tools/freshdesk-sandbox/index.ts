/**
 * A Freshdesk API v2-compatible sandbox server for tests, benchmarks and demos
 * (behaviour: /work/shared/docs/freshdesk-api.md). `startSandbox({ port: 0 })` starts one on
 * loopback and returns its URLs, its key and programmatic control.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ME_AGENT_ID } from './account';
import { AccountFlags, type AccountFlagsInput } from './account-flags';
import { createAdminHandler } from './admin';
import { actAsAgent as agentChange, agentNote, type AgentPatch } from './agent-actions';
import { Faults, type FaultInput } from './faults';
import { generateTickets, type GenerateOptions } from './generator';
import { DEFAULT_MAX_BODY_BYTES } from './http-util';
import { z } from 'zod';
import { TicketSeed, type StoredNote, type StoredTicket } from './model';
import { loadState, Persistence } from './persistence';
import { PLAN_LIMITS, SandboxRateLimit, type Plan, type RateLimitConfig } from './rate-limiter';
import { RequestLog, type RequestLogEntry } from './request-log';
import { addSeedTickets, resetStore, SeedInput } from './seed-loader';
import { createRequestHandler } from './server';
import { SandboxStore } from './store';
import { Webhooks, type Delivery, type WebhookConfig, type WebhookConfigInput } from './webhooks';

export interface SandboxOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** The API key clients must send; generated when absent. */
  apiKey?: string;
  /** Sets the rate limits (§11.2). @default 'pro' (§16) */
  plan?: Plan;
  /** Length of a rate-limit "minute" in ms; tests use e.g. 1000. @default 60000 */
  windowMs?: number;
  /** Overrides of the plan's limits. */
  rateLimit?: Partial<RateLimitConfig>;
  /** Initial tickets; ignored when `persistPath` already holds a state. @default 'demo' */
  seed?: SeedInput;
  faults?: FaultInput;
  /** JSON file to load from at start and write to (atomically) after changes. */
  persistPath?: string;
  /** Sandbox clock in ms since the epoch (ticket ages, `updated_at`, rate-limit windows). @default Date.now */
  now?: () => number;
  /** Larger bodies get 413. @default 20 MB (§12) */
  maxBodyBytes?: number;
  /** Account switches: admin-only tag creation, mandatory fields, search index lag (§15.3). */
  account?: AccountFlagsInput;
  /** An automation rule's "Trigger webhook" action (webhooks.ts); none when absent. */
  webhook?: WebhookConfigInput;
}

export interface Sandbox {
  /** `http://127.0.0.1:<port>/api/v2` */
  baseUrl: string;
  /** `http://127.0.0.1:<port>/_sandbox` */
  adminUrl: string;
  /** `http://127.0.0.1:<port>`, for clients that append `/api/v2` themselves. */
  origin: string;
  apiKey: string;
  port: number;
  store: SandboxStore;
  limiter: SandboxRateLimit;
  faults: Faults;
  /** Replaces the fault configuration (unset keys: no fault). */
  setFaults(f: FaultInput): void;
  /** Changes a ticket as a person in the help desk would (history source `agent`). */
  actAsAgent(id: number, patch: AgentPatch, agentId?: number): StoredTicket;
  agentNote(id: number, body: string, isPrivate?: boolean, agentId?: number): StoredNote;
  reset(seed?: SeedInput): void;
  addTickets(seeds: TicketSeed[]): StoredTicket[];
  /** Tickets arriving as a requester's new tickets would (history source `api`): webhook rules fire. */
  createTickets(seeds: TicketSeed[]): StoredTicket[];
  generateTickets(opts: GenerateOptions): StoredTicket[];
  setSuspended(value: boolean): void;
  /** Replaces the account switches (unset keys: off). */
  setAccountFlags(flags: AccountFlagsInput): void;
  requestLog(): RequestLogEntry[];
  /** Sets (or, with undefined, removes) the webhook rule. */
  setWebhook(config: WebhookConfigInput | undefined): WebhookConfig | undefined;
  webhookDeliveries(): Delivery[];
  close(): Promise<void>;
}

function generateApiKey(): string {
  return randomBytes(15).toString('base64url');
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? Date.now;
  const apiKey = options.apiKey ?? generateApiKey();
  let plan: Plan = options.plan ?? 'pro';
  const base = PLAN_LIMITS[plan];
  const limiter = new SandboxRateLimit(
    {
      overallPerWindow: options.rateLimit?.overallPerWindow ?? base.overallPerWindow,
      subLimits: { ...base.subLimits, ...options.rateLimit?.subLimits },
    },
    options.windowMs ?? 60_000,
    now,
  );
  const store = new SandboxStore(now);
  store.flags = AccountFlags.parse(options.account ?? {});
  const persisted = options.persistPath ? loadState(options.persistPath) : undefined;
  if (persisted) store.replace(persisted);
  else resetStore(store, SeedInput.parse(options.seed ?? 'demo'));
  const persistence = options.persistPath ? new Persistence(options.persistPath, store) : undefined;
  if (persistence && !persisted) persistence.flush();
  const faults = new Faults(options.faults ?? {});
  const log = new RequestLog();
  const host = options.host ?? '127.0.0.1';
  let origin = '';
  const info = () => ({
    baseUrl: `${origin}/api/v2`,
    plan,
    windowMs: limiter.windowMs,
    rateLimit: limiter.snapshot(),
    tickets: store.tickets().length,
    suspended: store.suspended,
    flags: store.flags,
    faults: faults.describe().config,
  });
  const webhooks = new Webhooks(() => origin, now);
  webhooks.set(options.webhook);
  store.onTicketEvent((kind, t, source) => webhooks.onTicketEvent(kind, t, source));
  const admin = createAdminHandler({
    store,
    limiter,
    faults,
    log,
    apiKey,
    info,
    webhooks,
    onPlan: (p) => {
      plan = p;
    },
  });
  const server = createServer(
    createRequestHandler({
      store,
      limiter,
      faults,
      log,
      apiKey,
      agentId: ME_AGENT_ID,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      admin,
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  origin = `http://${hostPart}:${port}`;
  let closed = false;
  return {
    baseUrl: `${origin}/api/v2`,
    adminUrl: `${origin}/_sandbox`,
    origin,
    apiKey,
    port,
    store,
    limiter,
    faults,
    setFaults: (f) => void faults.set(f),
    actAsAgent: (id, patch, agentId) => agentChange(store, id, patch, agentId),
    agentNote: (id, body, isPrivate, agentId) => agentNote(store, id, body, isPrivate, agentId),
    reset: (seed = 'demo') => {
      resetStore(store, SeedInput.parse(seed));
      limiter.reset();
    },
    addTickets: (seeds) => {
      const created = addSeedTickets(store, z.array(TicketSeed).parse(seeds));
      store.changed();
      return created;
    },
    createTickets: (seeds) => {
      const created = addSeedTickets(store, z.array(TicketSeed).parse(seeds), 'api');
      store.changed();
      return created;
    },
    generateTickets: (opts) => {
      const created = addSeedTickets(store, generateTickets(opts));
      store.changed();
      return created;
    },
    setSuspended: (v) => store.setSuspended(v),
    setAccountFlags: (f) => {
      store.flags = AccountFlags.parse(f);
    },
    requestLog: () => log.list(),
    setWebhook: (c) => webhooks.set(c),
    webhookDeliveries: () => webhooks.deliveries(),
    close: async () => {
      if (closed) return;
      closed = true;
      webhooks.close();
      persistence?.flush();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
/** @internal exported for tests and benches, not used by the product */
export { QUEUES, TICKET_TYPES } from './account';
