/**
 * The runner's `/system` API: what faas-cli reads (list, describe, version) with real invocation
 * counts, and 501 with a clear message where it would change something (deploy, update, remove,
 * scale, secrets): the runner runs stack.yml from source and cannot deploy.
 *
 * `/system/info` has two shapes. faas-cli asks a gateway, which answers `{provider: {...},
 * version, arch}`. A real gateway in front of the runner (the runner as its
 * `functions_provider_url`) asks its provider and expects faas-provider's ProviderInfo, `{provider:
 * "<name>", orchestration, version}`, which it wraps in its own answer. The gateway's forwarding
 * proxy always adds X-Forwarded-For (openfaas/faas gateway/handlers/forwarding_proxy.go): a request
 * carrying it gets the provider's shape.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type Reply, textReply, type Upstream } from './proxy';

const RUNNER_VERSION = { sha: 'local', release: 'dev' };
const PROVIDER = {
  provider: 'freshdesk-triage local runner (npm start)',
  orchestration: 'local processes',
  version: RUNNER_VERSION,
};

const json = (status: number, v: unknown): Reply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify(v)),
});

export interface SystemApiState {
  upstreams: Map<string, Upstream>;
  invocationCount(name: string): number;
  startedAt: string;
}

/** A function as faas-provider's FunctionStatus (what `faas-cli describe` and `list` print). */
function status(s: SystemApiState, u: Upstream): Record<string, unknown> {
  return {
    name: u.fn.name,
    image: u.fn.image,
    namespace: 'openfaas-fn',
    envProcess: 'node index.js',
    envVars: u.fn.environment,
    labels: u.fn.labels,
    annotations: u.fn.annotations,
    replicas: 1,
    availableReplicas: 1,
    invocationCount: s.invocationCount(u.fn.name),
    createdAt: s.startedAt,
  };
}

/** Whether a request came through an OpenFaaS gateway's forwarding proxy. */
function viaGateway(headers: IncomingHttpHeaders): boolean {
  return headers['x-forwarded-for'] !== undefined;
}

export function systemApi(s: SystemApiState, method: string, url: string, headers: IncomingHttpHeaders): Reply {
  const path = url.split('?')[0]!;
  if (method === 'GET' && path === '/system/functions')
    return json(
      200,
      [...s.upstreams.values()].map((u) => status(s, u)),
    );
  // A gateway asks for `<name>.<namespace>` (cron-connector 0.7 and the queue worker name the namespace).
  const one = /^\/system\/function\/([a-z0-9-]+)(?:\.[a-z0-9-]+)?$/.exec(path);
  if (method === 'GET' && one) {
    const u = s.upstreams.get(one[1]!);
    return u ? json(200, status(s, u)) : textReply(404, `No function found: ${one[1]}`);
  }
  if (method === 'GET' && path === '/system/info') {
    if (viaGateway(headers)) return json(200, PROVIDER);
    return json(200, {
      provider: PROVIDER,
      version: { ...RUNNER_VERSION, commit_message: 'not an OpenFaaS gateway' },
      arch: process.arch === 'x64' ? 'x86_64' : process.arch,
    });
  }
  if (method === 'GET' && path === '/system/namespaces') return json(200, ['openfaas-fn']);
  if (path === '/system/functions' || path.startsWith('/system/scale-function/') || path.startsWith('/system/secrets'))
    return textReply(
      501,
      `not supported by the local runner (npm start): it runs the functions of stack.yml from source and cannot deploy, update, remove, scale them or store secrets. Use a real OpenFaaS gateway for faas-cli up/deploy/remove/secret (docs/deploy.md).`,
    );
  return textReply(
    404,
    `${method} ${path}: not part of the local runner's /system API (functions, function/NAME, info, namespaces)`,
  );
}
