/**
 * The function server: the OpenFaaS node template's handler contract (`event`, `context`) over
 * node:http, without its traps (docs/openfaas.md#the-node-templates-handler-contract): a thrown error is a 500 with a JSON body,
 * objects go out as application/json, malformed JSON is a 400 JSON error (no stack trace), the
 * body limit is configurable (413 JSON), and a rejected promise never takes the process down.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { jsonShapeProblem } from './json-limits';
import { defaultLog } from './log';

export interface FunctionEvent {
  /**
   * Parsed JSON for application/json, a string for text/* or no content type ('' when empty), else
   * a Buffer. Parsed on first read, so a handler can check the signature on `rawBody` before a
   * forged body costs a parse; a malformed or too deep/wide body throws a BodyError (400) then.
   */
  body: unknown;
  headers: IncomingHttpHeaders;
  method: string;
  query: Record<string, string>;
  path: string;
  rawBody: Buffer;
}

export interface FunctionContext {
  status(code?: number): FunctionContext & number;
  headers(h?: Record<string, string>): FunctionContext;
  succeed(value: unknown): void;
  fail(value: unknown): void;
}

export type Handler = (event: FunctionEvent, context: FunctionContext) => unknown;

export interface ServerOptions {
  /** @default 1 MiB (MAX_JSON_SIZE in the image) */
  maxBodyBytes?: number;
  /** One JSON object per line. @default defaultLog (stdout; LOG_LEVEL=silent drops it) */
  log?: (entry: Record<string, unknown>) => void;
  /**
   * Readiness check behind GET `readyPath` (of-watchdog's `ready_path` proxies `/_/ready` here):
   * 200 when it resolves (or is absent), 503 with the reason when it throws.
   */
  ready?: () => unknown;
  /** @default /_/ready */
  readyPath?: string;
}

/** A 4xx about the request body; handlers' error mapping answers it with its status (`expose`). */
export class BodyError extends Error {
  readonly expose = true;
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new BodyError(413, `request body is larger than ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  const type = (contentType ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) {
    if (raw.length === 0) return '';
    const text = raw.toString('utf8');
    const shape = jsonShapeProblem(text);
    if (shape) throw new BodyError(400, `${shape}: not accepted`);
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new BodyError(
        400,
        `malformed JSON: ${(err as Error).message.replace(/\s+in JSON at.*$/, '').slice(0, 200)}`,
      );
    }
  }
  if (type.startsWith('text/') || type === '') return raw.toString('utf8');
  return raw;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, value: unknown): void {
  const h: Record<string, string> = { ...headers };
  const has = (n: string) => Object.keys(h).some((k) => k.toLowerCase() === n);
  let payload: string | Buffer;
  if (value === undefined || value === null) payload = '';
  else if (Buffer.isBuffer(value)) {
    payload = value;
    if (!has('content-type')) h['content-type'] = 'application/octet-stream';
  } else if (typeof value === 'string') {
    payload = value;
    if (!has('content-type')) h['content-type'] = 'text/plain; charset=utf-8';
  } else {
    payload = JSON.stringify(value);
    if (!has('content-type')) h['content-type'] = 'application/json';
  }
  if (!res.headersSent) res.writeHead(status, h);
  res.end(payload);
}

export function createFunctionServer(handler: Handler, options: ServerOptions = {}): Server {
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  const log = options.log ?? defaultLog;
  return createServer((req, res) => {
    void (async () => {
      let status = 200;
      let headers: Record<string, string> = {};
      let done = false;
      const finish = (code: number, value: unknown): void => {
        if (done) return;
        done = true;
        send(res, code, headers, value);
      };
      const fail = (value: unknown): void => {
        const message = value instanceof Error ? value.message : typeof value === 'string' ? value : 'function failed';
        headers = { ...headers, 'content-type': 'application/json' };
        finish(
          status === 200 ? 500 : status,
          typeof value === 'object' && value !== null && !(value instanceof Error) ? value : { error: message },
        );
      };
      const context = {
        status(code?: number) {
          if (code === undefined) return status as never;
          status = code;
          return context as never;
        },
        headers(h?: Record<string, string>) {
          if (h === undefined) return headers as never;
          headers = { ...h };
          return context;
        },
        succeed: (value: unknown) => finish(status, value),
        fail,
      } as unknown as FunctionContext;
      try {
        const url = new URL(req.url ?? '/', 'http://function');
        if (req.method === 'GET' && url.pathname === (options.readyPath ?? '/_/ready')) {
          req.resume();
          headers = { 'content-type': 'application/json' };
          try {
            await options.ready?.();
            finish(200, { ready: true });
          } catch (err) {
            finish(503, { ready: false, error: (err as Error)?.message ?? String(err) });
          }
          return;
        }
        const rawBody = await readBody(req, limit);
        let parsed: { value: unknown } | undefined;
        const event: FunctionEvent = {
          get body() {
            parsed ??= { value: parseBody(rawBody, req.headers['content-type']) };
            return parsed.value;
          },
          headers: req.headers,
          method: req.method ?? 'GET',
          query: Object.fromEntries(url.searchParams),
          path: url.pathname,
          rawBody,
        };
        const result = await handler(event, context);
        if (!done) finish(status, result);
      } catch (err) {
        if (err instanceof BodyError) {
          headers = { 'content-type': 'application/json' };
          finish(err.status, { error: err.message });
          return;
        }
        log({ level: 'error', msg: 'handler threw', error: (err as Error)?.message ?? String(err) });
        headers = { 'content-type': 'application/json' };
        finish(500, { error: 'internal error in the function' });
      }
    })().catch((err: unknown) => {
      log({ level: 'error', msg: 'response failed', error: (err as Error)?.message ?? String(err) });
    });
  });
}
