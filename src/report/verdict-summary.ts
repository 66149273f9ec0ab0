/**
 * The text summary of a test run (what `gceb test` prints): one line per
 * rule, the nearest miss of the rules that never fire, expectations.
 * The summary data itself comes from src/verdicts/ (re-exported here for old imports).
 */
import { isAbsolute, relative } from 'node:path';
import type { RuleSummary, VerdictSummary } from '../verdicts/summary.js';
import { formatFix } from './format-fix.js';
import { partialNote } from './verdict-partial.js';

export * from '../verdicts/summary.js';


export interface TextOptions {
  color?: boolean;
  /** Failures shown per rule that never matched or missed its expectation. */
  failuresPerRule?: number;
  /** Show file paths relative to this folder. */
  cwd?: string;
}

const paint = (on: boolean | undefined, code: string, text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

export function expectationText(rule: RuleSummary): string | undefined {
  if (!rule.expectation) return undefined;
  return `expect ${rule.expectation.expect}: ${rule.expectation.met ? 'ok' : 'NOT MET'}`;
}

function detailTypeText(rule: RuleSummary): string {
  const hits = rule.byDetailType.filter((d) => d.matched > 0).slice(0, 3);
  if (hits.length === 0) return '';
  const more = rule.byDetailType.filter((d) => d.matched > 0).length - hits.length;
  return `  [${hits.map((d) => `${d.detailType} ${d.matched}/${d.total}`).join(', ')}${more > 0 ? `, +${more} more` : ''}]`;
}

export function renderText(summary: VerdictSummary, options: TextOptions = {}): string {
  const c = options.color;
  const at = (source: string | undefined, line: number | undefined) =>
    source === undefined ? '' : `${options.cwd && isAbsolute(source) ? relative(options.cwd, source) || source : source}:${line ?? '?'}`;
  const lines: string[] = [];
  const problems = summary.problems > 0 ? `, ${summary.problems} record(s) skipped` : '';
  if (summary.partial) lines.push(paint(c, '33;1', partialNote(summary.events)));
  lines.push(`gceb test: ${summary.events} event(s) x ${summary.rules.length} rule(s) = ${summary.verdicts} verdicts, ${summary.matched} matched${problems}`);
  const expected = summary.rules.filter((r) => r.expectation);
  if (expected.length > 0) {
    const met = expected.filter((r) => r.expectation!.met).length;
    lines.push(paint(c, met === expected.length ? '32' : '31;1', `expectations met: ${met} of ${expected.length} rule(s)`));
  }
  lines.push('');
  const width = Math.min(40, Math.max(4, ...summary.rules.map((r) => r.rule.length)));
  for (const rule of summary.rules) {
    const fires = rule.matched > 0;
    // The mark says whether the rule does what is expected of it; without an expectation, whether it fires.
    const good = rule.expectation ? rule.expectation.met : fires;
    const mark = good ? paint(c, '32', '✓') : paint(c, '31', '✗');
    const counts = `${rule.matched}/${rule.total} matched`.padEnd(18);
    const expectation = expectationText(rule);
    const exp = expectation ? `  ${paint(c, rule.expectation!.met ? '32' : '31;1', expectation)}` : '';
    const state = rule.state && rule.state !== 'ENABLED' ? `  ${paint(c, '33', `(rule is ${rule.state} in AWS: it never fires)`)}` : '';
    lines.push(`${mark} ${rule.rule.padEnd(width)}  ${counts}${exp}${state}${fires ? paint(c, '2', detailTypeText(rule)) : ''}`);
    const explain = !fires || (rule.expectation !== undefined && !rule.expectation.met);
    if (!explain || rule.matched === rule.total) continue;
    if (rule.problem) lines.push(`    ${paint(c, '31', `invalid pattern, never matches: ${rule.problem}`)}`);
    if (rule.relevant === 0 && rule.total > 0) lines.push(`    no event is about this rule's topics (its source / detail-type conditions): all ${rule.total} are other topics`);
    const miss = rule.nearestMiss;
    if (miss) {
      lines.push(`    nearest miss: ${miss.eventId} (${miss.detailType})${miss.source !== undefined ? ` at ${at(miss.source, miss.line)}` : ''}${miss.otherTopic ? ' (another topic)' : ''}`);
      for (const failure of miss.failures.slice(0, options.failuresPerRule ?? 2)) {
        lines.push(`      ${paint(c, '1', `${failure.code} at ${failure.path || '(root)'}`)}: ${failure.hint}`);
        if (failure.fix) lines.push(`        ${paint(c, '36', `fix: ${formatFix(failure.fix)}`)}`);
      }
    }
    const top = rule.topFailures[0];
    const relevantMisses = (rule.relevant ?? rule.total) - rule.matched;
    const others = rule.otherTopics ? `; ${rule.otherTopics} event(s) of other topics not counted` : '';
    if (top) lines.push(`    most common: ${top.code} at ${top.path || '(root)'} (${top.count} of ${relevantMisses} misses on its topics${others})`);
  }
  if (summary.expect) {
    const e = summary.expect;
    lines.push('');
    if (e.disagreed === 0) lines.push(paint(c, '32', `--expect ${e.expect}: all ${e.checked} verdicts agree.`));
    else {
      lines.push(paint(c, '31;1', `--expect ${e.expect}: ${e.disagreed} of ${e.checked} verdicts disagree:`));
      for (const d of e.disagreements.slice(0, 20)) {
        lines.push(`  ${d.rule} x ${d.eventId}${d.source !== undefined ? ` (${at(d.source, d.line)})` : ''}`);
      }
      if (e.disagreed > 20) lines.push(`  ... and ${e.disagreed - 20} more (see the json or ndjson report)`);
    }
  }
  if (summary.unmetRuleExpectations.length > 0) {
    lines.push('');
    lines.push(paint(c, '31;1', `Rules whose expectation is not met: ${summary.unmetRuleExpectations.join(', ')}`));
  }
  if (summary.crossCheck) {
    const x = summary.crossCheck;
    lines.push('');
    lines.push(`Cross-check with AWS TestEventPattern: ${x.agreed} of ${x.checked} distinct pairs agree` +
      `${x.errors > 0 ? `, ${x.errors} could not be checked` : ''}${x.skipped > 0 ? `, ${x.skipped} not sent (limit)` : ''}.`);
    for (const d of x.disagreements.slice(0, 20)) {
      lines.push(paint(c, '31', `  DISAGREE ${d.rule} x ${d.eventId}: local ${d.local ? 'match' : 'no match'}, AWS ${d.aws ? 'match' : 'no match'}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

