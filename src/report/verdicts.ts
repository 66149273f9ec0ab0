// Moved to src/verdicts/ (evaluation is the main job's, not rendering's); re-exported for old imports.
export { RuleEvaluator, eventIdOf, detailTypeOf, type Verdict, type EventLocation } from '../verdicts/verdict.js';
