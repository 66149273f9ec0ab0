// Moved to src/verdicts/cross-check.ts; re-exported for old imports.
export { CrossCheckCollector, summariseCrossCheck, DEFAULT_CROSS_CHECK_PAIRS } from '../verdicts/cross-check.js';
