import { DIFF_CSS } from '../explain/diff.js';
import { escapeHtml } from './escape.js';
import { htmlPage } from './html-page.js';
import { formatFix } from './verdict-formats.js';
import type { RuleSummary, VerdictSummary } from './verdict-summary.js';
import type { Verdict } from './verdicts.js';

/** Non-matching verdicts listed per rule in the html report (the json report holds more). */
export const HTML_VERDICTS_PER_RULE = 50;

const CSS = `
${DIFF_CSS}
.rule { border-top: 1px solid var(--line); padding-top: .5rem; margin-top: 1.5rem; }
.hint { max-width: 60ch; }
details > summary { cursor: pointer; }
.badge { font-weight: 600; }
`;

const e = (value: unknown): string => escapeHtml(value === undefined || value === null ? '' : String(value));
const anchor = (rule: string): string => `rule-${rule.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function expectationCell(rule: RuleSummary): string {
  if (!rule.expectation) return '<span class="muted">—</span>';
  const { expect, met } = rule.expectation;
  return `<span class="badge ${met ? 'ok' : 'bad'}">${e(expect)}: ${met ? 'ok' : 'NOT MET'}</span>`;
}

function summaryTable(summary: VerdictSummary): string {
  const rows = summary.rules
    .map((r) => {
      const top = r.topFailures[0];
      return `<tr><td><a href="#${e(anchor(r.rule))}">${e(r.rule)}</a></td>` +
        `<td class="num ${r.matched > 0 ? 'ok' : 'bad'}">${r.matched}/${r.total}</td><td>${expectationCell(r)}</td>` +
        `<td>${top ? `<code>${e(top.code)}</code> at <code>${e(top.path || '(root)')}</code> (${top.count}×)` : ''}</td></tr>`;
    })
    .join('\n');
  return `<table><thead><tr><th>Rule</th><th>Matched</th><th>Expectation</th><th>Most common failure</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function ruleSection(rule: RuleSummary, verdicts: readonly Verdict[]): string {
  const parts: string[] = [`<section class="rule" id="${e(anchor(rule.rule))}">`, `<h2>${e(rule.rule)}</h2>`];
  if (rule.description) parts.push(`<p>${e(rule.description)}</p>`);
  parts.push(`<p>Matched <strong>${rule.matched}</strong> of ${rule.total} events. ${expectationCell(rule)} <span class="muted">from ${e(rule.origin)}</span></p>`);
  if (rule.state && rule.state !== 'ENABLED') parts.push(`<p class="bad">This rule is ${e(rule.state)} in AWS: it never fires.</p>`);
  if (rule.byDetailType.length > 0) {
    parts.push('<table><thead><tr><th>detail-type</th><th>Matched</th></tr></thead><tbody>' +
      rule.byDetailType.map((d) => `<tr><td><code>${e(d.detailType)}</code></td><td class="num">${d.matched}/${d.total}</td></tr>`).join('') +
      '</tbody></table>');
  }
  if (rule.topFailures.length > 0) {
    parts.push('<h3>Top failures</h3><table><thead><tr><th>Code</th><th>Path</th><th>Count</th><th>Hint</th><th>Fix</th></tr></thead><tbody>' +
      rule.topFailures.map((f) => `<tr><td><code>${e(f.code)}</code></td><td><code>${e(f.path || '(root)')}</code></td><td class="num">${f.count}</td>` +
        `<td class="hint">${e(f.hint)}</td><td>${f.fix ? `<code>${e(formatFix(f.fix))}</code>` : ''}</td></tr>`).join('') +
      '</tbody></table>');
  }
  if (rule.nearestMiss) {
    const m = rule.nearestMiss;
    parts.push(`<h3>Nearest miss</h3><p>Event <code>${e(m.eventId)}</code> (<code>${e(m.detailType)}</code>)` +
      `${m.source !== undefined ? ` <span class="muted">${e(m.source)}:${e(m.line)}</span>` : ''}: ${m.failures.length} failure(s).</p>`);
    parts.push('<ul>' + m.failures.map((f) => `<li><code>${e(f.path || '(root)')}</code>: ${e(f.hint)}${f.fix ? ` <br><span class="muted">fix:</span> <code>${e(formatFix(f.fix))}</code>` : ''}</li>`).join('') + '</ul>');
    parts.push(m.diff.html);
  }
  const misses = verdicts.filter((v) => v.rule === rule.rule && !v.match);
  if (misses.length > 0) {
    const shown = misses.slice(0, HTML_VERDICTS_PER_RULE);
    parts.push(`<details><summary>Non-matching events (${shown.length}${misses.length > shown.length ? ` of ${misses.length} kept` : ''})</summary>` +
      '<table><thead><tr><th>Event</th><th>detail-type</th><th>Failures</th></tr></thead><tbody>' +
      shown.map((v) => `<tr><td><code>${e(v.eventId)}</code></td><td><code>${e(v.detailType)}</code></td><td>` +
        v.failures.map((f) => `<code>${e(f.code)}</code> <code>${e(f.path || '(root)')}</code>: ${e(f.hint)}`).join('<br>') + '</td></tr>').join('') +
      '</tbody></table></details>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

export function renderHtml(summary: VerdictSummary, verdicts: readonly Verdict[]): string {
  const body: string[] = ['<h1>gceb test report</h1>'];
  body.push(`<p>${summary.events} event(s) × ${summary.rules.length} rule(s) = ${summary.verdicts} verdicts, ${summary.matched} matched` +
    `${summary.problems > 0 ? `, <span class="bad">${summary.problems} record(s) skipped</span>` : ''}.` +
    `${summary.verdictsTruncated ? ` <span class="muted">Event lists hold the first ${summary.keptVerdicts} verdicts; counts are exact.</span>` : ''}</p>`);
  if (summary.expect) {
    const x = summary.expect;
    body.push(`<p class="${x.disagreed === 0 ? 'ok' : 'bad'}">--expect ${e(x.expect)}: ${x.checked - x.disagreed} of ${x.checked} verdicts agree.</p>`);
    if (x.disagreements.length > 0) {
      body.push('<table><thead><tr><th>Rule</th><th>Event</th><th>Where</th></tr></thead><tbody>' +
        x.disagreements.map((d) => `<tr><td>${e(d.rule)}</td><td><code>${e(d.eventId)}</code></td><td>${d.source !== undefined ? e(`${d.source}:${d.line ?? ''}`) : ''}</td></tr>`).join('') +
        '</tbody></table>');
    }
  }
  if (summary.crossCheck) {
    const x = summary.crossCheck;
    body.push(`<p>Cross-check with AWS TestEventPattern: ${x.agreed} of ${x.checked} distinct pairs agree` +
      `${x.errors > 0 ? `, ${x.errors} could not be checked` : ''}.</p>`);
    if (x.disagreements.length > 0) {
      body.push('<table><thead><tr><th>Rule</th><th>Event</th><th>Local</th><th>AWS</th></tr></thead><tbody>' +
        x.disagreements.map((d) => `<tr><td>${e(d.rule)}</td><td><code>${e(d.eventId)}</code></td><td>${d.local}</td><td>${d.aws}</td></tr>`).join('') +
        '</tbody></table>');
    }
  }
  body.push(summaryTable(summary));
  for (const rule of summary.rules) body.push(ruleSection(rule, verdicts));
  return htmlPage({ title: 'gceb test report', body: body.join('\n'), css: CSS });
}
