export { adviseFailure, type HintContext } from './hints.js';
export type { Advice, Advisor, BareFailure } from './advice.js';
export { structuralDiff, ABSENT, DIFF_CSS, type StructuralDiff } from './diff.js';
export { patternLeaves, type PatternLeaf } from './pattern-leaves.js';
export { templateOfTopic, templateFits, templateToWildcard, hasConcreteIds } from './topic-template.js';
export { applyFixes, type AppliedFixes } from './apply-fixes.js';
