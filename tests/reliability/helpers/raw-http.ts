/** One HTTP request with any headers (fetch cannot set Host or Origin), for the door tests. */
import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  text: string;
}

export function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer | string = '',
): Promise<RawAnswer> {
  const u = new URL(url);
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        method,
        headers: { ...headers, 'content-length': String(payload.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).subarray(0, 500).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
