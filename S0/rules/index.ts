export { loadRules, rulesFromText, type LoadRulesOptions } from './load.js';
export type { TestRule, Expectation } from './types.js';
