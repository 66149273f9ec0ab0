import type { Advisor, BareFailure } from './advice.js';
import { STRING_OPERATORS, isExact, isPlainObject, listOf, operandOf, operatorOf, show, unique } from './conditions.js';
import { valuesAt } from './event-paths.js';

/** Advice about JSON types: EventBridge compares types exactly and its operators only apply to one type. */

function actualValues(failure: BareFailure, event: unknown): unknown[] {
  return failure.actual ?? valuesAt(event, failure.path) ?? [];
}

/** The same scalar in the other JSON type, if the text says exactly that value (`"12000"` ↔ 12000, `"true"` ↔ true). */
function retyped(condition: unknown, actual: unknown): unknown {
  if (typeof condition === 'string' && typeof actual === 'number' && condition.trim() !== '' && Number(condition) === actual) return actual;
  if (typeof condition === 'number' && typeof actual === 'string' && actual.trim() !== '' && Number(actual) === condition) return actual;
  if (typeof condition === 'string' && typeof actual === 'boolean' && condition === String(actual)) return actual;
  if (typeof condition === 'boolean' && typeof actual === 'string' && actual === String(condition)) return actual;
  return undefined;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  return Array.isArray(value) ? 'array' : 'object';
}

/** `["12000"]` against 12000, or `[12000]` against "12000". */
export const numberVersusString: Advisor = (failure, { event }) => {
  if (failure.code === 'missing-field') return undefined;
  const actual = actualValues(failure, event);
  for (const condition of failure.expected.filter(isExact)) {
    for (const value of actual) {
      const right = retyped(condition, value);
      if (right === undefined) continue;
      const expected = unique(failure.expected.map((c) => (c === condition ? right : c)));
      return {
        hint:
          `${failure.path} is the ${typeName(value)} ${show(value)} in the event, but the pattern has the ${typeName(condition)} ${show(condition)}: ` +
          `EventBridge compares JSON types exactly; write ${show(right)}.`,
        fix: { path: failure.path, expected },
      };
    }
  }
  return wrongScalarType(failure, actual);
};

const NUMERIC_TEXT = (text: string) => text.trim() !== '' && Number.isFinite(Number(text));

/** Only strings in the pattern where the event has only numbers (or the reverse): the values can never meet. */
function wrongScalarType(failure: BareFailure, actual: unknown[]) {
  const exact = failure.expected.filter(isExact);
  if (exact.length === 0 || exact.length !== failure.expected.length || actual.length === 0) return undefined;
  const allNumbers = actual.every((v) => typeof v === 'number');
  const allStrings = actual.every((v) => typeof v === 'string');
  if (allNumbers && exact.every((c) => typeof c === 'string' && NUMERIC_TEXT(c))) {
    const expected = unique(exact.map((c) => Number(c)));
    return {
      hint:
        `${failure.path} is a number in the event (${show(actual[0])}), but the pattern has only strings (${listOf(exact)}): ` +
        `a string never matches a number; write ${listOf(expected)} without quotes.`,
      fix: { path: failure.path, expected },
    };
  }
  if (allStrings && exact.every((c) => typeof c === 'number')) {
    const expected = unique(exact.map((c) => String(c)));
    return {
      hint:
        `${failure.path} is a string in the event (${show(actual[0])}), but the pattern has only numbers (${listOf(exact)}): ` +
        `a number never matches a string; quote them: ${show(expected)}.`,
      fix: { path: failure.path, expected },
    };
  }
  return undefined;
}

/** A prefix of digits as a numeric range: `"1649"` on 1649237444949 → `[">=", 1649000000000, "<", 1650000000000]`. */
function digitPrefixRange(prefix: string, value: number): unknown | undefined {
  const text = String(value);
  if (!/^\d+$/.test(prefix) || !Number.isSafeInteger(value) || value < 0 || !text.startsWith(prefix)) return undefined;
  const scale = 10 ** (text.length - prefix.length);
  return { numeric: ['>=', Number(prefix) * scale, '<', (Number(prefix) + 1) * scale] };
}

/** prefix / suffix / wildcard / equals-ignore-case on a number: they match strings only. */
export const stringOperatorOnNumber: Advisor = (failure, { event }) => {
  if (failure.code === 'missing-field') return undefined;
  const numbers = actualValues(failure, event).filter((v): v is number => typeof v === 'number');
  const condition = failure.expected.find((c) => STRING_OPERATORS.has(operatorOf(c) ?? ''));
  if (numbers.length === 0 || condition === undefined) return undefined;
  const op = operatorOf(condition)!;
  const operand = operandOf(condition);
  const value = numbers[0]!;
  const range = op === 'prefix' && typeof operand === 'string' ? digitPrefixRange(operand, value) : undefined;
  const exact = typeof operand === 'string' && operand.trim() !== '' && Number.isFinite(Number(operand)) ? Number(operand) : value;
  const replacement = range ?? exact;
  return {
    hint:
      `${failure.path} is a number in the event (${show(value)}) and ${op} only ever matches strings: ` +
      `use an exact number or a numeric range such as ${show(range ?? { numeric: ['=', exact] })}.`,
    fix: { path: failure.path, expected: unique(failure.expected.map((c) => (c === condition ? replacement : c))) },
  };
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** numeric on a string (the ISO `eventTime` of audit topics, a quoted number). */
export const numericOnString: Advisor = (failure, { event }) => {
  if (failure.code === 'missing-field') return undefined;
  const strings = actualValues(failure, event).filter((v): v is string => typeof v === 'string');
  const condition = failure.expected.find((c) => operatorOf(c) === 'numeric');
  if (strings.length === 0 || condition === undefined) return undefined;
  const value = strings[0]!;
  if (ISO_DATE.test(value)) {
    const prefix = { prefix: value.slice(0, 10) };
    return {
      hint:
        `${failure.path} is an ISO date-time string in the event (${show(value)}; audit and transcription topics send eventTime as a string), ` +
        `and numeric only matches JSON numbers: compare it as text, e.g. ${show(prefix)} or a wildcard.`,
      fix: { path: failure.path, expected: unique(failure.expected.map((c) => (c === condition ? prefix : c))) },
    };
  }
  const asNumber = value.trim() !== '' && Number.isFinite(Number(value));
  return {
    hint:
      `${failure.path} is a string in the event (${show(value)}), and numeric only matches JSON numbers` +
      (asNumber ? `: match the exact string ${show(value)}.` : '.'),
    ...(asNumber ? { fix: { path: failure.path, expected: unique(failure.expected.map((c) => (c === condition ? value : c))) } } : {}),
  };
};

/** `{"exists": false}` on a field the event has. */
export const existsFalseOnPresent: Advisor = (failure, { event }) => {
  if (failure.code === 'missing-field') return undefined;
  if (!failure.expected.some((c) => isPlainObject(c) && c.exists === false)) return undefined;
  const actual = actualValues(failure, event);
  if (actual.length === 0) return undefined;
  return { hint: `The pattern wants ${failure.path} absent ({"exists": false}), but the event has it (${show(actual[0])}).` };
};

export const typeAdvisors: Advisor[] = [numberVersusString, stringOperatorOnNumber, numericOnString, existsFalseOnPresent];
