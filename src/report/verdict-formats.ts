import { formatFix } from './format-fix.js';
import { partialNote } from './verdict-partial.js';
import { expectationText } from './verdict-summary.js';
import { csvRow, mdCell, mdCode, mdFence, mdTable } from './escape.js';
import type { NearestMiss, VerdictSummary } from '../verdicts/summary.js';
import type { Verdict } from '../verdicts/verdict.js';
import { failuresJson } from '../verdicts/failures-json.js';

/** The report formats of `gceb test`. */
export const VERDICT_FORMATS = ['text', 'json', 'ndjson', 'csv', 'md', 'html'] as const;
export type VerdictFormat = (typeof VERDICT_FORMATS)[number];

/** File names used with `--out`. */
export const VERDICT_FILE_NAMES: Record<VerdictFormat, string> = {
  text: 'summary.txt',
  json: 'verdicts.json',
  ndjson: 'verdicts.ndjson',
  csv: 'verdicts.csv',
  md: 'report.md',
  html: 'report.html',
};

export { formatFix } from './format-fix.js';

// ---- ndjson / csv: one verdict at a time, for streaming ----

/** One line, the same text as JSON.stringify(verdict); a failure list the main job memoised carries its JSON (see failures-json.ts). */
export function verdictToNdjson(verdict: Verdict): string {
  const keys = Object.keys(verdict);
  if (keys.length > 7 || keys[4] !== 'failures' || keys[0] !== 'rule' || keys[1] !== 'eventId' || keys[2] !== 'detailType' || keys[3] !== 'match') return `${JSON.stringify(verdict)}\n`;
  let line = `{"rule":${quoted(verdict.rule)},"eventId":${quoted(verdict.eventId)},"detailType":${quoted(verdict.detailType)},"match":${verdict.match},"failures":${failuresJson(verdict.failures)}`;
  for (let i = 5; i < keys.length; i++) {
    const key = keys[i]!;
    const value = (verdict as unknown as Record<string, unknown>)[key];
    if (value !== undefined) line += `,${quoted(key)}:${typeof value === 'string' ? quoted(value) : JSON.stringify(value)}`;
  }
  return `${line}}\n`;
}

/** JSON strings of recent texts: a stream repeats rule names, and each event's id, detail-type and file in all its verdicts. */
const QUOTED_TEXTS = 1_024;
const MAX_QUOTED_CHARS = 256;
const quotedTexts = new Map<string, string>();

function quoted(text: string): string {
  if (text.length > MAX_QUOTED_CHARS) return JSON.stringify(text);
  let json = quotedTexts.get(text);
  if (json === undefined) {
    json = JSON.stringify(text);
    if (quotedTexts.size >= QUOTED_TEXTS) quotedTexts.clear();
    quotedTexts.set(text, json);
  }
  return json;
}

export const VERDICT_CSV_HEADER = ['rule', 'eventId', 'detailType', 'match', 'source', 'line', 'failureCodes', 'failurePaths', 'hints', 'fixes'];

export function verdictCsvHeader(): string {
  return `${csvRow(VERDICT_CSV_HEADER)}\r\n`;
}

export function verdictToCsv(verdict: Verdict): string {
  const join = (values: string[]) => values.join(' | ');
  return `${csvRow([
    verdict.rule,
    verdict.eventId,
    verdict.detailType,
    verdict.match,
    verdict.source ?? '',
    verdict.line ?? '',
    join(verdict.failures.map((f) => f.code)),
    join(verdict.failures.map((f) => f.path)),
    join(verdict.failures.map((f) => f.hint)),
    join(verdict.failures.map((f) => formatFix(f.fix))),
  ])}\r\n`;
}

// ---- json ----

