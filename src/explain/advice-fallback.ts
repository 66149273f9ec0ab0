import type { Advice, BareFailure, HintContext } from './advice.js';
import { isPlainObject, listOf, operatorOf, show } from './conditions.js';
import { deepestExistingParent, keysAt, valuesAt } from './event-paths.js';

/** Generic advice, one per failure code: always says what the event holds. */

/** Keys of a missing field's parent that its hint names; the rest are counted. */
export const MISSING_FIELD_NAMED_KEYS = 8;

function missingField(failure: BareFailure, event: unknown): Advice {
  const parent = deepestExistingParent(event, failure.path);
  const keys = keysAt(event, parent);
  const where = parent === '' ? 'at its top level' : `under ${parent}`;
  const has = keys.length > 0 ? `; ${where} it has ${listOf(keys, 'and', MISSING_FIELD_NAMED_KEYS).replace(/"/g, '')}` : '';
  return { hint: `The event has no field ${failure.path}${has}.` };
}

function objectValue(failure: BareFailure, event: unknown): Advice {
  const keys = keysAt(event, failure.path);
  const example = keys.length > 0 ? `, e.g. ${failure.path}.${keys[0]}` : '';
  return {
    hint: `${failure.path} is an object in the event; a match condition never matches an object: address a field inside it${example}.`,
  };
}

function arrayConsistency(failure: BareFailure): Advice {
  const paths = failure.paths && failure.paths.length > 0 ? failure.paths : [failure.path];
  return {
    hint:
      `Each of ${listOf(paths, 'and').replace(/"/g, '')} matches on its own, but in different elements of the same array: ` +
      'EventBridge requires fields matched inside one array to come from the same element.',
  };
}

function noBranchMatched(failure: BareFailure): Advice {
  const branches = failure.branches ?? [];
  const nearest = branches[0];
  const first = nearest?.failures[0];
  if (!nearest || !first) return { hint: 'None of the $or branches matches the event.' };
  const more = nearest.failures.length > 1 ? ` (and ${nearest.failures.length - 1} more)` : '';
  return {
    hint: `None of the ${branches.length} $or branches matches; the nearest, branch ${nearest.index + 1}, fails at ${first.path}: ${first.hint}${more}`,
    ...(first.fix ? { fix: first.fix } : {}),
  };
}

function valueMismatch(failure: BareFailure, event: unknown): Advice {
  const actual = failure.actual ?? valuesAt(event, failure.path) ?? [];
  const shown = actual.length === 0 ? 'no value' : listOf(actual, 'and');
  if (failure.expected.some((c) => operatorOf(c) === 'anything-but')) {
    return { hint: `${failure.path} is ${shown} in the event, which the pattern's anything-but excludes.` };
  }
  const wanted = failure.expected.length === 1 ? show(failure.expected[0]) : `one of ${listOf(failure.expected)}`;
  const hasObjectCondition = failure.expected.some(isPlainObject);
  return {
    hint: `${failure.path} is ${shown} in the event; the pattern wants ${wanted}${hasObjectCondition ? '' : ' (exact, case- and type-sensitive)'}.`,
  };
}

export function fallbackAdvice(failure: BareFailure, { event }: HintContext): Advice {
  switch (failure.code) {
    case 'missing-field':
      return missingField(failure, event);
    case 'object-value':
      return objectValue(failure, event);
    case 'array-consistency':
      return arrayConsistency(failure);
    case 'no-branch-matched':
      return noBranchMatched(failure);
    default:
      return valueMismatch(failure, event);
  }
}
