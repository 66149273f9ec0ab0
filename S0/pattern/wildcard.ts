/**
 * The `wildcard` operator: `*` matches zero or more characters, `\*` is a
 * literal star, `\\` a literal backslash; any other escape and two stars in
 * a row are errors (positions are 0-based, as event-ruler reports them).
 * Also AWS's complexity guard ("Rule is too complex ...").
 */
import { InvalidEventPatternException } from './errors.js';
import { escapeRegex, prefixTester } from './literal-regex.js';

/** A literal character, or STAR for an unescaped `*`. */
export type WildcardToken = string | typeof STAR;
export const STAR: unique symbol = Symbol('star');

export function parseWildcard(pattern: string): WildcardToken[] {
  const tokens: WildcardToken[] = [];
  let previousWasStar = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') {
      if (previousWasStar) throw new InvalidEventPatternException(`Consecutive wildcard characters at pos ${i}`);
      tokens.push(STAR);
      previousWasStar = true;
      continue;
    }
    previousWasStar = false;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\') throw new InvalidEventPatternException(`Invalid escape character at pos ${i + 1}`);
      tokens.push(next);
      i++;
      continue;
    }
    tokens.push(ch);
  }
  return tokens;
}

export function wildcardRegex(tokens: WildcardToken[]): RegExp {
  let source = '^';
  for (const t of tokens) source += t === STAR ? '[\\s\\S]*' : escapeRegex(t);
  return new RegExp(`${source}$`);
}

/** Builds a tester; literal-only wildcards become plain comparisons. */
export function wildcardTester(pattern: string): (value: string) => boolean {
  const tokens = parseWildcard(pattern);
  if (!tokens.includes(STAR)) {
    const literal = tokens.join('');
    return (value) => value === literal;
  }
  const starCount = tokens.filter((t) => t === STAR).length;
  if (starCount === 1) {
    const at = tokens.indexOf(STAR);
    const head = tokens.slice(0, at).join('');
    const tail = tokens.slice(at + 1).join('');
    const startsWithHead = prefixTester(head);
    return (value) => value.length >= head.length + tail.length && startsWithHead(value) && value.endsWith(tail);
  }
  const re = wildcardRegex(tokens);
  return (value) => re.test(value);
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
