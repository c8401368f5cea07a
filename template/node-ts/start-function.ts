/**
 * Serves one function of this repository behind the same server the image uses, for the local
 * runner and the tests: `tsx template/node-ts/start-function.ts <name> [port]` (port: http_port or 0).
 * Prints one JSON line `{"msg":"listening","port":N}` when ready.
 */
import type { AddressInfo } from 'node:net';
import { createFunctionServer, type Handler } from './server';

const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  console.error('usage: tsx template/node-ts/start-function.ts <function-name> [port]');
  process.exit(2);
}
process.on('unhandledRejection', (reason) =>
  console.error(
    JSON.stringify({ level: 'error', msg: 'unhandled rejection', error: String((reason as Error)?.message ?? reason) }),
  ),
);
process.on('uncaughtException', (err) =>
  console.error(JSON.stringify({ level: 'error', msg: 'uncaught exception', error: err.message })),
);

const mod = (await import(`../../functions/${name}/handler.ts`)) as { default: Handler | { default: Handler } };
const handler = typeof mod.default === 'function' ? mod.default : mod.default.default;
const port = Number(process.argv[3] ?? process.env.http_port ?? 0);
const server = createFunctionServer(handler, { maxBodyBytes: Number(process.env.MAX_JSON_SIZE_BYTES ?? 1024 * 1024) });
server.listen(port, '127.0.0.1', () =>
  console.log(
    JSON.stringify({ level: 'info', msg: 'listening', function: name, port: (server.address() as AddressInfo).port }),
  ),
);
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
