/** The quiet switch: LOG_LEVEL=silent (set by vitest.config.ts) drops function and template logs; a test opts back in. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonLogger } from '../../shared/http/log';
import { defaultLog } from '../../template/node-ts/log';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('LOG_LEVEL=silent', () => {
  it('is what the test config sets', () => {
    expect(process.env.LOG_LEVEL).toBe('silent');
  });

  it('drops the lines of a function logger and of the template default log', () => {
    const out = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    jsonLogger('update-ticket')({ msg: 'updated', ticketId: 1 });
    defaultLog({ level: 'info', msg: 'draining' });
    expect(out).not.toHaveBeenCalled();
  });

  it('a test that asserts on logs opts back in with LOG_LEVEL=info', () => {
    vi.stubEnv('LOG_LEVEL', 'info');
    const out = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    jsonLogger('update-ticket')({ msg: 'updated', ticketId: 1 });
    defaultLog({ level: 'info', msg: 'draining' });
    expect(out).toHaveBeenCalledTimes(2);
    expect(JSON.parse(out.mock.calls[0]![0] as string)).toMatchObject({
      fn: 'update-ticket',
      level: 'info',
      msg: 'updated',
      ticketId: 1,
    });
    expect(out.mock.calls[1]![0]).toBe('{"level":"info","msg":"draining"}');
  });

  it('never drops the lines of a logger given its own write', () => {
    const lines: string[] = [];
    jsonLogger('fetch-tickets', (l) => lines.push(l))({ msg: 'run', level: 'error' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ fn: 'fetch-tickets', level: 'error', msg: 'run' });
  });
});
