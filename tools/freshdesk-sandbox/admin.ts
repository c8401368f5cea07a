/**
 * The admin API under `/_sandbox/` (not under `/api/v2`, never rate limited): seed/reset, bulk
 * generation, tickets with notes and history, request log, faults, acting as an agent, account
 * state. Open on loopback; from elsewhere it needs the same API key as the API.
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { AccountFlags } from './account-flags';
import { actAsAgent, AgentActionError, agentNote } from './agent-actions';
import { keyFromAuthorization, keyMatches } from './auth';
import { FaultConfig, type Faults } from './faults';
import { generateTickets, GenerateOptions } from './generator';
import { codeError, empty, json, validationFailed, type Reply } from './http-util';
import { TicketSeed, type StoredTicket } from './model';
import { PLAN_LIMITS, Plan, type SandboxRateLimit } from './rate-limiter';
import type { RequestLog } from './request-log';
import { renderConversation, renderTicket } from './render';
import { addSeedTickets, resetStore, SeedError, SeedInput } from './seed-loader';
import type { SandboxStore } from './store';
import { WebhookConfig, type Webhooks } from './webhooks';

export interface AdminDeps {
  store: SandboxStore;
  limiter: SandboxRateLimit;
  faults: Faults;
  log: RequestLog;
  apiKey: string;
  info: () => Record<string, unknown>;
  webhooks: Webhooks;
  /** Called when the admin API switches the plan, so `info()` reports it. */
  onPlan: (plan: Plan) => void;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const ResetBody = z.strictObject({ seed: SeedInput.default('demo') });
const AgentBody = z.strictObject({
  changes: z.record(z.string(), z.unknown()).default({}),
  agentId: z.number().int().positive().optional(),
  note: z.strictObject({ body: z.string().min(1), private: z.boolean().default(true) }).optional(),
});
const AccountBody = z.strictObject({
  suspended: z.boolean().optional(),
  plan: Plan.optional(),
  windowMs: z.number().int().min(10).max(3_600_000).optional(),
  flags: AccountFlags.optional(),
});

/** zod failure → 400 naming every problem in plain words. */
const badRequest = (err: z.ZodError): Reply =>
  codeError(
    400,
    'invalid_admin_request',
    z.prettifyError({ issues: err.issues.slice(0, 5) } as z.ZodError).slice(0, 2000),
  );

/** The header every admin write needs: a page on another origin cannot send it without a CORS preflight, which the sandbox never grants. */
const ADMIN_HEADER = 'x-sandbox-admin';

/**
 * Closed doors for admin writes (POST/PUT/DELETE): the `X-Sandbox-Admin` header and, with a body,
 * `Content-Type: application/json`. A cross-origin `text/plain` form POST can do neither.
 */
function adminDoor(req: IncomingMessage, method: string): Reply | undefined {
  if (method === 'GET' || method === 'HEAD') return undefined;
  if (req.headers[ADMIN_HEADER] === undefined) {
    return codeError(
      403,
      'admin_header_required',
      'admin writes need the header X-Sandbox-Admin: 1 (curl -H "X-Sandbox-Admin: 1")',
    );
  }
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (hasBody && type !== 'application/json')
    return codeError(415, 'invalid_content_type', "Content-Type header should have 'application/json'");
  return undefined;
}

function adminTicketView(store: SandboxStore, t: StoredTicket): Record<string, unknown> {
  return {
    ticket: renderTicket(store, t, { description: true, attachments: false, includes: ['stats'] }),
    expected: t.expected ?? null,
    notes: store.notes(t.id).map(renderConversation),
    history: store.history(t.id),
  };
}

/** A request body that failed its schema: answered with the 400 it carries. */
class BadAdminBody extends Error {
  constructor(readonly reply: Reply) {
    super('invalid admin request');
  }
}

/** What a route sees of its request. */
interface AdminCall {
  url: URL;
  /** The ticket id in the path, NaN when there is none. */
  id: number;
  /** The JSON body checked against `schema` (throws BadAdminBody with the 400). */
  body<S extends z.ZodType>(schema: S): Promise<z.infer<S>>;
}
type AdminRoutes = Record<string, (c: AdminCall) => Reply | Promise<Reply>>;

