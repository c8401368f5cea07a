/** The dry-run report as one self-contained HTML page: no scripts, no external files. */
import { headRegistry } from '@shared/triage';
import type { HeadStats, ReportRow } from './dry-run';

const esc = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const ACTION_CLASS: Record<string, string> = {
  applied: 'ap',
  suggested: 'su',
  kept: 'ke',
  review: 're',
  unmapped: 'un',
};
const ACTION_TEXT: Record<string, string> = {
  applied: 'applied',
  suggested: 'suggested in the note',
  kept: 'kept (agent)',
  review: 'to review',
  unmapped: 'no such value',
};
const DRY_OUTCOME: Record<string, string> = {
  applied: 'would be applied',
  suggested: 'would get suggestions only',
  review: 'would go to review',
};
const DRY_TEXT: Record<string, string> = {
  applied: 'would apply',
  suggested: 'would suggest',
  review: 'would go to review',
};

function headTable(heads: HeadStats[]): string {
  const rows = heads.map(
    (h) =>
      `<tr><th>${esc(h.head)}</th><td>${h.tickets}</td><td>${h.applied} (${pct(h.coverage)})</td><td>${h.agentLabelled}</td><td>${h.agentLabelled ? `${h.agree} (${pct(h.agreement)})` : '–'}</td><td>${Number.isFinite(h.threshold) ? h.threshold : 'never'}</td><td>${h.confident ? `${h.confidentAgree} of ${h.confident} (${pct(h.precision)})` : '–'}</td></tr>`,
  );
  return `<table class="heads"><tr><th>head</th><th>tickets</th><th>applied (coverage)</th><th>with an agent's value</th><th>model agrees</th><th>apply threshold</th><th>agrees at ≥ threshold (precision)</th></tr>${rows.join('')}</table>
<p class="hint">An agent's value is a group, type or non-default priority already on the ticket; agreement on those tickets is what to expect where the model would fill empty fields.</p>`;
}

/** One small bar chart per head: agreement per confidence bin, against the diagonal a calibrated model would follow. */
function calibrationSvg(h: HeadStats): string {
  const W = 260;
  const H = 150;
  const plot = { x: 34, y: 10, w: W - 44, h: H - 44 };
  const bins = h.calibration;
  const bw = plot.w / bins.length;
  const y = (v: number) => plot.y + plot.h * (1 - v);
  const bars = bins.map((b, i) => {
    const x = plot.x + i * bw;
    const mid = (b.from + b.to) / 2;
    const rate = b.tickets ? b.agree / b.tickets : 0;
    const bar = b.tickets
      ? `<rect x="${(x + 4).toFixed(1)}" y="${y(rate).toFixed(1)}" width="${(bw - 8).toFixed(1)}" height="${(plot.y + plot.h - y(rate)).toFixed(1)}" fill="hsla(210,70%,50%,.55)"><title>${b.agree} of ${b.tickets} agree</title></rect>`
      : '';
    return `${bar}<line x1="${(x + 2).toFixed(1)}" x2="${(x + bw - 2).toFixed(1)}" y1="${y(mid).toFixed(1)}" y2="${y(mid).toFixed(1)}" stroke="#c33" stroke-dasharray="3 2"/><text x="${(x + bw / 2).toFixed(1)}" y="${plot.y + plot.h + 14}" text-anchor="middle">${b.from}–${b.to}</text><text x="${(x + bw / 2).toFixed(1)}" y="${plot.y + plot.h + 27}" text-anchor="middle" fill="#666">n=${b.tickets}</text>`;
  });
  return `<figure><svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(h.head)} calibration"><rect x="${plot.x}" y="${plot.y}" width="${plot.w}" height="${plot.h}" fill="#fafafa" stroke="#ccc"/>${[0, 0.5, 1].map((v) => `<text x="${plot.x - 4}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v * 100}%</text>`).join('')}${bars.join('')}</svg><figcaption>${esc(h.head)}</figcaption></figure>`;
}

