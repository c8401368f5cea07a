import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PersistenceError } from '../../tools/freshdesk-sandbox/persistence';
import { call, start } from './helpers';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'fd-sandbox-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('persistence', () => {
  it('survives a restart: tickets, notes, history and account state', async () => {
    const dir = tempDir();
    const file = join(dir, 'state.json');
    const first = await start({ persistPath: file });
    await call(first, 'PUT', '/tickets/3', { body: { priority: 4, tags: ['persisted'] } });
    await call(first, 'POST', '/tickets/3/notes', { body: { body: 'kept' } });
    first.actAsAgent(4, { status: 5 });
    const count = first.store.tickets().length;
    await first.close();
    // Atomic write: only the state file remains, no temp file.
    expect(readdirSync(dir)).toEqual(['state.json']);

    const second = await start({ persistPath: file, seed: 'empty' });
    try {
      expect(second.store.tickets()).toHaveLength(count);
      const t = (await call(second, 'GET', '/tickets/3?include=conversations')).body;
      expect(t).toMatchObject({ priority: 4, tags: ['persisted'] });
      expect(t.conversations.map((c: { body_text: string }) => c.body_text)).toContain('kept');
      expect(second.store.history(4).at(-1)?.source).toBe('agent');
    } finally {
      await second.close();
    }
  });

  it('refuses a file that is not a sandbox state, naming the file', async () => {
    const file = join(tempDir(), 'bad.json');
    writeFileSync(file, '{"hello": 1}');
    await expect(start({ persistPath: file })).rejects.toThrow(PersistenceError);
    await expect(start({ persistPath: file })).rejects.toThrow(file);
  });
});
