import { EXPECTATIONS, type Expectation } from '../rules/types.js';
import type { RuleSummary, VerdictSummary } from './summary.js';

export interface RuleExpectationOptions {
  /**
   * One expectation for every rule, overriding each rule's own `expect`:
   * `match` = the rule matches at least one event, `no-match` = it matches none.
   * Empty or absent: each rule's own `expect` from its rules file (rules without one are not checked).
   */
  expect?: string;
}

/**
 * The rule-level expectations a test run did not meet, one readable sentence
 * each (rule, origin, counts, and for a rule that matched nothing the hints of
 * its nearest miss). Empty when every checked rule behaved.
 */
export function ruleExpectationFailures(summary: VerdictSummary, options: RuleExpectationOptions = {}): string[] {
  const override = options.expect ?? '';
  if (override !== '' && !(EXPECTATIONS as readonly string[]).includes(override)) {
    return [`the expectation must be empty (each rule's own), 'match' or 'no-match', not '${override}'`];
  }
  const failures: string[] = [];
  for (const rule of summary.rules) {
    const expect = (override || rule.expectation?.expect) as Expectation | undefined;
    const failure = expect ? unmet(rule, expect) : undefined;
    if (failure) failures.push(failure);
  }
  return failures;
}

function unmet(rule: RuleSummary, expect: Expectation): string | undefined {
  if (expect === 'match' && rule.matched === 0) {
    const hints = rule.nearestMiss ? rule.nearestMiss.failures.map((f) => f.hint).join(' ') : 'no events';
    return `rule ${rule.rule} (${rule.origin}) matched none of ${rule.total} events; nearest miss: ${hints}`;
  }
  if (expect === 'no-match' && rule.matched > 0) {
    return `rule ${rule.rule} (${rule.origin}) matched ${rule.matched} of ${rule.total} events but should match none`;
  }
  return undefined;
}
