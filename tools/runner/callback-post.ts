/**
 * The queue worker's one POST of an answer to X-Callback-Url, over the URL's own scheme: an
 * `https://` callback goes out over TLS (it used to be sent as plain HTTP), and an IPv6 literal
 * (`http://[::1]:8080/...`) is dialled without its URL brackets (which used to fail).
 */
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type CallbackOutcome = { status: number } | { error: string };

export function postCallback(target: URL, headers: OutgoingHttpHeaders, body: Buffer): Promise<CallbackOutcome> {
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = send(
      {
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: target.port || (target.protocol === 'https:' ? 443 : 80),
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        headers: { ...headers, 'content-length': String(body.length) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', (err) => resolve({ error: err.message }));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end(body);
  });
}
