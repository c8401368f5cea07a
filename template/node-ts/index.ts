/**
 * Image entry point (bundled to CommonJS as /home/app/index.js): loads the bundled handler from
 * ./function/handler.js and serves it on http_port for of-watchdog. Rejections and exceptions are
 * logged and survived: one bad request must not restart the container (openfaas.md §1.7).
 */
import { createFunctionServer, type Handler } from './server';

declare const require: (id: string) => unknown;

process.on('unhandledRejection', (reason) => console.error(JSON.stringify({ level: 'error', msg: 'unhandled rejection', error: String((reason as Error)?.message ?? reason) })));
process.on('uncaughtException', (err) => console.error(JSON.stringify({ level: 'error', msg: 'uncaught exception', error: err.message })));

const mod = require('./function/handler') as Handler | { default?: Handler };
const handler = typeof mod === 'function' ? mod : mod.default;
if (typeof handler !== 'function') throw new Error('function/handler.js must export a function (module.exports = handler or export default handler)');

const port = Number(process.env.http_port ?? 3000);
const maxBodyBytes = Number(process.env.MAX_JSON_SIZE_BYTES ?? 1024 * 1024);
createFunctionServer(handler, { maxBodyBytes }).listen(port, '127.0.0.1', () => console.log(JSON.stringify({ level: 'info', msg: 'listening', port })));
