/**
 * Event text → value as event-ruler sees it for matching: `JSON.parse`,
 * except that a key written more than once in one object keeps every value,
 * in order, as `RepeatedValues` (event-ruler's streaming event reader adds
 * each to the field's values; `JSON.parse` keeps only the last). A repeated
 * key costs no array membership: its values are matched as if each stood alone.
 *
 * Texts without a repeated key — nearly all — cost `JSON.parse`, one count of
 * their quote characters and one walk of the parsed value: every key and
 * every string value is written between two quotes, and every other quote
 * is escaped, so when the quotes number twice the keys and strings that
 * `JSON.parse` kept, no key was dropped.
 */

import { JsonLexer } from './json-lexer.js';

/** The values of a key written more than once in one object (never fewer than two). */
export class RepeatedValues extends Array<unknown> {}

export interface EventText {
  value: unknown;
  /** A number literal beyond the range of a double was read as ±Infinity. */
  beyondDouble: boolean;
}

/** Parsed values nested deeper than this are left to the exact reader (Jackson stops at 1,000). */
const MAX_WALK_DEPTH = 1000;

interface Census {
  /** Keys plus string values; -1 when the value is nested too deep to count. */
  quoted: number;
  beyondDouble: boolean;
}

/** Throws like JSON.parse for text that is not JSON. */
export function readEventText(text: string): EventText {
  const value: unknown = JSON.parse(text);
  const census: Census = { quoted: 0, beyondDouble: false };
  countOne(value, census, 0);
  if (census.quoted >= 0 && noKeyDropped(text, census.quoted)) return { value, beyondDouble: census.beyondDouble };
  const kept = readKeepingRepeats(text);
  if (kept === undefined) return { value, beyondDouble: census.beyondDouble };
  const keptCensus: Census = { quoted: 0, beyondDouble: false };
  countOne(kept, keptCensus, 0);
  return { value: kept, beyondDouble: keptCensus.beyondDouble };
}

function count(value: unknown, census: Census, depth: number): void {
  if (depth > MAX_WALK_DEPTH) {
    census.quoted = -1;
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) countOne(value[i], census, depth);
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const key in obj) {
    census.quoted++;
    countOne(obj[key], census, depth);
  }
}

function countOne(value: unknown, census: Census, depth: number): void {
  if (typeof value === 'string') census.quoted++;
  else if (typeof value === 'object') {
    if (value !== null) count(value, census, depth + 1);
  } else if (typeof value === 'number' && value - value !== 0) census.beyondDouble = true;
}

function occurrences(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

function noKeyDropped(text: string, quoted: number): boolean {
  const quotes = occurrences(text, '"');
  if (quotes === 2 * quoted) return true;
  // Escaped quotes: `\"` is one exactly when no backslash is itself escaped.
  return text.indexOf('\\\\') < 0 && quotes - occurrences(text, '\\"') === 2 * quoted;
}

interface Frame {
  target: Record<string, unknown> | unknown[];
  /** In an object: the key whose value comes next. */
  key: string | undefined;
}

/** The value with every repeated key's values kept, or undefined when no key repeats. `text` is valid JSON. */
function readKeepingRepeats(text: string): unknown {
  const lexer = new JsonLexer(text, Infinity);
  const stack: Frame[] = [];
  let repeated = false;
  let root: unknown;
  const put = (value: unknown): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) root = value;
    else if (Array.isArray(top.target)) top.target.push(value);
    else {
      const obj = top.target;
      const key = top.key!;
      top.key = undefined;
      if (!Object.hasOwn(obj, key)) define(obj, key, value);
      else {
        repeated = true;
        const earlier = obj[key];
        if (earlier instanceof RepeatedValues) earlier.push(value);
        else define(obj, key, RepeatedValues.of(earlier, value));
      }
    }
  };
  try {
    do {
      switch (lexer.next()) {
        case 'START_OBJECT':
        case 'START_ARRAY': {
          const target = lexer.type === 'START_OBJECT' ? {} : [];
          put(target);
          stack.push({ target, key: undefined });
          break;
        }
        case 'END_OBJECT':
        case 'END_ARRAY':
          stack.pop();
          break;
        case 'FIELD_NAME':
          stack[stack.length - 1]!.key = lexer.text;
          break;
        case 'STRING':
          put(lexer.text);
          break;
        case 'NUMBER':
          put(lexer.numberValue());
          break;
        case 'TRUE':
          put(true);
          break;
        case 'FALSE':
          put(false);
          break;
        case 'NULL':
          put(null);
          break;
        case 'EOF':
          return undefined;
      }
    } while (stack.length > 0);
  } catch {
    return undefined;
  }
  return repeated ? root : undefined;
}

/** An own data property, as JSON.parse makes it (a `__proto__` key never sets the prototype). */
function define(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}
