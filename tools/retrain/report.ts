/** The comparison report of a retrain run: the same figures for both models, as HTML (self-contained) and text. */
import type { GateRules, GateVerdict } from './gate';
import type { ModelScore } from './score';

export interface RetrainReport {
  live: ModelScore;
  candidate: ModelScore;
  verdict: GateVerdict;
  rules: GateRules;
  data: {
    exported: number;
    trainRows: number;
    comparisonRows: number;
    /** The comparison tickets start here (the newest agent-decided tickets). */
    cutoff: string;
    /** Comparison tickets left out because the live model had seen them. */
    droppedSeen: number;
  };
  warnings: string[];
  /** Where the candidate now is (a versioned folder when promoted) and how to deploy it. */
  candidateDir: string;
  deploy: string[];
}

const esc = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
const n3 = (x: number | null): string => (x === null ? '–' : x.toFixed(3));
const th = (x: number | null): string => (x === null ? 'never' : String(x));

function rows(r: RetrainReport): { head: string; cells: string[] }[] {
  const heads = [...new Set([...Object.keys(r.live.heads), ...Object.keys(r.candidate.heads)])];
  return heads.map((head) => {
    const l = r.live.heads[head];
    const c = r.candidate.heads[head];
    return {
      head,
      cells: [
        String(c?.rows ?? l?.rows ?? 0),
        n3(l?.accuracy ?? null),
        n3(c?.accuracy ?? null),
        th(l?.threshold ?? null),
        th(c?.threshold ?? null),
        n3(l?.applied ?? null),
        n3(c?.applied ?? null),
        n3(l?.precision ?? null),
        n3(c?.precision ?? null),
      ],
    };
  });
}
const COLUMNS = [
  'tickets',
  'accuracy live',
  'accuracy cand.',
  'threshold live',
  'threshold cand.',
  'applied live',
  'applied cand.',
  'precision live',
  'precision cand.',
];

export function renderRetrainText(r: RetrainReport): string {
  return [
    `${r.verdict.promote ? 'PROMOTED' : 'REFUSED'}: candidate ${r.candidate.version} against live ${r.live.version} on the ${r.data.comparisonRows} newest agent-decided tickets (from ${r.data.cutoff.slice(0, 10)}) neither was trained on`,
    ...r.verdict.reasons.map((x) => `  - ${x}`),
    ...r.warnings.map((w) => `  warning: ${w}`),
    '',
    `  ${'head'.padEnd(10)}${COLUMNS.map((c) => c.padStart(16)).join('')}`,
    ...rows(r).map((x) => `  ${x.head.padEnd(10)}${x.cells.map((c) => c.padStart(16)).join('')}`),
    '',
    `  rule: every head at least as good (tolerance ${r.rules.tolerance}), one better (by ${r.rules.minGain})`,
    `  data: ${r.data.exported} exported, ${r.data.trainRows} to train the candidate, ${r.data.comparisonRows} to compare${r.data.droppedSeen ? ` (${r.data.droppedSeen} left out: the live model had seen them)` : ''}`,
    `  candidate: ${r.candidateDir}`,
    ...(r.verdict.promote ? ['', 'deploy (nothing was deployed):', ...r.deploy.map((d) => `  ${d}`)] : []),
  ].join('\n');
}

export function renderRetrainHtml(r: RetrainReport): string {
  const table = `<table><tr><th>head</th>${COLUMNS.map((c) => `<th>${c}</th>`).join('')}</tr>${rows(r)
    .map((x) => `<tr><th>${esc(x.head)}</th>${x.cells.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</table>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Retrain: ${esc(r.candidate.version)} vs ${esc(r.live.version)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}th:first-child{text-align:left}.ok{color:#070}.no{color:#a00}.warn{background:#fff4d6;padding:.5em}</style></head><body>
<h1 class="${r.verdict.promote ? 'ok' : 'no'}">${r.verdict.promote ? 'Promoted' : 'Refused'}: ${esc(r.candidate.name)} ${esc(r.candidate.version)} against live ${esc(r.live.version)}</h1>
<ul>${r.verdict.reasons.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>
${r.warnings.map((w) => `<p class="warn">Warning: ${esc(w)}</p>`).join('')}
<p>Scored on the ${r.data.comparisonRows} newest tickets agents decided (from ${esc(r.data.cutoff)}), which neither model was trained on. Thresholds are each model's own (its manifest's calibration, never below APPLY_THRESHOLD); "applied" is the share it would apply, "precision" how often those were right.</p>
${table}
<p>Rule: the candidate is promoted only if every head is at least as good (accuracy and precision among applied, within ${r.rules.tolerance}) and one head is better (accuracy, or share applied at no lower precision, by ${r.rules.minGain}).</p>
<p>Data: ${r.data.exported} tickets exported; ${r.data.trainRows} trained the candidate (time split); ${r.data.comparisonRows} compared${r.data.droppedSeen ? `; ${r.data.droppedSeen} left out because the live model had seen them` : ''}.</p>
<p>Candidate: <code>${esc(r.candidateDir)}</code></p>
${r.verdict.promote ? `<h2>Deploy (nothing was deployed)</h2><pre>${r.deploy.map(esc).join('\n')}</pre>` : ''}
</body></html>
`;
}