/** Seeding and reading tickets, and acting on one as a human agent. */
function ticketRoutes({ store, limiter }: AdminDeps): AdminRoutes {
  return {
    'POST /reset': async (c) => {
      resetStore(store, (await c.body(ResetBody)).seed);
      limiter.reset();
      return json(200, { tickets: store.tickets().length });
    },
    'POST /tickets': async (c) => {
      const b = await c.body(z.union([z.array(TicketSeed), z.strictObject({ tickets: z.array(TicketSeed) })]));
      const created = addSeedTickets(store, Array.isArray(b) ? b : b.tickets);
      store.changed();
      return json(201, { created: created.length, ids: created.map((t) => t.id) });
    },
    'POST /tickets/bulk': async (c) => {
      const created = addSeedTickets(store, generateTickets(await c.body(GenerateOptions)));
      store.changed();
      return json(201, {
        created: created.length,
        firstId: created[0]?.id ?? null,
        lastId: created.at(-1)?.id ?? null,
      });
    },
    'GET /tickets': () =>
      json(
        200,
        store.tickets().map((t) => adminTicketView(store, t)),
      ),
    'GET /tickets/:id': (c) => {
      const t = store.ticket(c.id);
      return t ? json(200, adminTicketView(store, t)) : empty(404);
    },
    'POST /tickets/:id/agent': async (c) => {
      const b = await c.body(AgentBody);
      const t = actAsAgent(store, c.id, b.changes, b.agentId);
      if (b.note) agentNote(store, c.id, b.note.body, b.note.private, b.agentId);
      return json(200, adminTicketView(store, t));
    },
  };
}

/** What tests steer and observe: the request log, faults, the credit bucket, the account, the webhook. */
function environmentRoutes(deps: AdminDeps): AdminRoutes {
  const { store, limiter, faults, log, webhooks } = deps;
  return {
    'GET /': () => json(200, deps.info()),
    'GET /requests': (c) => {
      const since = c.url.searchParams.get('since');
      return json(200, log.list(since === null ? {} : { since: Number(since) }));
    },
    'DELETE /requests': () => {
      log.clear();
      return empty(204);
    },
    'GET /faults': () => json(200, faults.describe()),
    'PUT /faults': async (c) => {
      faults.set(await c.body(FaultConfig));
      return json(200, faults.describe());
    },
    'DELETE /faults': () => {
      faults.set({});
      return json(200, faults.describe());
    },
    'GET /rate-limit': () => json(200, limiter.snapshot()),
    'PUT /account': async (c) => {
      const b = await c.body(AccountBody);
      if (b.suspended !== undefined) store.setSuspended(b.suspended);
      if (b.flags) store.flags = b.flags;
      if (b.plan) {
        limiter.config = PLAN_LIMITS[b.plan];
        deps.onPlan(b.plan);
      }
      if (b.windowMs) limiter.windowMs = b.windowMs;
      if (b.plan || b.windowMs) limiter.reset();
      return json(200, deps.info());
    },
    'GET /webhook': () => json(200, webhooks.describe()),
    'PUT /webhook': async (c) => {
      webhooks.set(await c.body(WebhookConfig));
      return json(200, webhooks.describe());
    },
    'DELETE /webhook': () => {
      webhooks.set(undefined);
      return json(200, webhooks.describe());
    },
  };
}

/** The sandbox's own errors as the 4xx the admin API answers. */
function adminError(err: unknown): Reply {
  if (err instanceof BadAdminBody) return err.reply;
  if (err instanceof AgentActionError) {
    return err.errors.length > 0
      ? validationFailed(err.errors)
      : codeError(err.status, 'invalid_agent_action', err.message);
  }
  if (err instanceof SeedError) return codeError(400, 'invalid_seed', err.message);
  throw err;
}

export function createAdminHandler(deps: AdminDeps) {
  const routes: AdminRoutes = { ...ticketRoutes(deps), ...environmentRoutes(deps) };
  return async (req: IncomingMessage, url: URL, readBody: () => Promise<unknown>): Promise<Reply> => {
    const remote = req.socket.remoteAddress ?? '';
    if (!LOOPBACK.has(remote) && !keyMatches(keyFromAuthorization(req.headers.authorization), deps.apiKey)) {
      return codeError(401, 'invalid_credentials', 'You have to be logged in to perform this action.');
    }
    const method = req.method ?? 'GET';
    const closed = adminDoor(req, method);
    if (closed) return closed;
    const path = url.pathname.replace(/^\/_sandbox/, '').replace(/\/$/, '') || '/';
    const route = routes[`${method} ${path.replace(/\/\d+(?=\/|$)/g, '/:id')}`];
    if (!route) return empty(404);
    const call: AdminCall = {
      url,
      id: Number(/\/tickets\/(\d+)/.exec(path)?.[1]),
      async body(schema) {
        const parsed = schema.safeParse((await readBody()) ?? {});
        if (!parsed.success) throw new BadAdminBody(badRequest(parsed.error));
        return parsed.data;
      },
    };
    try {
      return await route(call);
    } catch (err) {
      return adminError(err);
    }
  };
}