/** `{tool, report, summary, verdicts}`: the summary indented, then one verdict per line (smaller, greppable). */
export function renderJson(summary: VerdictSummary, verdicts: readonly Verdict[], options: { runId?: string } = {}): string {
  const head = JSON.stringify({ tool: 'gceb', report: 'test', ...(options.runId ? { runId: options.runId } : {}), ...(summary.partial ? { partial: true } : {}), summary }, null, 2).replace(/\n}$/, '');
  const body = verdicts.map((v) => JSON.stringify(v)).join(',\n');
  return `${head},\n  "verdicts": [${verdicts.length > 0 ? `\n${body}\n  ` : ''}]\n}\n`;
}

// ---- text: see verdict-summary.ts ----

export { renderText, expectationText, type TextOptions } from './verdict-summary.js';

// ---- markdown ----

export function renderMarkdown(summary: VerdictSummary): string {
  const out: string[] = ['# gceb test report', ''];
  if (summary.partial) out.push(`**${partialNote(summary.events)}**`, '');
  out.push(`${summary.events} event(s) x ${summary.rules.length} rule(s) = ${summary.verdicts} verdicts, ${summary.matched} matched` +
    (summary.problems > 0 ? `, ${summary.problems} record(s) skipped` : '') + '.', '');
  out.push(
    mdTable(
      ['Rule', 'Matched', 'Expectation', 'Most common failure'],
      summary.rules.map((r) => [
        r.rule,
        `${r.matched}/${r.total}`,
        expectationText(r) ?? '',
        r.topFailures[0] ? `${r.topFailures[0].code} at ${r.topFailures[0].path || '(root)'} (${r.topFailures[0].count}x)` : '',
      ]),
    ),
  );
  for (const rule of summary.rules) {
    out.push(`## ${mdCell(rule.rule)}`, '');
    if (rule.description) out.push(mdCell(rule.description), '');
    out.push(`Matched ${rule.matched} of ${rule.total} events. Source: \`${mdCell(rule.origin)}\`.`, '');
    if (rule.byDetailType.length > 0) {
      out.push(mdTable(['detail-type', 'Matched'], rule.byDetailType.map((d) => [d.detailType, `${d.matched}/${d.total}`])));
    }
    if (rule.topFailures.length > 0) {
      out.push('Top failures:', '');
      out.push(mdTable(['Code', 'Path', 'Count', 'Hint', 'Fix'], rule.topFailures.map((f) => [f.code, f.path || '(root)', f.count, f.hint, formatFix(f.fix)])));
    }
    if (rule.nearestMiss) out.push(...nearestMissMarkdown(rule.nearestMiss));
  }
  if (summary.expect && summary.expect.disagreed > 0) {
    out.push('## Disagreements with --expect', '');
    out.push(mdTable(['Rule', 'Event', 'Expected', 'Where'], summary.expect.disagreements.map((d) => [d.rule, d.eventId, d.expected, d.source ? `${d.source}:${d.line ?? ''}` : ''])));
  }
  return `${out.join('\n')}\n`;
}

/** Pretty-printed events longer than this are left to verdicts.json and report.html: a Markdown report stays readable. */
export const MD_EVENT_CHARS = 10_000;

function nearestMissMarkdown(miss: NearestMiss): string[] {
  const out = [`Nearest miss: event ${mdCode(miss.eventId)} (${mdCode(miss.detailType)})`, '', mdFence(miss.diff.text, 'diff'), ''];
  const matched = miss.matched ?? [];
  if (matched.length > 0) {
    out.push(`Holds for this event (${matched.length}):`, '');
    for (const m of matched) {
      const has = m.actual.length === 0 ? 'no such field' : m.actual.map((v) => mdCode(JSON.stringify(v))).join(', ');
      out.push(`- ${mdCode(m.path || '(root)')} wants ${mdCode(JSON.stringify(m.expected))}, event has ${has}`);
    }
    out.push('');
  }
  if (miss.event !== undefined) {
    const text = JSON.stringify(miss.event, null, 2);
    if (text.length <= MD_EVENT_CHARS) out.push('<details><summary>The whole event</summary>', '', mdFence(text, 'json'), '', '</details>', '');
    else out.push(`The whole event (${text.length} characters as JSON) is in verdicts.json and report.html.`, '');
  }
  return out;
}
