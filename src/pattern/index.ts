/** The EventBridge pattern engine: compile, match, explain (AWS semantics). */
export { InvalidEventPatternException, ValidationException, INVALID_EVENT_MESSAGE } from './errors.js';
export {
  testEventPattern,
  parseTestEvent,
  checkPatternLength,
  REQUIRED_EVENT_FIELDS,
  MAX_EVENT_PATTERN_LENGTH,
  PATTERN_SIZE_QUOTA,
  type TestEventPatternInput,
} from './api.js';
export { parsePattern, leafPaths, type Leaf, type TreeEntry, type ParsedPattern } from './compile.js';
export { compilePattern, matches, conditionsMatchValue, type CompiledPattern } from './match.js';
export { compileRuleSet, matchRuleSet, type CompiledRuleSet, type RuleInput, type RuleProblem } from './ruleset.js';
export { evaluateLoadedValues, loadRuleSetValues, matchRuleSetHits } from './ruleset-hits.js';
export { explainEventPattern, explainCompiled, explainMatched, classify } from './explain.js';
export { formatExplanation } from './format.js';
export { readEventText, RepeatedValues, type EventText } from './event-json.js';
export type { Condition, ConditionKind, Scalar } from './conditions.js';
export type { Explanation, FailureCode, FailureFix, PatternFailure, PatternMatch } from './explain-types.js';
