/**
 * The `wildcard` operator: `*` matches zero or more characters, `\*` is a
 * literal star, `\\` a literal backslash; any other escape and two stars in
 * a row are errors. Error positions are event-ruler's: the UTF-8 byte offset
 * in the value with its opening quote (`"`), of the first of the two stars
 * or of the backslash.
 * Also AWS's complexity guard ("Rule is too complex ...").
 */
import { InvalidEventPatternException } from './errors.js';
import { prefixTester } from './literal-regex.js';

/** A literal character, or STAR for an unescaped `*`. */
export type WildcardToken = string | typeof STAR;
export const STAR: unique symbol = Symbol('star');

/** Where event-ruler reports the unit at `index`: its byte offset in the UTF-8 of `"` + pattern (a lone surrogate is one `?`). */
function bytePosition(pattern: string, index: number): number {
  let bytes = 1;
  for (let i = 0; i < index; i++) {
    const c = pattern.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < index && (pattern.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) bytes += 1;
    else bytes += 3;
  }
  return bytes;
}

export function parseWildcard(pattern: string): WildcardToken[] {
  const tokens: WildcardToken[] = [];
  let previousWasStar = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') {
      if (previousWasStar) throw new InvalidEventPatternException(`Consecutive wildcard characters at pos ${bytePosition(pattern, i - 1)}`);
      tokens.push(STAR);
      previousWasStar = true;
      continue;
    }
    previousWasStar = false;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\') throw new InvalidEventPatternException(`Invalid escape character at pos ${bytePosition(pattern, i)}`);
      tokens.push(next);
      i++;
      continue;
    }
    tokens.push(ch);
  }
  return tokens;
}

/**
 * Builds a tester that runs in time linear in the value's length (for a fixed
 * pattern), as event-ruler's and quamina's automata do: the literal head and
 * tail are compared in place, and each literal between two stars is found
 * with `indexOf` after the previous one (the leftmost place is always the best
 * place for a segment when `*` is the only operator). No regular expression.
 */
export function wildcardTester(pattern: string): (value: string) => boolean {
  const tokens = parseWildcard(pattern);
  const segments: string[] = [''];
  for (const t of tokens) {
    if (t === STAR) segments.push('');
    else segments[segments.length - 1] += t;
  }
  if (segments.length === 1) {
    const literal = segments[0]!;
    return (value) => value === literal;
  }
  const head = segments[0]!;
  const tail = segments[segments.length - 1]!;
  const middle = segments.slice(1, -1).filter((s) => s !== '');
  const fixed = head.length + tail.length;
  const startsWithHead = prefixTester(head);
  if (middle.length === 0) {
    return (value) => value.length >= fixed && startsWithHead(value) && value.endsWith(tail);
  }
  const least = fixed + middle.reduce((n, s) => n + s.length, 0);
  return (value) => {
    if (value.length < least || !startsWithHead(value) || !value.endsWith(tail)) return false;
    const end = value.length - tail.length;
    let from = head.length;
    for (let i = 0; i < middle.length; i++) {
      const segment = middle[i]!;
      const at = value.indexOf(segment, from);
      if (at < 0 || at + segment.length > end) return false;
      from = at + segment.length;
    }
    return true;
  };
}

/** Above this many simultaneously matching wildcard prefixes, AWS rejects the rule. */
export const WILDCARD_COMPLEXITY_LIMIT = 10;
const EXPLORATION_BUDGET = 20_000;

/**
 * event-ruler's MachineComplexityEvaluator measure: the largest number of
 * wildcard-pattern prefixes (counted per pattern, each prefix at least one
 * character of the quoted value long) that can all match the same input
 * at once. Simulated over the union of the patterns' automata, exploring
 * every reachable set of states for each distinct input character.
 */
export function wildcardComplexity(patterns: string[], cap = WILDCARD_COMPLEXITY_LIMIT + 1): number {
  const unique = [...new Set(patterns)];
  if (unique.length === 0) return 0;
  const automata = unique.map((p) => ['"', ...parseWildcard(p), '"'] as WildcardToken[]);
  const alphabet = new Set<string>();
  for (const tokens of automata) for (const t of tokens) if (t !== STAR) alphabet.add(t);
  const symbols = [...alphabet, '\u0000other'];
  // state id = offset[p] + k, where k tokens of pattern p have been matched
  const offsets: number[] = [];
  let total = 0;
  for (const tokens of automata) {
    offsets.push(total);
    total += tokens.length + 1;
  }
  const owner: number[] = [];
  const position: number[] = [];
  automata.forEach((tokens, p) => {
    for (let k = 0; k <= tokens.length; k++) {
      owner.push(p);
      position.push(k);
    }
  });
  const close = (states: Set<number>): Set<number> => {
    for (const s of [...states]) {
      let id = s;
      const tokens = automata[owner[id]!]!;
      while (tokens[position[id]!] === STAR) {
        id++;
        states.add(id);
      }
    }
    return states;
  };
  const score = (states: Set<number>): number => {
    let n = 0;
    for (const s of states) if (position[s]! >= 2) n++;
    return n;
  };
  const start = close(new Set(offsets));
  const seen = new Set<string>([[...start].sort((a, b) => a - b).join(',')]);
  const queue: Array<Set<number>> = [start];
  let best = score(start);
  let explored = 0;
  while (queue.length > 0 && explored < EXPLORATION_BUDGET) {
    const active = queue.shift()!;
    for (const symbol of symbols) {
      explored++;
      const next = new Set<number>();
      for (const s of active) {
        const tokens = automata[owner[s]!]!;
        const k = position[s]!;
        if (k > 0 && tokens[k - 1] === STAR) next.add(s);
        const t = tokens[k];
        if (t !== undefined && t !== STAR && t === symbol) next.add(s + 1);
      }
      if (next.size === 0) continue;
      close(next);
      const n = score(next);
      if (n > best) best = n;
      if (best >= cap) return best;
      const key = [...next].sort((a, b) => a - b).join(',');
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(next);
      }
    }
  }
  return best;
}

export const TOO_COMPLEX_REASON =
  'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';

export function assertWildcardComplexity(patterns: string[]): void {
  if (patterns.length === 0) return;
  if (wildcardComplexity(patterns) > WILDCARD_COMPLEXITY_LIMIT) throw new InvalidEventPatternException(TOO_COMPLEX_REASON);
}
