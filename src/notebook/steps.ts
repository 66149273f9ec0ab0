// One library call per notebook step, on top of the main job's functions:
// rule specs from a notebook parameter, the nearest miss shown, verdicts
// exported, a rule's rarely present paths, and the runbook's checks.
import type { CoverageResult } from '../coverage/types.js';
import { doctorStageFailures, type RuleStage } from '../doctor/stages.js';
import type { DoctorFacts } from '../doctor/types.js';
import { UserError } from '../errors.js';
import { EXPECTATIONS, type Expectation } from '../rules/types.js';
import { rulePathPresence, type RulePathPresence } from '../coverage/charts.js';
import type { EventBridgeIntegration } from '../genesys/integrations.js';
import { writeFileAtomic } from '../report/atomic.js';
import { renderJson, renderMarkdown, verdictToNdjson } from '../report/verdict-formats.js';
import { renderHtml } from '../report/verdict-html.js';
import { ruleExpectationFailures } from '../verdicts/rule-expectations.js';
import type { RuleSummary, VerdictSummary } from '../verdicts/summary.js';
import type { Verdict } from '../verdicts/verdict.js';
import type { MimeBundle } from './mime.js';
import { explanationView, structuralDiffView } from './views.js';

/**
 * A notebook's RULES parameter (a JSON list, as papermill passes it) as
 * `loadRules` specs: strings stay (files, folders, `sample`, `rule:NAME@BUS`,
 * `bus:BUS`, inline JSON text); objects are inline patterns.
 */
export function ruleSpecs(rules: readonly unknown[] | string): string[] {
  const list = typeof rules === 'string' ? [rules] : rules;
  return list.map((rule) => (typeof rule === 'string' ? rule : JSON.stringify(rule))).filter((spec) => spec.trim() !== '');
}

/** A notebook's EXPECT parameter as `runRuleTests` takes it: '' = none, else `match` or `no-match` (as `gceb test --expect`). */
export function expectation(value: string): Expectation | undefined {
  if (value === '') return undefined;
  if ((EXPECTATIONS as readonly string[]).includes(value)) return value as Expectation;
  throw new UserError(`EXPECT must be '', 'match' or 'no-match', not '${value}'`);
}

/** Why the rule's nearest miss does not match (with the proposed fixes) and the pattern beside that event; empty when nothing missed. */
export function nearestMissViews(rule: RuleSummary): MimeBundle[] {
  const miss = rule.nearestMiss;
  if (!miss) return [explanationView({ Result: true, failures: [] }, { title: `${rule.rule}: every event matches` })];
  const where = miss.source !== undefined ? ` (${miss.source}${miss.line !== undefined ? `:${miss.line}` : ''})` : '';
  return [
    explanationView({ Result: false, failures: miss.failures, matched: miss.matched }, { title: `Nearest miss of ${rule.rule}: event ${miss.eventId}${where}` }),
    structuralDiffView(miss.diff, { title: 'Pattern vs event' }),
  ];
}

/** The verdicts as JSON (summary + verdicts), NDJSON, Markdown and a self-contained HTML report, each written atomically under `dir`. */
export async function exportVerdicts(dir: string, run: { summary: VerdictSummary; verdicts: readonly Verdict[] }): Promise<string[]> {
  const files: Array<[string, string]> = [
    ['verdicts.json', renderJson(run.summary, run.verdicts)],
    ['verdicts.ndjson', run.verdicts.map((v) => verdictToNdjson(v)).join('')],
    ['verdicts.md', renderMarkdown(run.summary)],
    ['verdicts.html', renderHtml(run.summary, run.verdicts)],
  ];
  const written: string[] = [];
  for (const [name, text] of files) {
    const path = `${dir.replace(/\/+$/, '')}/${name}`;
    await writeFileAtomic(path, text);
    written.push(path);
  }
  return written;
}

/** The topics (detail-types) a pattern names literally that occur in the coverage; every topic when it names none. */
export function patternTopics(coverage: CoverageResult, pattern: unknown): string[] {
  const named = (pattern as { 'detail-type'?: unknown } | null)?.['detail-type'];
  const literals = Array.isArray(named) ? named.filter((v): v is string => typeof v === 'string') : [];
  const known = coverage.topics.map((t) => t.detailType);
  const topics = literals.filter((t) => known.includes(t));
  return topics.length > 0 ? topics : known;
}

