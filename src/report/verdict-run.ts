// Moved to src/verdicts/run.ts; re-exported for old imports.
export { runRuleTests, type RunRuleTestsOptions, type RuleTestRun } from '../verdicts/run.js';
