import { allFixes, applyFixes } from '../explain/apply-fixes.js';
import { DIFF_CSS, failingPaths } from '../explain/diff.js';
import { patternLeaves } from '../explain/pattern-leaves.js';
import type { NearestMiss } from '../verdicts/summary.js';
import { compilePattern, matches } from '../pattern/match.js';
import type { PatternFailure, PatternMatch } from '../pattern/explain-types.js';
import { escapeHtml } from './escape.js';
import { htmlPage } from './html-page.js';
import { JSON_HTML_CSS, jsonHtml, type PathMark } from './json-html.js';
import { formatFix } from './verdict-formats.js';
import { REPORT_SCRIPT } from './verdict-html-script.js';
import type { RuleSummary, VerdictSummary } from './verdict-summary.js';
import type { Verdict } from './verdicts.js';

/** Non-matching verdicts listed per rule in the html report (the json report holds more). */
export const HTML_VERDICTS_PER_RULE = 50;

export interface HtmlReportOptions {
  /** The rules tested, for their patterns (shown, copyable, and corrected). */
  rules?: ReadonlyArray<{ name: string; pattern: unknown }>;
}

const CSS = `
${DIFF_CSS}${JSON_HTML_CSS}
.headline { font-size: 1.35rem; font-weight: 600; margin: .25rem 0 .75rem; }
.controls { position: sticky; top: 0; z-index: 1; background: Canvas; display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .5rem 0; border-bottom: 1px solid var(--line); }
.controls input[type=search] { min-width: 18rem; padding: .3rem .5rem; font: inherit; }
.controls select, .controls button { font: inherit; padding: .25rem .5rem; }
.rule { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; }
.rule > summary { cursor: pointer; padding: .5rem .75rem; display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline; }
.rule > summary .name { font-weight: 600; min-width: 16rem; }
.rule[open] > summary { border-bottom: 1px solid var(--line); background: var(--code); }
.rule .body { padding: .25rem .75rem .75rem; }
.badge { font-weight: 600; border-radius: 999px; padding: 0 .5rem; border: 1px solid currentColor; font-size: 12px; white-space: nowrap; }
.hint { max-width: 70ch; }
.copyable { position: relative; }
.copyable button.copy { position: absolute; top: .4rem; right: .4rem; font: inherit; font-size: 12px; padding: .1rem .5rem; cursor: pointer; }
.two { display: grid; grid-template-columns: repeat(auto-fit, minmax(24rem, 1fr)); gap: 1rem; }
details.inner > summary { cursor: pointer; color: var(--muted); margin: .5rem 0; }
ul.holds { margin-top: 0; }
.legend span { padding: 0 .3rem; margin-right: .5rem; }
`;

const e = (value: unknown): string => escapeHtml(value === undefined || value === null ? '' : String(value));
const anchor = (rule: string): string => `rule-${rule.replace(/[^A-Za-z0-9_-]/g, '_')}`;
const where = (path: string): string => path || '(root)';

type Status = 'unmet' | 'met' | 'none';

function statusOf(rule: RuleSummary): Status {
  if (!rule.expectation) return 'none';
  return rule.expectation.met ? 'met' : 'unmet';
}

const STATUS_ORDER: Record<Status, number> = { unmet: 0, none: 1, met: 2 };

function expectationBadge(rule: RuleSummary): string {
  if (!rule.expectation) return '<span class="badge muted">no expectation</span>';
  const { expect, met } = rule.expectation;
  return `<span class="badge ${met ? 'ok' : 'bad'}">${met ? '✓' : '✗'} expect ${e(expect)}: ${met ? 'met' : 'NOT MET'}</span>`;
}

function hasFix(failures: readonly PatternFailure[]): boolean {
  return failures.some((f) => f.fix !== undefined || (f.branches ?? []).some((b) => hasFix(b.failures)));
}

/** The topics a rule is about: those its detail-type conditions accept, and those it matched. */
function relevantTopics(rule: RuleSummary, pattern: unknown): string[] {
  const conditions = pattern === undefined ? [] : patternLeaves(pattern).filter((l) => l.path === 'detail-type').flatMap((l) => l.conditions);
  let accepts: (detailType: string) => boolean = () => false;
  if (conditions.length > 0) {
    try {
      const compiled = compilePattern({ 'detail-type': conditions });
      accepts = (detailType) => matches(compiled, { 'detail-type': detailType });
    } catch {
      accepts = () => false;
    }
  }
  const relevant = rule.byDetailType.filter((d) => d.matched > 0 || accepts(d.detailType) || d.detailType === rule.nearestMiss?.detailType);
  return (relevant.length > 0 ? relevant : rule.byDetailType).map((d) => d.detailType);
}