/** A pattern path that is missing from some events of a topic the rule names: the rule can never match those events. */
export interface PathFinding extends RulePathPresence {
  sentence: string;
}

/** For the topics the rule names: each path it tests that some of those events lack, rarest first. */
export function rulePathFindings(coverage: CoverageResult, pattern: unknown): PathFinding[] {
  return rulePathPresence(coverage, pattern, patternTopics(coverage, pattern))
    .filter((row) => row.presence < 1)
    .sort((a, b) => a.presence - b.presence || a.field.localeCompare(b.field))
    .map((row) => ({
      ...row,
      sentence:
        row.present === 0
          ? `${row.field} is in none of the ${row.events} ${row.topic} events: the rule never matches them (a wrong path?)`
          : `${row.field} is in only ${row.present} of ${row.events} ${row.topic} events (${Math.round(row.presence * 100)} %): the rule cannot match the other ${row.events - row.present}`,
    }));
}

export interface RunbookCheckOptions {
  /** How many events were tested (0 fails the runbook: nothing was checked). */
  events: number;
  summary: VerdictSummary;
  /**
   * Rule-level expectation, as a rules file's `expect` means it: `match` = each rule
   * matches at least one event, `no-match` = it matches none; empty: each rule's own.
   */
  ruleExpect?: string;
  /** When given: at least one must be ENABLED and ACTIVE. */
  integrations?: readonly EventBridgeIntegration[] | undefined;
  /** When given (`runDoctor`'s result): AWS must be readable and every rule's stage "delivered". */
  doctor?: { facts: DoctorFacts; stages: readonly RuleStage[] } | undefined;
  /** How many disagreeing rule × event pairs to name (default 5). */
  maxListed?: number;
}

/**
 * Every runbook check that failed, one sentence each: no events, the rules'
 * own (or overridden) expectations, `--expect` disagreements (every rule ×
 * event, as `gceb test --expect` checks them), the integration's state, and
 * the doctor's stage of each rule.
 */
export function runbookChecks(options: RunbookCheckOptions): string[] {
  const failed: string[] = [];
  if (options.events === 0) failed.push('no events to test');
  failed.push(...ruleExpectationFailures(options.summary, { expect: options.ruleExpect ?? '' }));
  const expect = options.summary.expect;
  if (expect && expect.disagreed > 0) {
    const listed = expect.disagreements.slice(0, options.maxListed ?? 5).map((d) => `${d.rule} × ${d.eventId}${d.source !== undefined ? ` (${d.source}:${d.line ?? '?'})` : ''}`);
    const more = expect.disagreed > listed.length ? `, and ${expect.disagreed - listed.length} more` : '';
    failed.push(`expect ${expect.expect}: ${expect.disagreed} of ${expect.checked} rule × event verdicts are not a ${expect.expect}: ${listed.join(', ')}${more}`);
  }
  if (options.integrations && !options.integrations.some((i) => i.intendedState === 'ENABLED' && i.reportedState === 'ACTIVE')) {
    failed.push('no ENABLED and ACTIVE Amazon EventBridge integration in the Genesys org');
  }
  if (options.doctor) failed.push(...deliveryFailures(options.doctor.facts, options.doctor.stages));
  return failed;
}

function deliveryFailures(facts: DoctorFacts, stages: readonly RuleStage[]): string[] {
  const aws = facts.aws;
  if (aws.status === 'ok') return doctorStageFailures(stages);
  const why = aws.status === 'skipped' ? aws.reason : aws.message;
  return [`gceb doctor could not read AWS: ${why}${aws.fix ? ` (${aws.fix})` : ''}`];
}

/** Throws (failing the notebook run) when any check failed. */
export function assertRunbookPassed(failedChecks: readonly string[]): void {
  if (failedChecks.length > 0) throw new Error(`Runbook failed: ${failedChecks.length} check(s):\n- ${failedChecks.join('\n- ')}`);
}
