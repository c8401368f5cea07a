/** The training progress display: a bar redrawn in place on a terminal, plain lines in a log. */
import { describe, expect, it } from 'vitest';
import { formatSeconds, ProgressBar } from '../../tools/train/progress';

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, out: { isTTY, write: (s: string) => writes.push(s) } };
}

describe('ProgressBar', () => {
  it('redraws one bar with percentage, counts, elapsed time and ETA on a terminal', () => {
    let now = 0;
    const s = sink(true);
    const bar = new ProgressBar({ out: s.out, now: () => now, intervalMs: 100 });
    bar.update('featurizing', 0, 1000);
    now = 2000;
    bar.update('featurizing', 250, 1000);
    now = 2050;
    bar.update('featurizing', 260, 1000); // within the redraw interval: skipped
    bar.line('epoch 1/20');
    bar.done();
    expect(s.writes[1]).toBe('\r\x1b[Kfeaturizing  [#####---------------]  25%  250/1,000  2.0 s  ETA 6.0 s');
    expect(s.writes).toHaveLength(3); // after a line there is no bar left to clear
    expect(s.writes[2]).toBe('\r\x1b[Kepoch 1/20\n');
  });

  it('writes plain lines at each tenth when stderr is not a terminal', () => {
    let now = 0;
    const s = sink(false);
    const bar = new ProgressBar({ out: s.out, now: () => now });
    for (let i = 0; i <= 100; i += 1) {
      now = i * 100;
      bar.update('training', i, 100);
    }
    expect(s.writes).toHaveLength(11);
    expect(s.writes.every((w) => !w.includes('\r') && w.endsWith('\n'))).toBe(true);
    expect(s.writes[5]).toBe('training      50%  50/100  5.0 s  ETA 5.0 s\n');
    expect(s.writes[10]).toBe('training     100%  100/100  10.0 s\n');
    // A phase that takes less than a second: its start and its end.
    const fast = sink(false);
    const quick = new ProgressBar({ out: fast.out, now: () => now });
    for (let i = 0; i <= 10; i += 1) {
      now = 20_000 + i * 50;
      quick.update('reading', i, 10);
    }
    expect(fast.writes).toEqual(['reading        0%  0/10  0.0 s  ETA ?\n', 'reading      100%  10/10  0.5 s\n']);
  });

  it('formats durations for people', () => {
    expect(formatSeconds(4.25)).toBe('4.3 s');
    expect(formatSeconds(125)).toBe('2 min 5 s');
    expect(formatSeconds(7300)).toBe('2 h 1 min');
    expect(formatSeconds(Infinity)).toBe('?');
  });
});
