import jsonDiff from 'json-diff';
import { escapeHtml } from '../report/escape.js';
import type { Explanation, PatternFailure, PatternMatch } from '../pattern/explain-types.js';
import type { StructuralDiff } from '../explain/diff.js';
import { DIFF_CSS } from '../explain/diff.js';
import { VEGA_LITE_MIME, type MimeBundle } from './mime.js';

/** Pure functions: data in, MIME bundle out. `display()` shows them. */

const OK = 'color:#1a7f37;font-weight:600';
const BAD = 'color:#cf222e;font-weight:600';
const MUTED = 'color:#6e7781';
const CELL = 'text-align:left;vertical-align:top;padding:.25rem .5rem';

/** The fields of a verdict (one rule × one event) that the views use. */
export interface VerdictLike {
  rule: string;
  eventId: string;
  detailType: string;
  match: boolean;
  failures: PatternFailure[];
  /** The leaves that hold, with the event's values (kept verdicts carry them): shown for a match. */
  matched?: PatternMatch[];
  expect?: 'match' | 'no-match';
}

export function verdictsView(verdicts: readonly VerdictLike[], options: { title?: string; maxRows?: number } = {}): MimeBundle {
  const maxRows = options.maxRows ?? 50;
  const matched = verdicts.filter((v) => v.match).length;
  const summary = `${verdicts.length} verdict${verdicts.length === 1 ? '' : 's'}: ${matched} match, ${verdicts.length - matched} no match`;
  const shown = verdicts.slice(0, maxRows);
  const header = ['rule', 'event id', 'detail-type', 'result', 'first reason (or what holds)'];
  const rows = shown.map((v) => [v.rule, v.eventId, v.detailType, v.match ? 'match' : 'no match', firstReason(v)]);
  const more = verdicts.length > shown.length ? `… ${verdicts.length - shown.length} more not shown` : '';

  const html =
    `${options.title ? `<h4>${escapeHtml(options.title)}</h4>` : ''}<p>${escapeHtml(summary)}</p>` +
    `<table><thead><tr>${header.map((h) => `<th style="${CELL}">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>` +
    shown
      .map(
        (v) =>
          `<tr><td style="${CELL}"><code>${escapeHtml(v.rule)}</code></td><td style="${CELL}"><code>${escapeHtml(v.eventId)}</code></td>` +
          `<td style="${CELL}"><code>${escapeHtml(v.detailType)}</code></td>` +
          `<td style="${CELL};${v.match ? OK : BAD}">${v.match ? '✓ match' : '✗ no match'}</td>` +
          `<td style="${CELL}">${escapeHtml(firstReason(v))}</td></tr>`,
      )
      .join('') +
    `</tbody></table>${more ? `<p style="${MUTED}">${escapeHtml(more)}</p>` : ''}`;

  const text = [options.title, summary, textTable(header, rows), more].filter(Boolean).join('\n');
  return { 'text/plain': text, 'text/html': html };
}

/** Conditions that hold shown for a match before "+N more". */
const SHOWN_MATCHES = 3;

function firstReason(verdict: VerdictLike): string {
  if (verdict.match) {
    const matched = verdict.matched ?? [];
    const more = matched.length > SHOWN_MATCHES ? ` (+${matched.length - SHOWN_MATCHES} more)` : '';
    return matched.slice(0, SHOWN_MATCHES).map((m) => `${m.path}: ${m.actual.length === 0 ? 'no such field' : json(m.actual)}`).join('; ') + more;
  }
  const failure = verdict.failures[0];
  if (!failure) return '';
  const more = verdict.failures.length > 1 ? ` (+${verdict.failures.length - 1} more)` : '';
  return `${failure.path || '(root)'}: ${failure.hint}${more}`;
}

/** Why an event does (not) match a pattern: one block per failure, with the proposed fix. */
export function explanationView(explanation: Explanation, options: { title?: string } = {}): MimeBundle {
  const verdict = explanation.Result ? 'The event MATCHES the pattern.' : `The event does NOT match: ${explanation.failures.length} reason${explanation.failures.length === 1 ? '' : 's'}.`;
  const html =
    `${options.title ? `<h4>${escapeHtml(options.title)}</h4>` : ''}` +
    `<p style="${explanation.Result ? OK : BAD}">${escapeHtml(verdict)}</p>` +
    (explanation.failures.length ? `<ol>${explanation.failures.map(failureHtml).join('')}</ol>` : '') +
    matchedHtml(explanation.matched ?? []);
  const text = [options.title, verdict, ...explanation.failures.map((f, i) => failureText(f, `${i + 1}. `, '   ')), ...matchedText(explanation.matched ?? [])]
    .filter(Boolean)
    .join('\n');
  return { 'text/plain': text, 'text/html': html };
}

/** The conditions that hold, with the event values that satisfied them. */
function matchedHtml(matched: readonly PatternMatch[]): string {
  if (matched.length === 0) return '';
  const items = matched.map((m) => `<li><code>${escapeHtml(m.path)}</code> <span style="${OK}">holds</span>: <code>${escapeHtml(json(m.expected))}</code> <span style="${MUTED}">event has</span> ${m.actual.length === 0 ? '<em>no such field</em>' : `<code>${escapeHtml(json(m.actual))}</code>`}</li>`);
  return `<p style="${MUTED}">Conditions that hold (${matched.length}):</p><ul>${items.join('')}</ul>`;
}

function matchedText(matched: readonly PatternMatch[]): string[] {
  return matched.length === 0 ? [] : [`Conditions that hold (${matched.length}):`, ...matched.map((m) => `   ✓ ${m.path}: ${json(m.expected)} (event has ${m.actual.length === 0 ? 'no such field' : json(m.actual)})`)];
}

function failureHtml(failure: PatternFailure): string {
  const lines = [
    `<code>${escapeHtml(failure.path || '(root)')}</code> <span style="${MUTED}">${escapeHtml(failure.code)}</span>`,
    `<br>${escapeHtml(failure.hint)}`,
    `<br><span style="${MUTED}">pattern wants</span> <code>${escapeHtml(json(failure.expected))}</code>`,
    `<br><span style="${MUTED}">event has</span> ${failure.actual === undefined ? '<em>no such field</em>' : `<code>${escapeHtml(json(failure.actual))}</code>`}`,
  ];
  if (failure.paths?.length) lines.push(`<br><span style="${MUTED}">paths</span> ${failure.paths.map((p) => `<code>${escapeHtml(p)}</code>`).join(', ')}`);
  if (failure.fix) {
    lines.push(
      `<br><span style="${OK}">fix</span> <code>${escapeHtml(failure.fix.path)}</code>: <code>${escapeHtml(json(failure.fix.expected))}</code>`,
    );
  }
  if (failure.branches?.length) {
    lines.push(
      `<br><span style="${MUTED}">$or branches (nearest first):</span><ul>` +
        failure.branches.map((b) => `<li>branch ${b.index}<ol>${b.failures.map(failureHtml).join('')}</ol></li>`).join('') +
        '</ul>',
    );
  }
  return `<li>${lines.join('')}</li>`;
}

function failureText(failure: PatternFailure, first: string, indent: string): string {
  const lines = [
    `${first}${failure.path || '(root)'} [${failure.code}] ${failure.hint}`,
    `${indent}pattern wants ${json(failure.expected)}; event has ${failure.actual === undefined ? 'no such field' : json(failure.actual)}`,
  ];
  if (failure.fix) lines.push(`${indent}fix: ${failure.fix.path}: ${json(failure.fix.expected)}`);
  for (const branch of failure.branches ?? []) {
    lines.push(`${indent}$or branch ${branch.index}:`);
    for (const f of branch.failures) lines.push(failureText(f, `${indent}  - `, `${indent}    `));
  }
  return lines.join('\n');
}

/** The structural difference between two JSON values (e.g. a pattern before and after a fix), added lines green, removed red. */
export function diffView(before: unknown, after: unknown, options: { title?: string } = {}): MimeBundle {
  const text = jsonDiff.diffString(before, after, { color: false, full: true }).replace(/\n+$/, '');
  const same = text === '' || !/^[+-]/m.test(text);
  const body = same
    ? `<p style="${MUTED}">No difference.</p>`
    : `<pre style="line-height:1.35">${text
        .split('\n')
        .map((line) => {
          const style = line.startsWith('+') ? 'background:rgba(26,127,55,.15);color:#1a7f37' : line.startsWith('-') ? 'background:rgba(207,34,46,.12);color:#cf222e' : '';
          return style ? `<span style="${style}">${escapeHtml(line)}</span>` : escapeHtml(line);
        })
        .join('\n')}</pre>`;
  return {
    'text/plain': [options.title, same ? 'No difference.' : text].filter(Boolean).join('\n'),
    'text/html': `${options.title ? `<h4>${escapeHtml(options.title)}</h4>` : ''}${body}`,
  };
}

/** What the pattern wants next to what the event has (from `structuralDiff`). */
export function structuralDiffView(diff: Pick<StructuralDiff, 'text' | 'html'>, options: { title?: string } = {}): MimeBundle {
  return {
    'text/plain': [options.title, '- the pattern wants, + the event has', diff.text.replace(/\n$/, '')].filter(Boolean).join('\n'),
    'text/html': `${options.title ? `<h4>${escapeHtml(options.title)}</h4>` : ''}<style>${DIFF_CSS}</style>${diff.html}`,
  };
}

/** Any list of records as a table (coverage rows, integrations, rules). */
export function tableView(
  rows: readonly Record<string, unknown>[],
  options: { columns?: readonly string[]; title?: string; maxRows?: number } = {},
): MimeBundle {
  const columns = options.columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const maxRows = options.maxRows ?? 100;
  const shown = rows.slice(0, maxRows);
  const more = rows.length > shown.length ? `… ${rows.length - shown.length} more rows not shown` : '';
  const cell = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'string' ? value : json(value));
  const html =
    `${options.title ? `<h4>${escapeHtml(options.title)}</h4>` : ''}<table><thead><tr>` +
    columns.map((c) => `<th style="${CELL}">${escapeHtml(c)}</th>`).join('') +
    '</tr></thead><tbody>' +
    shown
      .map(
        (row) =>
          '<tr>' +
          columns
            .map((c) => `<td style="${CELL}${typeof row[c] === 'number' ? ';text-align:right;font-variant-numeric:tabular-nums' : ''}">${escapeHtml(cell(row[c]))}</td>`)
            .join('') +
          '</tr>',
      )
      .join('') +
    `</tbody></table>${more ? `<p style="${MUTED}">${escapeHtml(more)}</p>` : ''}`;
  const text = [options.title, textTable(columns, shown.map((row) => columns.map((c) => cell(row[c])))), more].filter(Boolean).join('\n');
  return { 'text/plain': text, 'text/html': html };
}

/** A chart as one output: vega-lite for JupyterLab / VS Code, PNG for classic Notebook and GitHub, text for the rest. */
export function chartView(spec: object, png: Uint8Array, description: string): MimeBundle {
  return {
    'text/plain': description,
    [VEGA_LITE_MIME]: spec,
    'image/png': Buffer.from(png).toString('base64'),
  };
}

/** Sentences (findings, checks) as a bulleted list, unclipped. */
export function listView(items: readonly string[], options: { title?: string } = {}): MimeBundle {
  return {
    'text/plain': [options.title, ...items.map((item) => `- ${item}`)].filter(Boolean).join('\n'),
    'text/html': `${options.title ? `<h4>${escapeHtml(options.title)}</h4>` : ''}<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`,
  };
}

/** JSON (an event, a pattern) as a highlighted block. */
export function jsonView(value: unknown, options: { title?: string } = {}): MimeBundle {
  const text = JSON.stringify(value, null, 2) ?? String(value);
  return {
    'text/plain': [options.title, text].filter(Boolean).join('\n'),
    'text/html': `${options.title ? `<h4>${escapeHtml(options.title)}</h4>` : ''}<pre>${escapeHtml(text)}</pre>`,
  };
}

function json(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 79)}…` : s);
  const all = [header.map(clip), ...rows.map((r) => r.map(clip))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => r.map((c, i) => (c ?? '').padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(all[0] ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}
