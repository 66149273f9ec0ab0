/**
 * One pattern condition → a SQL test of one scalar event value (a JSON text),
 * with whether the test is EXACT (true exactly when the engine's condition
 * holds) or a SUPERSET (true whenever it holds, maybe more often; the rows it
 * lets through are decided by the local engine).
 *
 * | condition | SQL | |
 * |---|---|---|
 * | exact string, number, true/false/null | JSON type by first character, decoded string / double compared | exact |
 * | exact IPv6 address string (`::1` = `0:0:0:0:0:0:0:1`) | any string of IPv6 characters | superset |
 * | prefix / suffix | `starts_with` / `substr` on the decoded string | exact |
 * | equals-ignore-case, prefix/suffix with equals-ignore-case | regex of each character as itself, its lower or upper case (the engine's own folding, computed here) | exact |
 * | wildcard | `LIKE` with `%` for `*` | exact |
 * | numeric | JSON number, double compared with the bounds | exact |
 * | exists | a scalar value is present / none is | exact |
 * | cidr IPv4 | dotted quad, octets summed to a 32-bit value in the range | exact |
 * | cidr IPv6 | any string of IPv6 characters | superset |
 * | anything-but (strings, numbers, prefix, suffix, equals-ignore-case, wildcard) | NOT of the above | exact |
 *
 * Strings are compared as Unicode text; the engine compares UTF-16 code
 * units, which agree for well-formed text (lone surrogates are not valid in
 * the SQL engines' JSON and such rows go to the local engine).
 */
import { type Condition, type Exclusion } from '../pattern/conditions.js';
import { caseFoldForms } from '../pattern/case-fold.js';
import { sqlDouble, sqlString, type Dialect } from './dialect.js';

export interface SqlCondition {
  /** SQL that is true when the value (a JSON text expression) satisfies the condition. */
  test(value: string): string;
  exact: boolean;
  /** Why a superset is not exact. */
  note?: string;
}

const NUMBER_START = `('-','0','1','2','3','4','5','6','7','8','9')`;

export function isString(d: Dialect, v: string): string {
  return `${d.firstChar(v)} = '"'`;
}
export function isNumber(d: Dialect, v: string): string {
  return `${d.firstChar(v)} IN ${NUMBER_START}`;
}
export function isScalar(d: Dialect, v: string): string {
  return `${d.firstChar(v)} NOT IN ('{', '[')`;
}

/** `LIKE` pattern text for a literal, with `\` as the escape character. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

function startsWith(s: string, prefix: string): string {
  return prefix === '' ? 'true' : `starts_with(${s}, ${sqlString(prefix)})`;
}

function endsWith(s: string, suffix: string): string {
  if (suffix === '') return 'true';
  // Shared by both dialects (Trino has no ends_with).
  return `(length(${s}) >= ${[...suffix].length} AND substr(${s}, length(${s}) - ${[...suffix].length - 1}) = ${sqlString(suffix)})`;
}

function stringTest(d: Dialect, v: string, test: (s: string) => string): string {
  return `(${isString(d, v)} AND ${test(d.stringOf(v))})`;
}

/** The wildcard as a LIKE pattern: `*` → `%`, `\*` and `\\` are literal. */
export function wildcardLike(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') out += '%';
    else if (ch === '\\') {
      out += likeLiteral(pattern[i + 1] ?? '');
      i++;
    } else out += likeLiteral(ch);
  }
  return out;
}

function like(s: string, pattern: string): string {
  return `${s} LIKE ${sqlString(wildcardLike(pattern))} ESCAPE '\\'`;
}

const IPV6_CHARS = '^[0-9A-Fa-f:.]+$';
const IPV4 = '^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$';

function looksIpv6(d: Dialect, s: string): string {
  return `(strpos(${s}, ':') > 0 AND ${d.regexMatches(s, IPV6_CHARS)})`;
}

/** An IPv4 string's 32-bit value (only valid after the IPV4 regex holds). */
function ipv4Value(s: string): string {
  const octet = (i: number) => `TRY_CAST(split_part(${s}, '.', ${i}) AS BIGINT)`;
  return `(${octet(1)} * 16777216 + ${octet(2)} * 65536 + ${octet(3)} * 256 + ${octet(4)})`;
}

/** IPv4 CIDR written `a.b.c.d/n` → [low, high] as numbers. */
function ipv4Range(cidr: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  const value = ((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]);
  const mask = Number(m[5]);
  const size = 2 ** (32 - mask);
  const low = Math.floor(value / size) * size;
  return [low, low + size - 1];
}

function caseFolded(d: Dialect, s: string, text: string, anchor: 'whole' | 'prefix' | 'suffix'): string {
  return d.regexMatches(s, caseFoldRegexSource(text, anchor));
}

/** The engine's case folding (each unit as its lower or upper form) as an RE2/Java regex source. */
function caseFoldRegexSource(text: string, anchor: 'whole' | 'prefix' | 'suffix'): string {
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const body = caseFoldForms(text)
    .map((forms) => (forms.length === 1 ? escape(forms[0]!) : `(?:${forms.map(escape).join('|')})`))
    .join('');
  return `${anchor === 'suffix' ? '' : '^'}${body}${anchor === 'prefix' ? '' : '$'}`;
}

