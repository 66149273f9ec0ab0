/** Test and lint results as CI test cases and annotations: one shape that the JUnit and GitHub renderers share. */
import type { LintReport } from '../lint/types.js';
import type { TestRule } from '../rules/types.js';
import type { RuleSummary, VerdictSummary } from './verdict-summary.js';

export type CiLevel = 'error' | 'warning' | 'notice';

export interface CiMessage {
  level: CiLevel;
  title: string;
  message: string;
  file?: string;
  line?: number;
}

export interface CiCase {
  suite: string;
  name: string;
  classname: string;
  file?: string;
  line?: number;
  /** Errors fail the case; warnings and notices go to its output. */
  messages: CiMessage[];
  output: string[];
}

function where(rule: TestRule | undefined): { file?: string; line?: number } {
  if (!rule?.location) return {};
  return { file: rule.location.file, line: rule.location.line };
}

function nearestMissText(rule: RuleSummary): string {
  const failures = rule.nearestMiss?.failures ?? [];
  if (failures.length === 0) return rule.total === 0 ? 'no events were tested' : '';
  return ` Nearest miss ${rule.nearestMiss!.eventId}: ${failures.map((f) => `${f.code} at ${f.path || '(root)'}: ${f.hint}`).join(' ')}`;
}

/**
 * A case per rule and expectation: the rule's own `expect`, `--expect` over
 * its verdicts; a rule with neither gets one case that always passes, and a
 * warning when it matched nothing.
 */
export function testCiCases(summary: VerdictSummary, rules: readonly TestRule[]): CiCase[] {
  const byName = new Map(rules.map((r) => [r.name, r]));
  const cases: CiCase[] = [];
  for (const rule of summary.rules) {
    const at = where(byName.get(rule.rule));
    const counts = `matched ${rule.matched} of ${rule.total} events`;
    const base = { suite: 'gceb test', classname: rule.origin, ...at };
    let checked = false;
    if (rule.expectation) {
      checked = true;
      const messages: CiMessage[] = rule.expectation.met
        ? []
        : [{ level: 'error', title: `${rule.rule}: expect ${rule.expectation.expect} not met`, message: `${rule.rule} ${counts} but should match ${rule.expectation.expect === 'match' ? 'at least one' : 'none'}.${rule.expectation.expect === 'match' ? nearestMissText(rule) : ''}`, ...at }];
      cases.push({ ...base, name: `${rule.rule} (expect ${rule.expectation.expect})`, messages, output: [counts] });
    }
    if (summary.expect) {
      checked = true;
      const e = summary.expect;
      const disagreeing = e.disagreements.filter((d) => d.rule === rule.rule);
      const disagreed = e.expect === 'match' ? rule.total - rule.matched : rule.matched;
      const messages: CiMessage[] = disagreed === 0
        ? []
        : [{ level: 'error', title: `${rule.rule}: --expect ${e.expect}`, message: `${disagreed} of ${rule.total} verdicts are not a ${e.expect}${disagreeing.length > 0 ? `, e.g. ${disagreeing.slice(0, 3).map((d) => d.eventId).join(', ')}` : ''}.${e.expect === 'match' ? nearestMissText(rule) : ''}`, ...at }];
      cases.push({ ...base, name: `${rule.rule} (--expect ${e.expect})`, messages, output: [counts] });
    }
    if (!checked) {
      const messages: CiMessage[] = rule.matched === 0 && rule.total > 0
        ? [{ level: 'warning', title: `${rule.rule} matched no event`, message: `${rule.rule} ${counts}.${nearestMissText(rule)}`, ...at }]
        : [];
      cases.push({ ...base, name: rule.rule, messages, output: [counts] });
    }
  }
  return cases;
}

const LEVEL = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** A case per rule (its findings), and one for findings that belong to no rule. */
export function lintCiCases(report: LintReport): CiCase[] {
  const cases: CiCase[] = [];
  const byRule = new Map<string, CiMessage[]>();
  const loose: CiMessage[] = [];
  for (const f of report.findings) {
    const message: CiMessage = {
      level: LEVEL[f.severity],
      title: `${f.code}${f.rule ? ` (${f.rule})` : ''}`,
      message: f.message + (f.fix ? ` Fix: ${f.fix.path}: ${JSON.stringify(f.fix.expected)}` : ''),
      ...(f.file !== undefined ? { file: f.file } : {}),
      ...(f.line !== undefined ? { line: f.line } : {}),
    };
    if (f.rule) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), message]);
    else loose.push(message);
  }
  for (const rule of report.rules) {
    cases.push({ suite: 'gceb lint', classname: rule.origin, name: rule.name, ...(rule.file !== undefined ? { file: rule.file } : {}), ...(rule.line !== undefined ? { line: rule.line } : {}), messages: byRule.get(rule.name) ?? [], output: [] });
  }
  if (loose.length > 0) cases.push({ suite: 'gceb lint', classname: 'files', name: 'files and buses', messages: loose, output: [] });
  return cases;
}

/** The one-line summary of a test run for CI logs. */
export function testSummaryLine(summary: VerdictSummary): string {
  const unmet = summary.unmetRuleExpectations.length;
  const disagreed = summary.expect?.disagreed ?? 0;
  const verdict = unmet > 0 || disagreed > 0 ? 'FAILED' : 'passed';
  const parts = [`${summary.rules.length} rule(s) x ${summary.events} event(s)`, `${summary.matched} of ${summary.verdicts} verdicts matched`];
  if (unmet > 0) parts.push(`${unmet} rule expectation(s) not met`);
  if (summary.expect) parts.push(`--expect ${summary.expect.expect}: ${disagreed} disagree`);
  if (summary.problems > 0) parts.push(`${summary.problems} record(s) skipped`);
  return `gceb test ${verdict}: ${parts.join(', ')}`;
}
