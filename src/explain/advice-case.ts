import type { Advisor } from './advice.js';
import { operandOf, operatorOf, show, unique } from './conditions.js';
import { valuesAt } from './event-paths.js';

/** Fields whose values Genesys detail events send as UPPER-case enums (the analytics APIs use lower case). */
const GENESYS_ENUMS = new Set(['mediaType', 'direction', 'originatingDirection', 'purpose', 'disconnectType', 'acdOutcome', 'flowType']);

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

/** `voice` vs `VOICE`: the same text in another case (exact values, `exactly`, prefix, suffix). */
export const caseOnly: Advisor = (failure, { event }) => {
  if (failure.code === 'missing-field') return undefined;
  const strings = (failure.actual ?? valuesAt(event, failure.path) ?? []).filter((v): v is string => typeof v === 'string');
  for (const value of strings) {
    const exact = failure.expected.find((c): c is string => typeof c === 'string' && c !== value && c.toLowerCase() === value.toLowerCase());
    if (exact !== undefined) {
      const upper = value === value.toUpperCase() && exact === exact.toLowerCase();
      const expected = unique(failure.expected.map((c) => (c === exact ? value : upper && typeof c === 'string' && c === c.toLowerCase() ? c.toUpperCase() : c)));
      const genesys = GENESYS_ENUMS.has(lastSegment(failure.path))
        ? ' Genesys detail events send enum values in UPPER case (the analytics APIs use lower case).'
        : '';
      return {
        hint:
          `${failure.path} is ${show(value)} in the event, not ${show(exact)}: values are case-sensitive; use ${show(value)} ` +
          `or {"equals-ignore-case": ${show(exact)}}.${genesys}`,
        fix: { path: failure.path, expected },
      };
    }
    for (const condition of failure.expected) {
      const op = operatorOf(condition);
      const operand = operandOf(condition);
      if ((op !== 'prefix' && op !== 'suffix' && op !== 'exactly') || typeof operand !== 'string' || operand === '') continue;
      const part = op === 'exactly' ? value : op === 'prefix' ? value.slice(0, operand.length) : value.slice(value.length - operand.length);
      if (part === operand || part.toLowerCase() !== operand.toLowerCase()) continue;
      const replacement = { [op]: part };
      const ignoringCase = op === 'exactly' ? `{"equals-ignore-case": ${show(operand)}}` : `{"${op}": {"equals-ignore-case": ${show(operand)}}}`;
      return {
        hint: `${failure.path} is ${show(value)} in the event: ${op} is case-sensitive; use ${show(replacement)} or ${ignoringCase}.`,
        fix: { path: failure.path, expected: unique(failure.expected.map((c) => (c === condition ? replacement : c))) },
      };
    }
  }
  return undefined;
};
