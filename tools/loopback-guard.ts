/**
 * Keeps web pages out of the local servers (the runner's gateway, the embedded sandbox). A page a
 * user has open can POST `text/plain` to `http://127.0.0.1:8080` (no CORS preflight), or reach the
 * same port under its own name after a DNS rebinding; both would write to the help desk. So:
 * - `Host` must name a loopback address (127.x, localhost, [::1]) or a host the operator allowed:
 *   a rebound name (`evil.example:8080`) is refused;
 * - a browser's `Origin` must be this very server (loopback host and the same host:port as `Host`),
 *   and `Sec-Fetch-Site` must be `same-origin` or `none` (typed in the address bar): a cross-site
 *   or same-site page is refused. Tools (curl, faas-cli, the cron connector, the queue worker,
 *   webhooks) send neither header and pass.
 */
import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/i;

/** The host name of a `Host` header value (`[::1]:8080` -> `[::1]`), lower-cased; undefined if malformed. */
function hostName(hostHeader: string): string | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i.exec(hostHeader.trim());
  return m ? m[1]!.toLowerCase() : undefined;
}

/** `allow`: extra host names (e.g. the name a real gateway uses to reach the runner), lower-cased. */
export function foreignRequestReason(headers: IncomingHttpHeaders, allow: readonly string[] = []): string | undefined {
  const host = headers.host;
  const name = host === undefined ? undefined : hostName(host);
  if (!name || !(LOOPBACK_HOST.test(name) || allow.includes(name)))
    return `Host ${JSON.stringify((host ?? '').slice(0, 100))} is not a loopback name this server answers to (127.0.0.1, localhost, [::1])`;
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none')
    return `a ${site} request from a web page (Sec-Fetch-Site) is refused`;
  const origin = headers.origin;
  if (typeof origin === 'string') {
    let ok = false;
    try {
      const o = new URL(origin);
      ok = (o.protocol === 'http:' || o.protocol === 'https:') && o.host.toLowerCase() === host!.trim().toLowerCase();
    } catch {
      ok = false;
    }
    if (!ok) return `a request from the web page at Origin ${JSON.stringify(origin.slice(0, 100))} is refused`;
  }
  return undefined;
}

/** Extra allowed host names from a comma-separated setting (e.g. RUNNER_ALLOWED_HOSTS). */
export function allowedHosts(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}
