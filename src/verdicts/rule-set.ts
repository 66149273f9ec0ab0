import {
  compilePattern,
  compileRuleSet,
  InvalidEventPatternException,
  type CompiledPattern,
  type CompiledRuleSet,
  type RuleProblem,
} from '../pattern/index.js';
import type { TestRule } from '../rules/types.js';

export type { RuleProblem };

export interface MainJobRuleSet {
  rules: readonly TestRule[];
  /** Per rule, its pattern compiled alone (for explanations); undefined for a rule with a problem. */
  compiled: ReadonlyArray<CompiledPattern | undefined>;
  /** The valid rules as one rule set; `setRule[i]` is the index in `rules` of the set's rule i. */
  set: CompiledRuleSet;
  setRule: Int32Array;
  problems: readonly RuleProblem[];
}

/**
 * Compiles every rule alone first, so one invalid pattern costs that rule
 * only (it never matches; its error is in `problems`), then the valid ones
 * together. Errors that are not the engine's pattern errors are bugs and throw.
 */
export function compileMainJobRules(rules: readonly TestRule[]): MainJobRuleSet {
  const compiled: Array<CompiledPattern | undefined> = [];
  const problems: RuleProblem[] = [];
  const valid: number[] = [];
  rules.forEach((rule, index) => {
    try {
      compiled.push(compilePattern(rule.pattern as object));
      valid.push(index);
    } catch (error) {
      if (!(error instanceof InvalidEventPatternException)) throw error;
      compiled.push(undefined);
      problems.push({ index, name: rule.name, error });
    }
  });
  const set = compileRuleSet(valid.map((i) => ({ name: rules[i]!.name, pattern: rules[i]!.pattern as object })));
  return { rules, compiled, set, setRule: Int32Array.from(valid), problems };
}
