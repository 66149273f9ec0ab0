import type { FailureFix, PatternFailure } from '../pattern/explain-types.js';

export interface HintContext {
  /** The parsed event being explained. */
  event: unknown;
}

/**
 * Turns a bare failure (path, code, expected, actual) into advice: a hint
 * sentence and, where one can be proposed, a fix.
 * (Placeholder: the Genesys- and EventBridge-aware version replaces this.)
 */
export function adviseFailure(
  failure: Omit<PatternFailure, 'hint' | 'fix'>,
  _context: HintContext,
): { hint: string; fix?: FailureFix } {
  switch (failure.code) {
    case 'missing-field':
      return { hint: `The event has no field at ${failure.path}.` };
    case 'object-value':
      return { hint: `${failure.path} is an object in the event; a leaf condition never matches an object.` };
    default:
      return { hint: `No condition at ${failure.path} matches the event's value.` };
  }
}
