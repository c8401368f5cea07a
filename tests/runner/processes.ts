/** Processes whose environment holds a marker variable: how tests prove nothing was left behind. */
import { readdirSync, readFileSync } from 'node:fs';

export function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/environ`, 'utf8').includes(marker)) pids.push(Number(d));
    } catch {
      // gone, or not ours
    }
  }
  return pids;
}
