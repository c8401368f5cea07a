/**
 * A self-contained HTML page with one confusion-matrix heatmap per head (rows: actual, columns:
 * predicted, colour by share of the row), plus accuracy and macro-F1. No scripts, no external files.
 */
import type { HeadMetrics } from './metrics';

const esc = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

function heatmap(head: string, m: HeadMetrics): string {
  const labels = Object.keys(m.confusion);
  const header = labels.map((l) => `<th class="col"><span>${esc(l)}</span></th>`).join('');
  const rows = labels.map((a) => {
    const row = m.confusion[a] ?? {};
    const total = Object.values(row).reduce((s, n) => s + n, 0) || 1;
    const cells = labels.map((p) => {
      const n = row[p] ?? 0;
      const share = n / total;
      const hue = a === p ? 140 : 5;
      return `<td style="background:hsla(${hue},70%,45%,${share.toFixed(3)})" title="${esc(a)} → ${esc(p)}: ${n}">${n || ''}</td>`;
    });
    return `<tr><th>${esc(a)}</th>${cells.join('')}<td class="f1">${(m.perClass[a]?.f1 ?? 0).toFixed(2)}</td></tr>`;
  });
  return `<section><h2>${esc(head)}</h2><p>accuracy <b>${m.accuracy.toFixed(3)}</b> · macro-F1 <b>${m.macroF1.toFixed(3)}</b> · ${m.rows} tickets</p>
<table><tr><th>actual ↓ predicted →</th>${header}<th>F1</th></tr>${rows.join('')}</table></section>`;
}

/** `extra`: the run's warnings (training overlap, unknown labels) and each head's threshold figures, shown above the heat maps. */
export function renderReport(
  title: string,
  heads: Record<string, HeadMetrics>,
  extra: {
    warnings?: string[];
    thresholds?: Record<string, { threshold: number | null; precision: number | null; coverage: number }>;
  } = {},
): string {
  const warnings = (extra.warnings ?? []).map((w) => `<p class="warn">Warning: ${esc(w)}</p>`).join('');
  const rows = Object.entries(extra.thresholds ?? {}).map(
    ([h, t]) =>
      `<tr><th>${esc(h)}</th><td>${t.threshold === null ? 'never applied (policy: no threshold reaches the target)' : t.threshold}</td><td>${t.precision === null ? '–' : t.precision.toFixed(3)}</td><td>${t.coverage.toFixed(3)}</td></tr>`,
  );
  const thresholds = rows.length
    ? `<section><h2>Apply thresholds (the model's calibration)</h2><table><tr><th>head</th><th>threshold</th><th>precision at it</th><th>share applied</th></tr>${rows.join('')}</table></section>`
    : '';
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title><style>
body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 6px;text-align:right}
th{background:#f6f6f6;text-align:left}th.col{height:140px;vertical-align:bottom}th.col span{writing-mode:vertical-rl;transform:rotate(180deg)}td.f1{background:#fafafa}
section{margin-bottom:2.5em}.warn{background:#fff4d6;padding:.5em}</style></head><body><h1>${esc(title)}</h1>${warnings}${thresholds}${Object.entries(
    heads,
  )
    .map(([h, m]) => heatmap(h, m))
    .join('')}</body></html>\n`;
}
