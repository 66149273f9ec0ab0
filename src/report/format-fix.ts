import type { FailureFix } from '../pattern/explain-types.js';

/** A fix as one line: `path: [conditions]`. */
export function formatFix(fix: FailureFix | undefined): string {
  return fix ? `${fix.path}: ${JSON.stringify(fix.expected)}` : '';
}