/** The conditions that hold for the nearest miss, with the event's values that satisfy them. */
function holdingList(matched: readonly PatternMatch[]): string {
  if (matched.length === 0) return '';
  return `<p class="ok">Holds for this event (${matched.length}):</p><ul class="holds">` + matched.map((m) => `<li><code>${e(where(m.path))}</code> ` +
    `<span class="muted">wants</span> <code>${e(JSON.stringify(m.expected))}</code>, <span class="muted">event has</span> ` +
    `${m.actual.length === 0 ? '<em>no such field</em>' : m.actual.map((v) => `<code>${e(JSON.stringify(v))}</code>`).join(', ')}</li>`).join('') + '</ul>';
}

/** The nearest-miss event in full (as bounded), with its fields that hold, fail and that a fix uses marked, and a copy button. */
function eventView(id: string, miss: NearestMiss): string {
  const marks = new Map<string, PathMark>();
  for (const fix of allFixes(miss.failures)) marks.set(fix.path, 'fix');
  for (const m of miss.matched ?? []) marks.set(m.path, 'ok');
  for (const path of failingPaths(miss.failures)) marks.set(path, 'bad');
  const html = jsonHtml(miss.event, marks);
  const legend = (['ok', 'bad', 'fix'] as const).filter((mark) => html.includes(` j-${mark}"`)).map((mark) => `<span class="j-${mark}">${MARK_LEGEND[mark]}</span>`);
  const cut = miss.eventTruncated ? ' <span class="muted">(long values and the rest of very large objects are cut, as noted in it)</span>' : '';
  return `<details class="inner event"><summary>The whole event <code>${e(miss.eventId)}</code>${cut}</summary>` +
    (legend.length > 0 ? `<p class="muted legend">${legend.join(' ')}</p>` : '') +
    `${copyableHtml(id, 'the event', html, 'copyable json')}</details>`;
}

const MARK_LEGEND: Record<PathMark, string> = { ok: 'field that holds', bad: 'field that fails', fix: 'field a proposed fix uses' };

function copyable(id: string, label: string, text: string): string {
  return copyableHtml(id, label, e(text));
}

/** A `<pre>` of markup already escaped, with a button that copies its text. */
function copyableHtml(id: string, label: string, html: string, className = 'copyable'): string {
  return `<div class="${className}"><button type="button" class="copy" data-copy="${e(id)}" aria-label="Copy ${e(label)}">Copy</button><pre id="${e(id)}">${html}</pre></div>`;
}

function failureList(failures: readonly PatternFailure[]): string {
  return '<ul>' + failures.map((f) => `<li><code>${e(where(f.path))}</code> <span class="muted">${e(f.code)}</span>: ${e(f.hint)}` +
    `${f.fix ? `<br><span class="muted">fix:</span> <code>${e(formatFix(f.fix))}</code>${f.fix.replaces ? ` <span class="muted">(replaces ${e(f.fix.replaces)})</span>` : ''}` : ''}` +
    `${f.branches?.length ? failureList(f.branches[0]!.failures) : ''}</li>`).join('') + '</ul>';
}

