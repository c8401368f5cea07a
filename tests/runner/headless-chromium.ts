/**
 * Opens a page in a real headless Chromium (the first of chromium, chromium-browser, google-chrome on PATH) over the DevTools
 * protocol, with undici's WebSocket (no browser-automation dependency): collects console errors,
 * uncaught exceptions and failed loads, evaluates an expression, and takes a screenshot.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { WebSocket } from 'undici';

/** The browser's executable found on PATH, or undefined (the browser tests are then skipped and say so). */
export const CHROMIUM = findOnPath(['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']);

function findOnPath(names: string[]): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of names)
    for (const dir of dirs) {
      const file = join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {}
    }
  return undefined;
}

export interface PageCheck {
  errors: string[];
  value: unknown;
}

export async function checkPage(
  url: string,
  o: { screenshot: string; evaluate: string; width?: number; height?: number },
): Promise<PageCheck> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
  if (!CHROMIUM) throw new Error('no chromium on PATH');
  const child = spawn(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const exited = new Promise((r) => child.once('exit', r));
  try {
    const wsUrl = await new Promise<string>((resolve, reject) => {
      let err = '';
      // Generous: on a loaded 2-core machine Chromium can take tens of seconds to start.
      const t = setTimeout(() => reject(new Error(`chromium did not start within 90 s: ${err.slice(-500)}`)), 90_000);
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
      const t = setTimeout(() => reject(new Error('could not connect to chromium DevTools within 60 s')), 60_000);
      ws.addEventListener(
        'open',
        (e) => {
          clearTimeout(t);
          resolve(e);
        },
        { once: true },
      );
      ws.addEventListener(
        'error',
        () => {
          clearTimeout(t);
          reject(new Error('could not connect to chromium DevTools'));
        },
        { once: true },
      );
    });
    let id = 0;
    const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
    const events: { method: string; params: any }[] = [];
    ws.addEventListener('message', (ev) => {
      const msg = JSON.parse(String(ev.data));
      if (msg.id !== undefined) {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(`${msg.error.message}`));
        else p?.resolve(msg.result);
      } else {
        events.push(msg);
      }
    });
    ws.addEventListener('close', () => {
      for (const p of pending.values()) p.reject(new Error('the DevTools connection closed'));
    });
    // Every call is bounded: a browser that stops answering fails the check with the call's name, never hangs it.
    const send = (method: string, params: object = {}, sessionId?: string): Promise<any> =>
      new Promise((resolve, reject) => {
        id += 1;
        const callId = id;
        const t = setTimeout(() => {
          pending.delete(callId);
          reject(new Error(`chromium did not answer ${method} within 60 s`));
        }, 60_000);
        pending.set(callId, {
          resolve: (v) => {
            clearTimeout(t);
            resolve(v);
          },
          reject: (e) => {
            clearTimeout(t);
            reject(e);
          },
        });
        ws.send(JSON.stringify({ id: callId, method, params, ...(sessionId ? { sessionId } : {}) }));
      });
    const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    for (const domain of ['Page', 'Runtime', 'Log']) await send(`${domain}.enable`, {}, sessionId);
    await send(
      'Emulation.setDeviceMetricsOverride',
      { width: o.width ?? 1400, height: o.height ?? 1000, deviceScaleFactor: 1, mobile: false },
      sessionId,
    );
    const nav = await send('Page.navigate', { url }, sessionId);
    if (nav.errorText) throw new Error(`navigation failed: ${nav.errorText}`);
    // Poll the page itself rather than wait for an event that may have fired for about:blank.
    const until = Date.now() + 60_000;
    for (;;) {
      const state = (
        await send(
          'Runtime.evaluate',
          { expression: '[location.href, document.readyState]', returnByValue: true },
          sessionId,
        )
      ).result?.value as [string, string];
      if (state[0] === url && state[1] === 'complete') break;
      if (Date.now() > until) throw new Error(`the page did not finish loading within 60 s (${state.join(', ')})`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const value = (await send('Runtime.evaluate', { expression: o.evaluate, returnByValue: true }, sessionId)).result
      ?.value;
    const shot = await send('Page.captureScreenshot', { format: 'png' }, sessionId);
    writeFileSync(o.screenshot, Buffer.from(shot.data, 'base64'));
    await send('Browser.close').catch(() => undefined);
    ws.close();
    const errors = events.flatMap((e) => {
      if (e.method === 'Runtime.consoleAPICalled' && (e.params.type === 'error' || e.params.type === 'assert'))
        return [`console.${e.params.type}: ${e.params.args.map((a: any) => a.value ?? a.description).join(' ')}`];
      if (e.method === 'Runtime.exceptionThrown')
        return [`exception: ${e.params.exceptionDetails.exception?.description ?? e.params.exceptionDetails.text}`];
      if (e.method === 'Log.entryAdded' && e.params.entry.level === 'error')
        return [`log: ${e.params.entry.text} ${e.params.entry.url ?? ''}`.trim()];
      return [];
    });
    return { errors, value };
  } finally {
    // Browser.close was asked for; give it a moment, then end Chromium's whole process group
    // (renderer and zygote included), so nothing writes to the profile while it is removed.
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is already gone
    }
    await exited;
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}
