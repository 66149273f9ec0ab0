import { setFlagsFromString } from 'node:v8';

/**
 * Streaming commands keep little alive (≈60 MB with 200 rules and 10,000
 * kept verdicts) but make garbage fast; by default V8 lets the old
 * generation grow to about 4× what survived the last full collection before
 * the next, which took a 200-rule `gceb test` to 400+ MB resident in about
 * half the runs. Growing by 60 % at most kept it near 300 MB (250,000
 * events, 200 rules: 283-306 MB at 30-60 %, 275-432 MB unbounded); 30 %
 * cost about a third more CPU in full collections, 60 % little.
 * Set once, before work starts; a --heap-growing-percent the user gave
 * node (or NODE_OPTIONS) is left alone.
 */
const HEAP_GROWING_PERCENT = 60;

let done = false;

export function boundHeapGrowth(): void {
  if (done) return;
  done = true;
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (given.some((flag) => /^--heap[-_]growing[-_]percent/.test(flag))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