function ruleSection(rule: RuleSummary, index: number, misses: readonly Verdict[], options: HtmlReportOptions): string {
  const id = anchor(rule.rule);
  const pattern = options.rules?.find((r) => r.name === rule.rule)?.pattern;
  const topics = relevantTopics(rule, pattern);
  const status = statusOf(rule);
  const top = rule.topFailures[0];
  const search = [rule.rule, rule.description, rule.origin, pattern === undefined ? '' : JSON.stringify(pattern), ...rule.topFailures.map((f) => `${f.path} ${f.hint}`)].join('\n').toLowerCase();
  const parts: string[] = [
    `<details class="rule" id="${e(id)}" data-index="${index}" data-name="${e(rule.rule)}" data-status="${status}" data-matched="${rule.matched}" ` +
      `data-topics="${e(topics.join('\n'))}" data-search="${e(search)}"${status === 'unmet' ? ' open' : ''}>`,
    `<summary><span class="name">${e(rule.rule)}</span>${expectationBadge(rule)}` +
      `<span class="num ${rule.matched > 0 ? 'ok' : 'bad'}">matched ${rule.matched} of ${rule.total}</span>` +
      `${top ? `<span class="muted">most common: <code>${e(top.code)}</code> at <code>${e(where(top.path))}</code> (${top.count}×)</span>` : ''}</summary>`,
    '<div class="body">',
  ];
  if (rule.description) parts.push(`<p>${e(rule.description)}</p>`);
  parts.push(`<p class="muted">from ${e(rule.origin)}${rule.eventBusName ? ` · bus ${e(rule.eventBusName)}` : ''}</p>`);
  if (rule.state && rule.state !== 'ENABLED') parts.push(`<p class="bad">This rule is ${e(rule.state)} in AWS: it never fires.</p>`);

  const miss = rule.nearestMiss;
  const patterns: string[] = [];
  if (pattern !== undefined) patterns.push(`<div><h3>The rule's pattern</h3>${copyable(`${id}-pattern`, 'the pattern', JSON.stringify(pattern, null, 2))}</div>`);
  if (pattern !== undefined && miss && hasFix(miss.failures)) {
    const { pattern: fixed, skipped } = applyFixes(pattern, miss.failures);
    if (skipped.length === 0) {
      patterns.push(`<div><h3>Corrected pattern</h3><p class="muted">All proposed fixes applied; it matches the nearest miss, event <code>${e(miss.eventId)}</code>.</p>` +
        `${copyable(`${id}-fixed`, 'the corrected pattern', JSON.stringify(fixed, null, 2))}</div>`);
    }
  } else if (miss && miss.failures.length > 0 && rule.matched === 0) {
    patterns.push('<div><h3>Corrected pattern</h3><p class="muted">No correction can be proposed that makes the nearest miss match: see the hints below.</p></div>');
  }
  if (patterns.length > 0) parts.push(`<div class="two">${patterns.join('')}</div>`);

  const shownTopics = rule.byDetailType.filter((d) => topics.includes(d.detailType));
  const others = rule.byDetailType.length - shownTopics.length;
  parts.push('<h3>Topics</h3><table><thead><tr><th>detail-type</th><th>Matched</th></tr></thead><tbody>' +
    shownTopics.map((d) => `<tr><td><code>${e(d.detailType)}</code></td><td class="num">${d.matched}/${d.total}</td></tr>`).join('') +
    '</tbody></table>' + (others > 0 ? `<p class="muted">${others} other topic(s) in the events: this rule is not about them and matched none.</p>` : ''));

  if (rule.topFailures.length > 0) {
    parts.push('<h3>Top failures</h3><table><thead><tr><th>Code</th><th>Path</th><th>Count</th><th>Hint</th><th>Fix</th></tr></thead><tbody>' +
      rule.topFailures.map((f) => `<tr><td><code>${e(f.code)}</code></td><td><code>${e(where(f.path))}</code></td><td class="num">${f.count}</td>` +
        `<td class="hint">${e(f.hint)}</td><td>${f.fix ? `<code>${e(formatFix(f.fix))}</code>` : ''}</td></tr>`).join('') +
      '</tbody></table>');
  }
  if (miss) {
    parts.push(`<h3>Nearest miss</h3><p>Event <code>${e(miss.eventId)}</code> (<code>${e(miss.detailType)}</code>)` +
      `${miss.source !== undefined ? ` <span class="muted">${e(miss.source)}:${e(miss.line)}</span>` : ''}: ${miss.failures.length} failure(s).</p>`);
    parts.push(failureList(miss.failures));
    parts.push(holdingList(miss.matched ?? []));
    parts.push(miss.diff.html);
    if (miss.event !== undefined) parts.push(eventView(`${id}-event`, miss));
  }
  if (misses.length > 0) {
    const shown = misses.slice(0, HTML_VERDICTS_PER_RULE);
    parts.push(`<details class="inner"><summary>Non-matching events (${shown.length}${misses.length > shown.length ? ` of ${misses.length} kept` : ''})</summary>` +
      '<table><thead><tr><th>Event</th><th>detail-type</th><th>Failures</th></tr></thead><tbody>' +
      shown.map((v) => `<tr><td><code>${e(v.eventId)}</code>${v.source !== undefined ? `<br><span class="muted">${e(v.source)}:${e(v.line)}</span>` : ''}</td><td><code>${e(v.detailType)}</code></td><td>` +
        v.failures.map((f) => `<code>${e(f.code)}</code> <code>${e(where(f.path))}</code>: ${e(f.hint)}`).join('<br>') + '</td></tr>').join('') +
      '</tbody></table></details>');
  }
  parts.push('</div></details>');
  return parts.join('\n');
}

