/**
 * Why an event does not match: errors as data (zod-style), easy to filter,
 * count and render.
 */
export type FailureCode =
  | 'missing-field'
  | 'value-mismatch'
  | 'type-mismatch'
  | 'case-mismatch'
  | 'object-value'
  | 'array-consistency'
  | 'no-branch-matched';

/** A proposed correction: the conditions to put at `path` (which may differ from the failing path). */
export interface FailureFix {
  path: string;
  expected: unknown[];
  /** The failing path whose conditions this fix takes away, when the condition moves (`detail.conversationId` → `detail.eventBody.conversationId`). */
  replaces?: string;
}

/** A leaf of the pattern that holds for the event, with the event values that satisfied it. */
export interface PatternMatch {
  /** Dot-joined field path as written in the pattern. */
  path: string;
  /** The condition list as written in the pattern. */
  expected: unknown[];
  /** The event's values at that path that satisfy a condition; [] when the leaf holds because the field is absent (`{"exists": false}`, `anything-but`). */
  actual: unknown[];
}

export interface PatternFailure {
  /** Dot-joined field path as written in the pattern, e.g. `detail.eventBody.mediaType`; '' for the root. */
  path: string;
  code: FailureCode;
  /** The condition list as written in the pattern. */
  expected: unknown[];
  /** The event's value(s) at that path, flattened across arrays; omitted when the field is absent. */
  actual?: unknown[];
  /** One sentence a user can act on. */
  hint: string;
  fix?: FailureFix;
  /** For `array-consistency`: the paths involved. */
  paths?: string[];
  /** For `no-branch-matched` (an `$or`): each branch's failures, nearest branch (fewest failures) first. */
  branches?: Array<{ index: number; failures: PatternFailure[] }>;
}

export interface Explanation {
  Result: boolean;
  failures: PatternFailure[];
  /** The leaves that hold (for an `$or`: those of the matching branch, or of the nearest one). */
  matched?: PatternMatch[];
  /** The whole pattern with every proposed fix applied: it matches the event. Only when fixes are proposed. */
  fixedPattern?: unknown;
  /** Why no fix is proposed. Only when the event does not match and no fix is proposed. */
  noFix?: string;
}
