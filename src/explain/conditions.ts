/** Reading the match conditions of a pattern leaf, as written. */

export type Condition = unknown;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The operator name of a condition (`prefix`, `numeric`, ...), or `undefined` for an exact value. */
export function operatorOf(condition: Condition): string | undefined {
  if (!isPlainObject(condition)) return undefined;
  const keys = Object.keys(condition);
  return keys.length === 1 ? keys[0] : undefined;
}

export function operandOf(condition: Condition): unknown {
  const op = operatorOf(condition);
  return op === undefined ? undefined : (condition as Record<string, unknown>)[op];
}

export function isExact(condition: Condition): condition is string | number | boolean | null {
  return condition === null || ['string', 'number', 'boolean'].includes(typeof condition);
}

/** String-only operators: they never match a number, boolean or null. */
export const STRING_OPERATORS = new Set(['exactly', 'prefix', 'suffix', 'wildcard', 'equals-ignore-case', 'cidr']);

/** Compact JSON for a sentence, shortened when long. */
export function show(value: unknown, max = 80): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `a`, `a or b`, `a, b or c` (at most `limit` items, then `and n more`). */
export function listOf(values: readonly unknown[], conjunction = 'or', limit = 5): string {
  const shown = values.slice(0, limit).map((v) => show(v, 60));
  const more = values.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} ${conjunction} ${shown[shown.length - 1]}`;
}

export function unique<T>(values: readonly T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const value of values) {
    const key = JSON.stringify(value);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(value);
    }
  }
  return out;
}