function ticketRows(rows: ReportRow[], names: string[], dryRun: boolean): string {
  const heads = headRegistry();
  return rows
    .map((r) => {
      const cells = names.map((h) => {
        const p = r.predictions[h];
        const cur = r.current[h];
        // No agent's value: the head says how that looks (priority: Freshdesk's default, Low).
        const shown =
          cur === null || cur === undefined ? `<i>${esc(heads.get(h)?.unsetText ?? 'empty')}</i>` : esc(cur);
        if (!p) return `<td>${shown}</td><td>–</td>`;
        const text = (dryRun ? DRY_TEXT[p.action] : undefined) ?? ACTION_TEXT[p.action] ?? p.action;
        const agree = cur && cur.toLowerCase() === p.label.toLowerCase() ? ' agree' : '';
        return `<td class="cur">${shown}</td><td class="pred${agree}"><span class="lab">${esc(p.label)}</span> <span class="conf"><b style="width:${Math.round(p.confidence * 100)}%"></b>${Math.round(p.confidence * 100)}%</span> <span class="act ${ACTION_CLASS[p.action] ?? ''}" title="${esc(p.reason ?? '')}">${esc(text)}</span></td>`;
      });
      return `<tr><td class="id">${r.id}</td><td class="subj">${esc(r.subject)}</td>${cells.join('')}<td>${esc(r.outcome === 'skipped' ? r.reason : ((dryRun ? DRY_OUTCOME[r.outcome] : undefined) ?? r.outcome))}</td></tr>`;
    })
    .join('');
}

export function renderDryRunHtml(o: {
  title: string;
  account: string;
  generatedAt: Date;
  dryRun: boolean;
  rows: ReportRow[];
  heads: HeadStats[];
  errors: { ticketId: number | null; function: string; reason: string }[];
}): string {
  const headNames = o.heads.map((h) => h.head);
  const errors = o.errors.length
    ? `<h2>Errors (${o.errors.length})</h2><table><tr><th>ticket</th><th>function</th><th>reason</th></tr>${o.errors.map((e) => `<tr><td>${e.ticketId ?? '–'}</td><td>${esc(e.function)}</td><td>${esc(e.reason)}</td></tr>`).join('')}</table>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(o.title)}</title><style>
body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f6f6}.heads td{text-align:right}td.id{text-align:right;color:#666}td.subj{max-width:22em}td.cur{color:#555}
.conf{display:inline-block;position:relative;width:4.5em;background:#eee;text-align:center;font-size:12px}.conf b{position:absolute;left:0;top:0;bottom:0;background:hsla(210,70%,50%,.35)}
.act{font-size:12px;padding:1px 5px;border-radius:3px;white-space:nowrap}.ap{background:#d4f4dd}.su{background:#fff2c6}.ke{background:#e8e8e8}.re{background:#fcd9d6}.un{background:#f1dcf7}
td.agree .lab{text-decoration:underline dotted #2a7}.hint{color:#666;font-size:13px}.cal{display:flex;gap:1.5em;flex-wrap:wrap}figure{margin:0}figcaption{text-align:center;font-weight:600}svg text{font-size:11px}.banner{padding:.6em 1em;background:#fff7d6;border:1px solid #e8d68a;display:inline-block}
</style></head><body><h1>${esc(o.title)}</h1>
<p class="banner">${o.dryRun ? '<b>Dry run</b>: nothing was written to the tickets.' : 'Fields and notes <b>were written</b> in this run.'} Account: ${esc(o.account)} · ${esc(o.generatedAt.toISOString())} · ${o.rows.length} tickets</p>
<h2>Per head</h2>${headTable(o.heads)}
<h2>Calibration on the tickets with an agent's value</h2><div class="cal">${o.heads.map(calibrationSvg).join('')}</div>
<p class="hint">Bars: how often the prediction matches the agent's value, per confidence range; dashed: what a calibrated model would reach. Few tickets per range make a bar a rough guide.</p>${errors}
<h2>Per ticket: the fields now vs the predictions</h2>
<table class="tickets"><tr><th>id</th><th>subject</th>${headNames.map((h) => `<th>${esc(h)} now</th><th>${esc(h)} predicted</th>`).join('')}<th>outcome</th></tr>${ticketRows(o.rows, headNames, o.dryRun)}</table>
</body></html>
`;
}
