/** Static checks of rules before deploy: AWS's validation and quotas, Genesys traps, IaC traps; no events needed. */
export { lintRules, type LintOptions } from './run.js';
export { collectLintRules, type CollectedRules } from './collect.js';
export { lintRuleFromIac, lintRuleFromTest, type LintRule } from './rule.js';
export { RULES_PER_BUS_QUOTA, WILDCARD_RULES_PER_BUS_QUOTA } from './aws-checks.js';
export type { LintFinding, LintReport, LintSeverity } from './types.js';
export { fetchGenesysTopicFacts, parseGenesysTopicFacts, genesysTopicChecks, schemaAt, type GenesysTopicFacts } from './genesys-topics.js';