function headline(summary: VerdictSummary): string {
  const checked = summary.rules.filter((r) => r.expectation);
  if (checked.length === 0) return `<p class="headline">${summary.rules.length} rule(s), no expectations to check</p>`;
  const met = checked.filter((r) => r.expectation!.met).length;
  return `<p class="headline ${met === checked.length ? 'ok' : 'bad'}" id="headline">Expectations met: ${met} of ${checked.length}</p>`;
}

function controls(summary: VerdictSummary): string {
  const topics = [...new Set(summary.rules.flatMap((r) => r.byDetailType.map((d) => d.detailType)))].sort();
  return `<div class="controls" role="search">
<input type="search" id="q" placeholder="Search rules, paths, hints…" aria-label="Search rules">
<label>Expectation <select id="status"><option value="all">all</option><option value="unmet">not met</option><option value="met">met</option><option value="none">none</option></select></label>
<label>Topic <select id="topic"><option value="">all topics</option>${topics.map((t) => `<option value="${e(t)}">${e(t)}</option>`).join('')}</select></label>
<label>Sort <select id="sort"><option value="status">failing first</option><option value="name">name</option><option value="matched">fewest matches</option></select></label>
<button type="button" id="expand">Expand all</button><button type="button" id="collapse">Collapse all</button>
<span id="count" class="muted" aria-live="polite">${summary.rules.length} of ${summary.rules.length} rules shown</span>
</div>`;
}

export function renderHtml(summary: VerdictSummary, verdicts: readonly Verdict[], options: HtmlReportOptions = {}): string {
  const body: string[] = ['<h1>gceb test report</h1>', headline(summary)];
  body.push(`<p>${summary.events} event(s) × ${summary.rules.length} rule(s) = ${summary.verdicts} verdicts, ${summary.matched} matched` +
    `${summary.problems > 0 ? `, <span class="bad">${summary.problems} record(s) skipped</span>` : ''}.` +
    `${summary.verdictsTruncated ? ` <span class="muted">Event lists hold the first ${summary.keptVerdicts} verdicts; counts are exact.</span>` : ''}</p>`);
  if (summary.expect) {
    const x = summary.expect;
    body.push(`<p class="${x.disagreed === 0 ? 'ok' : 'bad'}">--expect ${e(x.expect)}: ${x.checked - x.disagreed} of ${x.checked} verdicts agree.</p>`);
    if (x.disagreements.length > 0) {
      body.push('<details class="inner"><summary>Verdicts that disagree</summary><table><thead><tr><th>Rule</th><th>Event</th><th>Where</th></tr></thead><tbody>' +
        x.disagreements.map((d) => `<tr><td>${e(d.rule)}</td><td><code>${e(d.eventId)}</code></td><td>${d.source !== undefined ? e(`${d.source}:${d.line ?? ''}`) : ''}</td></tr>`).join('') +
        '</tbody></table></details>');
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
  body.push(controls(summary));
  const missesByRule = new Map<string, Verdict[]>();
  for (const v of verdicts) {
    if (v.match) continue;
    const list = missesByRule.get(v.rule);
    if (list) list.push(v);
    else missesByRule.set(v.rule, [v]);
  }
  const ordered = summary.rules.map((rule, index) => ({ rule, index })).sort((a, b) => STATUS_ORDER[statusOf(a.rule)] - STATUS_ORDER[statusOf(b.rule)] || a.index - b.index);
  body.push('<div id="rules">');
  for (const { rule, index } of ordered) body.push(ruleSection(rule, index, missesByRule.get(rule.rule) ?? [], options));
  body.push('</div><p id="empty" class="muted" hidden>No rule matches the filters.</p>');
  return htmlPage({ title: 'gceb test report', body: body.join('\n'), css: CSS, script: REPORT_SCRIPT });
}
