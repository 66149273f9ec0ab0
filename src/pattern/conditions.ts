/**
 * Leaf conditions: one compiled test per entry of a pattern's condition
 * array. A condition sees one scalar event value at a time (arrays are
 * flattened before); `exists` is decided by the leaf, not here.
 */
import { caseFoldTester } from './case-fold.js';
import { cidrContains, ipKey, parseIp, type CidrRange } from './ip.js';
import { prefixTester } from './literal-regex.js';
import { wildcardTester } from './wildcard.js';

export type Scalar = string | number | boolean | null;

export type ConditionKind =
  | 'exact'
  | 'prefix'
  | 'suffix'
  | 'equals-ignore-case'
  | 'wildcard'
  | 'anything-but'
  | 'numeric'
  | 'exists'
  | 'cidr';

export interface Condition {
  kind: ConditionKind;
  /** The condition as written in the pattern. */
  written: unknown;
  /** Key into the exact-value index when this is an exact match (see `exactKeyOf`). */
  exactKey?: string;
  /** For `exists`: true / false. */
  exists?: boolean;
  /** For `anything-but`: what it excludes. */
  exclusion?: Exclusion;
  /**
   * When the test is a plain string comparison: the string an `exact`
   * equals (`v === s`), or a case-sensitive `prefix`'s or `suffix`'s text.
   */
  literal?: string;
  test(value: Scalar): boolean;
}

/** Index key of an event value for exact lookups: type-tagged, numbers by value, IP strings as addresses. */
export function exactKeyOf(value: Scalar): string {
  switch (typeof value) {
    case 'string': {
      const ip = parseIp(value);
      return ip ? ipKey(ip) : `s${value}`;
    }
    case 'number':
      return `n${value === 0 ? 0 : value}`;
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return 'null';
  }
}

export function exactCondition(value: Scalar, written: unknown = value): Condition {
  const key = exactKeyOf(value);
  if (typeof value === 'string') {
    const ip = parseIp(value);
    if (ip) return { kind: 'exact', written, exactKey: key, test: (v) => typeof v === 'string' && exactKeyOf(v) === key };
    return { kind: 'exact', written, exactKey: key, literal: value, test: (v) => v === value };
  }
  if (typeof value === 'number') return { kind: 'exact', written, exactKey: key, test: (v) => v === value };
  return { kind: 'exact', written, exactKey: key, test: (v) => v === value };
}

export function prefixCondition(prefix: string, ignoreCase: boolean, written: unknown): Condition {
  if (ignoreCase) {
    const startsWithPrefix = caseFoldTester(prefix, 'prefix');
    return { kind: 'prefix', written, test: (v) => typeof v === 'string' && startsWithPrefix(v) };
  }
  const startsWithPrefix = prefixTester(prefix);
  return { kind: 'prefix', written, literal: prefix, test: (v) => typeof v === 'string' && startsWithPrefix(v) };
}

export function suffixCondition(suffix: string, ignoreCase: boolean, written: unknown): Condition {
  if (ignoreCase) {
    const endsWithSuffix = caseFoldTester(suffix, 'suffix');
    return { kind: 'suffix', written, test: (v) => typeof v === 'string' && endsWithSuffix(v) };
  }
  return { kind: 'suffix', written, literal: suffix, test: (v) => typeof v === 'string' && v.endsWith(suffix) };
}

export function equalsIgnoreCaseCondition(text: string, written: unknown): Condition {
  const equalsText = caseFoldTester(text, 'whole');
  return { kind: 'equals-ignore-case', written, test: (v) => typeof v === 'string' && equalsText(v) };
}

export function wildcardCondition(pattern: string, written: unknown): Condition {
  const test = wildcardTester(pattern);
  return { kind: 'wildcard', written, test: (v) => typeof v === 'string' && test(v) };
}

export interface NumericRange {
  low: number;
  lowOpen: boolean;
  high: number;
  highOpen: boolean;
}

export function numericCondition(range: NumericRange, written: unknown): Condition {
  const { low, lowOpen, high, highOpen } = range;
  return {
    kind: 'numeric',
    written,
    test: (v) =>
      typeof v === 'number' && (lowOpen ? v > low : v >= low) && (highOpen ? v < high : v <= high),
  };
}

export function existsCondition(exists: boolean, written: unknown): Condition {
  return { kind: 'exists', written, exists, test: () => exists };
}

export function cidrCondition(range: CidrRange, written: unknown): Condition {
  return {
    kind: 'cidr',
    written,
    test: (v) => {
      if (typeof v !== 'string') return false;
      const ip = parseIp(v);
      return ip !== undefined && cidrContains(range, ip);
    },
  };
}

/** What an anything-but excludes; a value matches when NOT excluded (any type other than the excluded one matches). */
export type Exclusion =
  | { type: 'strings'; values: Set<string> }
  | { type: 'numbers'; values: number[] }
  | { type: 'prefix'; values: string[] }
  | { type: 'suffix'; values: string[] }
  | { type: 'equals-ignore-case'; values: Array<(s: string) => boolean> }
  | { type: 'wildcard'; values: Array<(s: string) => boolean> };

export function anythingButCondition(exclusion: Exclusion, written: unknown): Condition {
  let excluded: (v: Scalar) => boolean;
  switch (exclusion.type) {
    case 'strings': {
      const set = exclusion.values;
      excluded = (v) => typeof v === 'string' && set.has(v);
      break;
    }
    case 'numbers': {
      const nums = exclusion.values;
      excluded = (v) => typeof v === 'number' && nums.includes(v);
      break;
    }
    case 'prefix': {
      const testers = exclusion.values.map(prefixTester);
      excluded = (v) => typeof v === 'string' && someHolds(testers, v);
      break;
    }
    case 'suffix': {
      const list = exclusion.values;
      excluded = (v) => {
        if (typeof v !== 'string') return false;
        for (let i = 0; i < list.length; i++) if (v.endsWith(list[i]!)) return true;
        return false;
      };
      break;
    }
    case 'equals-ignore-case': {
      const testers = exclusion.values;
      excluded = (v) => typeof v === 'string' && someHolds(testers, v);
      break;
    }
    case 'wildcard': {
      const testers = exclusion.values;
      excluded = (v) => typeof v === 'string' && someHolds(testers, v);
      break;
    }
  }
  return { kind: 'anything-but', written, exclusion, test: (v) => !excluded(v) };
}

/** Like `testers.some((t) => t(value))` without a closure per call. */
function someHolds(testers: Array<(s: string) => boolean>, value: string): boolean {
  for (let i = 0; i < testers.length; i++) if (testers[i]!(value)) return true;
  return false;
}

export { caseFoldTester, wildcardTester };