function writtenValue(c: Condition): unknown {
  const w = c.written as Record<string, unknown> | null;
  return w !== null && typeof w === 'object' ? Object.values(w)[0] : w;
}

/** Anything-but: the excluded values' test (the value matches when this is false). */
function excludedTest(d: Dialect, v: string, exclusion: Exclusion, written: unknown): SqlCondition {
  const first = (x: unknown): unknown => (typeof x === 'object' && x !== null && !Array.isArray(x) ? Object.values(x)[0] : x);
  const inner = first(first(written)); // {"anything-but": {"wildcard": [...]}} → [...]
  const texts = (Array.isArray(inner) ? inner : [inner]).filter((x): x is string => typeof x === 'string');
  switch (exclusion.type) {
    case 'strings':
      return { exact: true, test: (x) => stringTest(d, x, (s) => `${s} IN (${[...exclusion.values].map(sqlString).join(', ')})`) };
    case 'numbers':
      return { exact: true, test: (x) => `(${isNumber(d, x)} AND ${d.numberOf(x)} IN (${exclusion.values.map(sqlDouble).join(', ')}))` };
    case 'prefix':
      return { exact: true, test: (x) => stringTest(d, x, (s) => `(${exclusion.values.map((p) => startsWith(s, p)).join(' OR ')})`) };
    case 'suffix':
      return { exact: true, test: (x) => stringTest(d, x, (s) => `(${exclusion.values.map((p) => endsWith(s, p)).join(' OR ')})`) };
    case 'equals-ignore-case':
      return { exact: true, test: (x) => stringTest(d, x, (s) => `(${texts.map((t) => caseFolded(d, s, t, 'whole')).join(' OR ')})`) };
    case 'wildcard':
      return { exact: true, test: (x) => stringTest(d, x, (s) => `(${texts.map((t) => like(s, t)).join(' OR ')})`) };
  }
  void v;
}

/** Translates one condition of a leaf (not `exists`, which the leaf decides). */
export function sqlCondition(d: Dialect, c: Condition): SqlCondition {
  const w = c.written;
  switch (c.kind) {
    case 'exact': {
      const equals = (text: string): SqlCondition => ({ exact: true, test: (v) => stringTest(d, v, (s) => `${s} = ${sqlString(text)}`) });
      if (typeof w === 'object' && w !== null) return equals(writtenValue(c) as string); // {"exact": ...}: plain string equality
      if (typeof w === 'string') {
        // Written IP addresses compare as addresses; IPv4 has one written form, IPv6 many.
        if (c.exactKey?.startsWith('ip6')) return { exact: false, note: 'IPv6 addresses compare as addresses', test: (v) => stringTest(d, v, (s) => looksIpv6(d, s)) };
        return equals(w);
      }
      if (typeof w === 'number') return { exact: true, test: (v) => `(${isNumber(d, v)} AND ${d.numberOf(v)} = ${sqlDouble(w)})` };
      return { exact: true, test: (v) => `${d.textOf(v)} = ${sqlString(String(w))}` };
    }
    case 'prefix':
    case 'suffix': {
      const value = writtenValue(c);
      const anchored = c.kind === 'prefix' ? startsWith : endsWith;
      if (typeof value === 'string') return { exact: true, test: (v) => stringTest(d, v, (s) => anchored(s, value)) };
      const folded = (value as Record<string, string>)['equals-ignore-case']!;
      return { exact: true, test: (v) => stringTest(d, v, (s) => caseFolded(d, s, folded, c.kind as 'prefix' | 'suffix')) };
    }
    case 'equals-ignore-case': {
      const text = writtenValue(c) as string;
      return { exact: true, test: (v) => stringTest(d, v, (s) => caseFolded(d, s, text, 'whole')) };
    }
    case 'wildcard': {
      const pattern = writtenValue(c) as string;
      return { exact: true, test: (v) => stringTest(d, v, (s) => like(s, pattern)) };
    }
    case 'numeric': {
      const terms = writtenValue(c) as Array<string | number>;
      const parts: string[] = [];
      for (let i = 0; i < terms.length; i += 2) {
        const op = terms[i] as string;
        parts.push(`${d.numberOf('$V')} ${op} ${sqlDouble(terms[i + 1] as number)}`);
      }
      return { exact: true, test: (v) => `(${isNumber(d, v)} AND ${parts.map((p) => p.replace(/\$V/g, v)).join(' AND ')})` };
    }
    case 'exists':
      return { exact: true, test: (v) => (c.exists ? isScalar(d, v) : 'false') };
    case 'cidr': {
      const cidr = writtenValue(c) as string;
      const range = ipv4Range(cidr);
      if (range) {
        return {
          exact: true,
          test: (v) => stringTest(d, v, (s) => `CASE WHEN ${d.regexMatches(s, IPV4)} THEN ${ipv4Value(s)} BETWEEN ${range[0]} AND ${range[1]} ELSE false END`),
        };
      }
      return { exact: false, note: 'IPv6 CIDR ranges are not computed in SQL', test: (v) => stringTest(d, v, (s) => looksIpv6(d, s)) };
    }
    case 'anything-but': {
      const excluded = excludedTest(d, '', c.exclusion!, w);
      return { exact: excluded.exact, test: (v) => `(${isScalar(d, v)} AND NOT ${excluded.test(v)})` };
    }
  }
}
