import type { RuleSpec } from '../aws/rules-source.js';
import type { RuleLocation } from './iac/types.js';

export type Expectation = 'match' | 'no-match';

/** A rule to test, with what a rules file may add: a description and what the rule should do on the events. */
export interface TestRule extends RuleSpec {
  description?: string;
  /**
   * Rule-level expectation: `match` = the rule matches at least one event
   * (it fires), `no-match` = it matches none.
   */
  expect?: Expectation;
  /** Where infrastructure code declares the rule (file, line, logical id or address). */
  location?: RuleLocation;
}

export const EXPECTATIONS: readonly Expectation[] = ['match', 'no-match'];
