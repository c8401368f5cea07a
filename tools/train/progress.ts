/**
 * Progress of long training runs on stderr: on a terminal one bar redrawn in place
 *   featurizing  [##########----------]  48%  8,364/17,422  6.1 s  ETA 6.6 s
 * and, when stderr is a file or a pipe (CI logs, `2> train.log`), plain lines at each tenth of a
 * phase (at most one a second), so a log shows where the time went without carriage-return noise.
 */

/** What the training loop calls: `done` of `total` units of the named phase. */
export type ProgressCallback = (done: number, total: number, phase?: string) => void;

export interface ProgressOptions {
  /** @default process.stderr */
  out?: { write(s: string): unknown; isTTY?: boolean };
  /** Redraw (terminal) at most this often. @default 100 */
  intervalMs?: number;
  now?: () => number;
}

const WIDTH = 20;
const count = (n: number) => Math.round(n).toLocaleString('en-US');
export const megabytes = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

/** @internal exported for tests and benches, not used by the product */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s - 60 * m)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export class ProgressBar {
  private readonly out: { write(s: string): unknown; isTTY?: boolean };
  private readonly tty: boolean;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private phase = '';
  private phaseStart = 0;
  private lastDraw = -Infinity;
  private lastTenth = -1;
  private drawn = false;

  constructor(o: ProgressOptions = {}) {
    this.out = o.out ?? process.stderr;
    this.tty = this.out.isTTY === true;
    this.intervalMs = o.intervalMs ?? 100;
    this.now = o.now ?? (() => performance.now());
  }

  /** Reports `done` of `total` for `phase`; `format` prints the units (rows by default). */
  update(phase: string, done: number, total: number, format: (n: number) => string = count): void {
    const t = this.now();
    if (phase !== this.phase) {
      this.phase = phase;
      this.phaseStart = t;
      this.lastTenth = -1;
      this.lastDraw = -Infinity;
    }
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const elapsed = (t - this.phaseStart) / 1000;
    const eta = share > 0 ? (elapsed * (1 - share)) / share : Infinity;
    const text = `${phase.padEnd(12)} ${this.tty ? `[${'#'.repeat(Math.round(share * WIDTH)).padEnd(WIDTH, '-')}] ` : ''}${`${Math.floor(share * 100)}%`.padStart(4)}  ${format(done)}/${format(total)}  ${formatSeconds(elapsed)}${share < 1 ? `  ETA ${formatSeconds(eta)}` : ''}`;
    if (this.tty) {
      if (t - this.lastDraw < this.intervalMs && share < 1) return;
      this.lastDraw = t;
      this.out.write(`\r\x1b[K${text}`);
      this.drawn = true;
      return;
    }
    // A log line per tenth, but not more than one a second (a fast phase shows its start and end).
    const tenth = Math.floor(share * 10);
    if (tenth === this.lastTenth || (share < 1 && this.lastTenth >= 0 && t - this.lastDraw < 1000)) return;
    this.lastTenth = tenth;
    this.lastDraw = t;
    this.out.write(`${text}\n`);
  }

  /** A line that stays (the bar, if any, is cleared first and redrawn by the next update). */
  line(text: string): void {
    this.out.write(this.tty && this.drawn ? `\r\x1b[K${text}\n` : `${text}\n`);
    this.drawn = false;
    this.lastDraw = -Infinity;
  }

  /** Clears the bar at the end. */
  done(): void {
    if (this.tty && this.drawn) this.out.write('\r\x1b[K');
    this.drawn = false;
  }
}

/** Peak resident memory of this process so far, in MB (what the bench's train curve reads). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** CPU time of this process so far (user + system), in seconds: on a shared machine, wall time also counts the others' work. */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
