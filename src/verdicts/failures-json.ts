/**
 * The JSON text of a failure list, remembered on the list itself: the main
 * job hands out the same (cached, frozen in practice) lists to many
 * verdicts, and a streamed verdict line quotes that text instead of
 * stringifying the list again. Not enumerable, so JSON and deep equality
 * never see it.
 */
import type { PatternFailure } from '../pattern/index.js';

const FAILURES_JSON = Symbol('failures JSON');

type WithJson = PatternFailure[] & { [FAILURES_JSON]?: string };

/** `failures`, carrying `json` (which must be JSON.stringify(failures)). */
export function withFailuresJson(failures: PatternFailure[], json: string = JSON.stringify(failures)): PatternFailure[] {
  Object.defineProperty(failures, FAILURES_JSON, { value: json });
  return failures;
}

/** JSON.stringify(failures), from the list when it carries it. */
export function failuresJson(failures: readonly PatternFailure[]): string {
  return (failures as WithJson)[FAILURES_JSON] ?? JSON.stringify(failures);
}
