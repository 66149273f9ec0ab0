// Moved to src/verdicts/rule-expectations.ts; re-exported for old imports.
export { ruleExpectationFailures, type RuleExpectationOptions } from '../verdicts/rule-expectations.js';
