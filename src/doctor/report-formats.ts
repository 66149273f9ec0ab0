/** The doctor's report, stage table first, as text, JSON, Markdown or a self-contained HTML page. */

import { fenced } from '../aws/bug-report.js';
import { textColumns } from '../aws/format.js';
import { escapeHtml, mdTable } from '../report/escape.js';
import { htmlPage } from '../report/html-page.js';
import { formatFindingsText, summarizeFindings, terminalSafe } from './format.js';
import type { RuleStage } from './stages.js';
import type { DoctorFinding, DoctorWindow } from './types.js';

export type DoctorFormat = 'text' | 'json' | 'md' | 'html';
export const DOCTOR_FORMATS: readonly DoctorFormat[] = ['text', 'json', 'md', 'html'];

export interface DoctorReport {
  findings: DoctorFinding[];
  stages: RuleStage[];
  window?: DoctorWindow;
}

const shortBus = (bus: string) => bus.replace(/^aws\.partner\/genesys\.com\/cloud\/[^/]+\//, '…/');
const firstLine = (text: string) => text.split('\n')[0]!;

function windowLine(window: DoctorWindow | undefined): string {
  return window ? `AWS records read since ${window.since} (${window.start} → ${window.end}).` : 'AWS records (metrics, bus logs) were not read.';
}

export function formatDoctorText(report: DoctorReport, options: { colour?: boolean } = {}): string {
  const body = formatFindingsText(report.findings, options);
  if (report.stages.length === 0) return body;
  const table = textColumns(
    ['RULE', 'BUS', 'STAGE', 'WHY'],
    report.stages.map((s) => [terminalSafe(s.rule), terminalSafe(shortBus(s.bus)), s.stage, terminalSafe(firstLine(s.reason))]),
  );
  const [title, ...rest] = body.split('\n');
  return [title, '', `Where each rule's events stop. ${windowLine(report.window)}`, table, ...rest].join('\n');
}

export function formatDoctorJson(report: DoctorReport): string {
  const summary = summarizeFindings(report.findings);
  return `${JSON.stringify(
    { healthy: summary.healthy, checked: summary.checked, counts: summary.counts, ...(report.window ? { window: report.window } : {}), stages: report.stages, findings: report.findings },
    null,
    2,
  )}\n`;
}

export function formatDoctorMarkdown(report: DoctorReport): string {
  const { counts, healthy } = summarizeFindings(report.findings);
  const lines = [
    '# gceb doctor: Genesys Cloud → Amazon EventBridge',
    '',
    `${healthy ? 'Healthy' : 'Not healthy'}: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info, ${counts.ok} ok. ${windowLine(report.window)}`,
    '',
    '## Where each rule\'s events stop',
    '',
    mdTable(['rule', 'bus', 'stage', 'why', 'fix'], report.stages.map((s) => [s.rule, s.bus, s.stage, s.reason, firstLine(s.fix)])),
  ];
  for (const s of report.stages.filter((x) => x.statement)) {
    lines.push(`Policy statement for rule \`${s.rule}\`:`, '', fenced(JSON.stringify(s.statement, null, 2), 'json'), '');
  }
  lines.push('## Findings', '');
  for (const f of report.findings) {
    lines.push(`- **${f.severity.toUpperCase()} ${f.code}**${f.subject ? ` (${f.subject.replace(/[*_`[\]]/g, '\\$&')})` : ''}: ${f.message.replace(/\n/g, ' ')}`);
    if (f.fix) lines.push('', fenced(f.fix).replace(/^/gm, '  '), '');
  }
  return `${lines.join('\n')}\n`;
}

const STAGE_CSS = `.stage-delivered { color: var(--ok); font-weight: 600; } .stage-bad { color: var(--bad); font-weight: 600; }
pre { background: var(--code); padding: .5rem; overflow-x: auto; white-space: pre-wrap; } .sev-error { color: var(--bad); } .sev-ok { color: var(--ok); }`;

export function formatDoctorHtml(report: DoctorReport): string {
  const { counts, healthy } = summarizeFindings(report.findings);
  const rows = report.stages
    .map(
      (s) =>
        `<tr><td>${escapeHtml(s.rule)}</td><td>${escapeHtml(s.bus)}</td><td class="${s.stage === 'delivered' ? 'stage-delivered' : 'stage-bad'}">${escapeHtml(s.stage)}</td>` +
        `<td>${escapeHtml(s.reason)}</td><td><pre>${escapeHtml(s.fix)}</pre></td></tr>`,
    )
    .join('\n');
  const findings = report.findings
    .map(
      (f) =>
        `<li><span class="sev-${f.severity}">${escapeHtml(f.severity.toUpperCase())} ${escapeHtml(f.code)}</span>${f.subject ? ` (${escapeHtml(f.subject)})` : ''}: ${escapeHtml(f.message)}` +
        `${f.fix ? `<pre>${escapeHtml(f.fix)}</pre>` : ''}</li>`,
    )
    .join('\n');
  const body = `<h1>gceb doctor: Genesys Cloud → Amazon EventBridge</h1>
<p>${healthy ? 'Healthy' : 'Not healthy'}: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info, ${counts.ok} ok. ${escapeHtml(windowLine(report.window))}</p>
<h2>Where each rule's events stop</h2>
<table><thead><tr><th>rule</th><th>bus</th><th>stage</th><th>why</th><th>fix</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Findings</h2>
<ul>
${findings}
</ul>`;
  return htmlPage({ title: 'gceb doctor', body, css: STAGE_CSS });
}

export function formatDoctorReport(report: DoctorReport, format: DoctorFormat, options: { colour?: boolean } = {}): string {
  switch (format) {
    case 'json':
      return formatDoctorJson(report);
    case 'md':
      return formatDoctorMarkdown(report);
    case 'html':
      return formatDoctorHtml(report);
    default:
      return formatDoctorText(report, options);
  }
}
