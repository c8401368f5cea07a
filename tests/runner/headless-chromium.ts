/**
 * Opens a page in a real headless Chromium (Debian's /usr/bin/chromium) over the DevTools
 * protocol, with undici's WebSocket (no browser-automation dependency): collects console errors,
 * uncaught exceptions and failed loads, evaluates an expression, and takes a screenshot.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'undici';

export const CHROMIUM = '/usr/bin/chromium';

export interface PageCheck {
  errors: string[];
  value: unknown;
}

export async function checkPage(url: string, o: { screenshot: string; evaluate: string; width?: number; height?: number }): Promise<PageCheck> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
  const child = spawn(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const wsUrl = await new Promise<string>((resolve, reject) => {
      let err = '';
      const t = setTimeout(() => reject(new Error(`chromium did not start: ${err.slice(-500)}`)), 30_000);
      child.stderr!.on('data', (c: Buffer) => {
        err += c.toString();
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
        if (m) {
          clearTimeout(t);
          resolve(m[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`chromium exited with ${code}: ${err.slice(-500)}`)));
    });
    const ws = new WebSocket(wsUrl);
    await new Promise((resolve, reject) => {
      ws.addEventListener('open', resolve, { once: true });
      ws.addEventListener('error', reject, { once: true });
    });
    let id = 0;
    const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
    const events: { method: string; params: any }[] = [];
    const waiters: { method: string; resolve: () => void }[] = [];
    ws.addEventListener('message', (ev) => {
      const msg = JSON.parse(String(ev.data));
      if (msg.id !== undefined) {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(`${msg.error.message}`));
        else p?.resolve(msg.result);
      } else {
        events.push(msg);
        waiters.filter((w) => w.method === msg.method).forEach((w) => w.resolve());
      }
    });
    const send = (method: string, params: object = {}, sessionId?: string): Promise<any> =>
      new Promise((resolve, reject) => {
        id += 1;
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      });
    const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    for (const domain of ['Page', 'Runtime', 'Log']) await send(`${domain}.enable`, {}, sessionId);
    await send('Emulation.setDeviceMetricsOverride', { width: o.width ?? 1400, height: o.height ?? 1000, deviceScaleFactor: 1, mobile: false }, sessionId);
    const loaded = new Promise<void>((resolve) => waiters.push({ method: 'Page.loadEventFired', resolve }));
    const nav = await send('Page.navigate', { url }, sessionId);
    if (nav.errorText) throw new Error(`navigation failed: ${nav.errorText}`);
    await loaded;
    const value = (await send('Runtime.evaluate', { expression: o.evaluate, returnByValue: true }, sessionId)).result?.value;
    const shot = await send('Page.captureScreenshot', { format: 'png' }, sessionId);
    writeFileSync(o.screenshot, Buffer.from(shot.data, 'base64'));
    await send('Browser.close').catch(() => undefined);
    ws.close();
    const errors = events.flatMap((e) => {
      if (e.method === 'Runtime.consoleAPICalled' && (e.params.type === 'error' || e.params.type === 'assert')) return [`console.${e.params.type}: ${e.params.args.map((a: any) => a.value ?? a.description).join(' ')}`];
      if (e.method === 'Runtime.exceptionThrown') return [`exception: ${e.params.exceptionDetails.exception?.description ?? e.params.exceptionDetails.text}`];
      if (e.method === 'Log.entryAdded' && e.params.entry.level === 'error') return [`log: ${e.params.entry.text} ${e.params.entry.url ?? ''}`.trim()];
      return [];
    });
    return { errors, value };
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.once('exit', r)));
    rmSync(profile, { recursive: true, force: true });
  }
}
