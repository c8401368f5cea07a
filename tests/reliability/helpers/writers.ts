/**
 * Several update-ticket PROCESSES (not one module imported twice: in-process locks must not
 * help) on one sandbox, as two replicas or a rolling update would run, and a hand-built
 * classify-ticket result so no model has to run.
 */
import { join } from 'node:path';
import { startFunctionProcess, stopAll, type FunctionProcess } from '../../../tools/runner/supervisor';
import type { Sandbox } from '../../../tools/freshdesk-sandbox/index';

export interface Writers {
  urls: string[];
  procs: FunctionProcess[];
  close(): Promise<void>;
}

export async function startWriters(
  sb: Sandbox,
  n: number,
  env: Record<string, string> = {},
  name = 'update-ticket',
): Promise<Writers> {
  const root = process.cwd();
  const procs: FunctionProcess[] = [];
  for (let i = 0; i < n; i += 1) {
    procs.push(
      await startFunctionProcess(
        root,
        name,
        {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          FRESHDESK_BASE_URL: sb.baseUrl,
          FRESHDESK_API_KEY: sb.apiKey,
          SECRETS_DIR: join(root, '.no-secrets'),
          APPLY_THRESHOLD: '0.5',
          ...env,
        },
        () => undefined,
      ),
    );
  }
  return { urls: procs.map((p) => `http://127.0.0.1:${p.port}`), procs, close: () => stopAll(procs) };
}

/** A confident classify-ticket answer for a ticket, as fetch-tickets' hand-over would carry it. */
export function resultFor(sb: Sandbox, id: number, version = '2.0.0') {
  const t = sb.store.ticket(id)!;
  const head = (label: string, confidence: number) => ({ label, confidence, alternatives: [] });
  return {
    ticketId: id,
    model: { name: 'ticket-triage', version },
    predictions: { queue: head('Technical Support', 0.9), priority: head('high', 0.9), type: head('Incident', 0.9) },
    tags: [{ label: 'vpn', confidence: 0.8 }],
    explanation: { queue: ['vpn'] },
    ticket: { id, updatedAt: t.updated_at, groupId: t.group_id, priority: t.priority, type: t.type, tags: [...t.tags] },
  };
}

export async function deliver(url: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

/** Our triage notes on a ticket, counted the strict way (private, by the key's agent, with the id line). */
export function triageNotes(sb: Sandbox, id: number, meId: number, version = '2.0.0'): number {
  return sb.store
    .notes(id)
    .filter((n) => n.private && n.user_id === meId && n.body.includes(`ai-triage-id: ${id}/${version}`)).length;
}
