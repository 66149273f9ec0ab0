// The main job: every rule against every event, counted and explained where shown (verdicts, summaries, nearest misses).
export { RuleEvaluator, eventIdOf, detailTypeOf, type Verdict, type EventLocation } from './verdict.js';
export * from './summary.js';
export { MainJob, VERDICT_SELECTIONS, OTHER_DETAIL_TYPES, type VerdictSelection, type MainJobOptions, type EventOutcome } from './main-job.js';
export { compileMainJobRules, type MainJobRuleSet } from './rule-set.js';
export { RuleFailureClasses, LEAF_CODES, type FailureClass, type MissShape } from './failure-classes.js';
export { TopicGate } from './topics.js';
export { ExplanationCache } from './explanation-cache.js';
export { boundString, boundValue, boundFailures, boundEvent, boundMatches, MAX_SHOWN_VALUE_CHARS, MAX_SHOWN_EVENT_CHARS, MAX_SHOWN_EVENT_DEPTH } from './bound.js';
export { nearestMissRecord } from './nearest-miss.js';
export { CrossCheckCollector, summariseCrossCheck, DEFAULT_CROSS_CHECK_PAIRS } from './cross-check.js';
export { runRuleTests, type RunRuleTestsOptions, type RuleTestRun } from './run.js';
export { ruleExpectationFailures, type RuleExpectationOptions } from './rule-expectations.js';
