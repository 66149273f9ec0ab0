/**
 * Pattern text → validated pattern, in one streaming pass that follows
 * event-ruler's JsonRuleCompiler step by step, so that the FIRST error in
 * document order is reported with AWS's reason and Jackson's location.
 *
 * The result has two shapes of the same pattern:
 * - `entries`: the tree as written (leaves with full paths, `$or` nodes), for explaining;
 * - `branches`: disjunctive normal form (one map path → leaf per way of satisfying
 *   the `$or`s), built exactly as event-ruler builds its sub-rules — which is what matching uses.
 */
import {
  anythingButCondition,
  caseFoldTester,
  cidrCondition,
  equalsIgnoreCaseCondition,
  exactCondition,
  existsCondition,
  numericCondition,
  prefixCondition,
  suffixCondition,
  wildcardCondition,
  wildcardTester,
  type Condition,
  type Exclusion,
  type NumericRange,
} from './conditions.js';
import { InvalidEventPatternException } from './errors.js';
import { parseCidr, parseIp } from './ip.js';
import { JsonLexer, MAX_NESTING_DEPTH, nestingDepthReason } from './json-lexer.js';
import { cannotCompareReason, isComparableNumber } from './numbers.js';
import { assertWildcardComplexity, parseWildcard } from './wildcard.js';

export interface Leaf {
  /** Dot-joined path, e.g. `detail.eventBody.mediaType`. */
  path: string;
  segments: string[];
  conditions: Condition[];
  /** The condition array as written. */
  expected: unknown[];
  /** True when the array holds `{"exists": false}`: a missing field satisfies the leaf. */
  absentMatches: boolean;
  /** Wildcard patterns used at this leaf (plain and under anything-but), for the complexity guard. */
  wildcards: string[];
}

export type TreeEntry = { kind: 'leaf'; leaf: Leaf } | { kind: 'or'; path: string; branches: TreeEntry[][] };

export interface ParsedPattern {
  /** The pattern text that was compiled. */
  source: string;
  entries: TreeEntry[];
  /** Disjunctive normal form: the pattern matches when any branch matches. */
  branches: Array<Map<string, Leaf>>;
}

const RESERVED_IN_OR = new Set([
  'exactly', 'equals-ignore-case', 'prefix', 'suffix', 'anything-but', 'exists', 'wildcard', 'numeric', 'cidr',
  '=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'not-equals-ignore-case', 'date-after', 'date-on-or-after',
  'date-before', 'date-on-or-before', 'in-date-range', 'ip-address-in-range', 'ip-address-not-in-range',
]);

type Rules = Array<Map<string, Leaf>>;

/**
 * Most DNF branches (ways of satisfying the `$or`s) a pattern may expand to.
 * Neither AWS's documentation nor event-ruler's compiler states a limit that
 * could be found (see docs/PATTERNS.md); this one is gceb's, chosen so that
 * no expansion costs more than a few milliseconds and megabytes.
 */
export const MAX_OR_COMBINATIONS = 4096;

export function tooManyCombinationsReason(): string {
  return `The pattern's $or expressions expand to more than ${MAX_OR_COMBINATIONS} combinations (gceb's limit)`;
}

class PatternCompiler {
  private readonly lx: JsonLexer;

  constructor(readonly source: string) {
    this.lx = new JsonLexer(source);
  }

  compile(): ParsedPattern {
    const rules: Rules = [];
    const entries: TreeEntry[] = [];
    if (this.lx.next() !== 'START_OBJECT') this.lx.fail('Filter is not an object');
    this.parseObject(rules, [], entries, false);
    // Recorded against AWS: this reason comes without a location.
    for (const list of wildcardsPerMachine(rules)) assertWildcardComplexity(list);
    return { source: this.source, entries, branches: rules };
  }

  private parseObject(rules: Rules, path: string[], entries: TreeEntry[], insideOr: boolean): void {
    let fieldsPresent = false;
    while (this.lx.next() !== 'END_OBJECT') {
      fieldsPresent = true;
      const name = this.lx.text;
      if (name === '$or') {
        this.parseOr(rules, path, entries);
        continue;
      }
      if (insideOr && RESERVED_IN_OR.has(name)) {
        this.lx.fail(`${name} is Ruler reserved fieldName which cannot be used inside $or.`);
      }
      const t = this.lx.next();
      if (t === 'START_OBJECT') this.parseObject(rules, [...path, ...name.split('.')], entries, insideOr);
      else if (t === 'START_ARRAY') this.writeRules(rules, leafSegments(path, name), entries);
      else this.lx.fail(`"${name}" must be an object or an array`);
    }
    if (!fieldsPresent) this.lx.fail('Empty objects are not allowed');
  }

  private parseOr(rules: Rules, path: string[], entries: TreeEntry[]): void {
    const current = rules.map((r) => new Map(r));
    rules.length = 0;
    if (this.lx.next() !== 'START_ARRAY') this.lx.fail('It must be an Array followed with $or.');
    let count = 0;
    const branches: TreeEntry[][] = [];
    let t;
    while ((t = this.lx.next()) !== 'END_ARRAY') {
      count++;
      if (t !== 'START_OBJECT') this.lx.fail('Only JSON object is allowed in array of $or relationship.');
      if (rules.length + Math.max(1, current.length) > MAX_OR_COMBINATIONS) this.lx.fail(tooManyCombinationsReason());
      const forked = current.map((r) => new Map(r));
      if (forked.length === 0) forked.push(new Map());
      const branchEntries: TreeEntry[] = [];
      this.parseObject(forked, path, branchEntries, true);
      if (rules.length + forked.length > MAX_OR_COMBINATIONS) this.lx.fail(tooManyCombinationsReason());
      for (const rule of forked) rules.push(rule);
      branches.push(branchEntries);
    }
    if (count < 2) this.lx.fail('There must have at least 2 Objects in $or relationship.');
    entries.push({ kind: 'or', path: path.join('.'), branches });
  }

  private writeRules(rules: Rules, segments: string[], entries: TreeEntry[]): void {
    const start = this.lx.tokenStart;
    const conditions: Condition[] = [];
    const wildcards: string[] = [];
    let t;
    while ((t = this.lx.next()) !== 'END_ARRAY') {
      switch (t) {
        case 'START_OBJECT':
          conditions.push(this.matchExpression(wildcards));
          break;
        case 'STRING':
          conditions.push(exactCondition(this.lx.text));
          break;
        case 'NUMBER':
          conditions.push(exactCondition(this.lx.numberValue(), this.lx.numberValue()));
          break;
        case 'TRUE':
          conditions.push(exactCondition(true));
          break;
        case 'FALSE':
          conditions.push(exactCondition(false));
          break;
        case 'NULL':
          conditions.push(exactCondition(null));
          break;
        default:
          this.lx.fail('Match value must be String, number, true, false, or null');
      }
    }
    if (conditions.length === 0) this.lx.fail('Empty arrays are not allowed');
    const expected = JSON.parse(this.source.slice(start, this.lx.offset)) as unknown[];
    const leaf: Leaf = {
      path: segments.join('.'),
      segments,
      conditions,
      expected,
      absentMatches: conditions.some((c) => c.kind === 'exists' && c.exists === false),
      wildcards,
    };
    if (rules.length === 0) rules.push(new Map());
    for (const rule of rules) rule.set(leaf.path, leaf);
    entries.push({ kind: 'leaf', leaf });
  }

  private expectString(reason: string): string {
    if (this.lx.next() !== 'STRING') this.lx.fail(reason);
    return this.lx.text;
  }

  private endObject(reason = 'Only one key allowed in match expression'): void {
    if (this.lx.next() !== 'END_OBJECT') this.lx.fail(reason);
  }

  /** Runs a helper that may throw a location-less reason, adding the current location. */
  private located<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof InvalidEventPatternException && error.line === undefined) this.lx.fail(error.reason);
      throw error;
    }
  }

  private matchExpression(wildcards: string[]): Condition {
    const start = this.lx.tokenStart;
    if (this.lx.next() !== 'FIELD_NAME') this.lx.fail('Match expression name not found');
    const name = this.lx.text;
    const written = (): unknown => JSON.parse(this.source.slice(start, this.lx.offset));
    switch (name) {
      // event-ruler's name for it (Constants.EXACT_MATCH); `exact` is not an operator there.
      case 'exactly': {
        const text = this.expectString('exact match pattern must be a string');
        this.endObject();
        const notIp = parseIp(text) === undefined;
        return { kind: 'exact', written: written(), literal: text, test: (v) => v === text, ...(notIp ? { exactKey: `s${text}` } : {}) };
      }
      case 'prefix':
      case 'suffix': {
        const t = this.lx.next();
        let text: string;
        let ignoreCase = false;
        if (t === 'STRING') {
          text = this.lx.text;
        } else if (t === 'START_OBJECT') {
          if (this.lx.next() !== 'FIELD_NAME') this.lx.fail('Match expression name not found');
          const inner = this.lx.text;
          if (inner !== 'equals-ignore-case') this.lx.fail(`Unsupported ${name} pattern: ${inner}`);
          text = this.expectString('equals-ignore-case match pattern must be a string');
          ignoreCase = true;
          this.endObject();
        } else {
          this.lx.fail(`${name} match pattern must be a string`);
        }
        this.endObject();
        return name === 'prefix' ? prefixCondition(text, ignoreCase, written()) : suffixCondition(text, ignoreCase, written());
      }
      case 'numeric': {
        if (this.lx.next() !== 'START_ARRAY') this.lx.fail('Value of numeric must be an array.');
        const range = this.numericRange();
        this.endObject('Too many elements in numeric expression');
        return numericCondition(range, written());
      }
      case 'anything-but':
        return this.anythingBut(start, wildcards);
      case 'exists': {
        const t = this.lx.next();
        if (t !== 'TRUE' && t !== 'FALSE') this.lx.fail('exists match pattern must be either true or false.');
        this.endObject();
        return existsCondition(t === 'TRUE', written());
      }
      case 'cidr': {
        const text = this.expectString('prefix match pattern must be a string');
        // CIDR errors are not parser errors in event-ruler: AWS reports them without a location.
        const range = parseCidr(text);
        this.endObject();
        return cidrCondition(range, written());
      }
      case 'equals-ignore-case': {
        const text = this.expectString('equals-ignore-case match pattern must be a string');
        this.endObject();
        return equalsIgnoreCaseCondition(text, written());
      }
      case 'wildcard': {
        const text = this.expectString('wildcard match pattern must be a string');
        this.located(() => parseWildcard(text));
        this.endObject();
        wildcards.push(text);
        return wildcardCondition(text, written());
      }
      default:
        this.lx.fail(`Unrecognized match type ${name}`);
    }
  }

  private numericRange(): NumericRange {
    const lx = this.lx;
    if (lx.next() !== 'STRING') lx.fail(`Invalid member in numeric match: ${lx.text}`);
    const op = lx.text;
    const literals: string[] = [];
    const valueOf = (label: string): number => {
      if (lx.next() !== 'NUMBER') lx.fail(`Value of ${label} must be numeric`);
      literals.push(lx.text);
      return lx.numberValue();
    };
    const tooMany = (): void => {
      if (lx.next() !== 'END_ARRAY') lx.fail('Too many elements in numeric expression');
    };
    // event-ruler builds the range (ComparableNumber) once the whole expression has been read.
    const comparable = (): void => {
      for (const text of literals) if (!isComparableNumber(text)) lx.fail(cannotCompareReason(text));
    };
    switch (op) {
      case '=': {
        const v = valueOf('equals');
        tooMany();
        comparable();
        return { low: v, lowOpen: false, high: v, highOpen: false };
      }
      case '<':
      case '<=': {
        const v = valueOf(op);
        tooMany();
        comparable();
        return { low: -Infinity, lowOpen: false, high: v, highOpen: op === '<' };
      }
      case '>':
      case '>=': {
        const low = valueOf(op);
        const lowOpen = op === '>';
        const t = lx.next();
        if (t === 'END_ARRAY') {
          comparable();
          return { low, lowOpen, high: Infinity, highOpen: false };
        }
        if (t !== 'STRING') lx.fail(`Bad value in numeric range: ${lx.text}`);
        const topOp = lx.text;
        if (topOp !== '<' && topOp !== '<=') lx.fail(`Bad numeric range operator: ${topOp}`);
        const high = valueOf(topOp);
        if (lx.next() !== 'END_ARRAY') lx.fail('Too many terms in numeric range expression');
        comparable();
        if (!(low < high)) lx.fail('Bottom must be less than top');
        return { low, lowOpen, high, highOpen: topOp === '<' };
      }
      default:
        return lx.fail(`Unrecognized numeric range operator: ${op}`);
    }
  }

  /** A string or a list of strings; anything else in either place fails with `typeReason`. */
  private stringList(check: (s: string, inList: boolean) => void, typeReason: string): string[] {
    const values: string[] = [];
    let t;
    while ((t = this.lx.next()) !== 'END_ARRAY') {
      if (t !== 'STRING') this.lx.fail(typeReason, { repeated: true });
      check(this.lx.text, true);
      values.push(this.lx.text);
    }
    if (values.length === 0) {
      this.lx.fail('Inside anything but list, either all values are number or string, mixed type is not supported');
    }
    return values;
  }

  /**
   * The current NUMBER token's value, when event-ruler can compare it. Its anything-but list reports
   * the literal with the location; a single value's error escapes event-ruler's compiler without one.
   */
  private comparableNumber(inList: boolean): number {
    const text = this.lx.text;
    if (isComparableNumber(text)) return this.lx.numberValue();
    if (inList) return this.lx.fail(cannotCompareReason(text));
    throw new InvalidEventPatternException(cannotCompareReason(text));
  }

  private anythingBut(start: number, wildcards: string[]): Condition {
    const lx = this.lx;
    const written = (): unknown => JSON.parse(this.source.slice(start, lx.offset));
    let t = lx.next();
    let ignoreCase = false;
    if (t === 'START_OBJECT') {
      if (lx.next() !== 'FIELD_NAME') lx.fail('Anything-But expression name not found');
      const op = lx.text;
      if (op === 'prefix' || op === 'suffix' || op === 'wildcard') {
        const check = (s: string, inList: boolean): void => {
          if (op !== 'wildcard' && s === '') lx.fail('Null prefix/suffix not allowed', { repeated: inList });
        };
        // Recorded against AWS: a non-string operand, alone or in the list, is a type error of the operator.
        const typeReason = op === 'wildcard' ? 'wildcard match pattern must be a string' : 'prefix/suffix match pattern must be a string';
        const vt = lx.next();
        let values: string[];
        if (vt === 'STRING') {
          check(lx.text, false);
          values = [lx.text];
        } else if (vt === 'START_ARRAY') {
          values = this.stringList(check, typeReason);
        } else if (vt === 'START_OBJECT') {
          values = lx.fail('Value of anything-but must be an array or single string/number value.');
        } else {
          values = lx.fail(typeReason);
        }
        // event-ruler parses the wildcards once the whole value has been read.
        if (op === 'wildcard') for (const v of values) this.located(() => parseWildcard(v));
        this.endObject('Too many elements in numeric expression');
        this.endObject('Too many elements in numeric expression');
        let exclusion: Exclusion;
        if (op === 'prefix') exclusion = { type: 'prefix', values };
        else if (op === 'suffix') exclusion = { type: 'suffix', values };
        else {
          wildcards.push(...values);
          exclusion = { type: 'wildcard', values: values.map((v) => wildcardTester(v)) };
        }
        return anythingButCondition(exclusion, written());
      }
      if (op !== 'equals-ignore-case') lx.fail(`Unsupported anything-but pattern: ${op}`);
      ignoreCase = true;
      t = lx.next();
    }
    if (t !== 'START_ARRAY' && t !== 'STRING' && t !== 'NUMBER') {
      lx.fail('Value of anything-but must be an array or single string/number value.');
    }
    let exclusion: Exclusion;
    if (ignoreCase) {
      const values: string[] = [];
      if (t === 'START_ARRAY') {
        let it;
        while ((it = lx.next()) !== 'END_ARRAY') {
          if (it !== 'STRING') lx.fail('Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.', { repeated: true });
          values.push(lx.text);
        }
      } else if (t === 'STRING') {
        values.push(lx.text);
      } else {
        lx.fail('Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.');
      }
      exclusion = { type: 'equals-ignore-case', values: values.map((v) => caseFoldTester(v, 'whole')) };
    } else if (t === 'START_ARRAY') {
      const strings = new Set<string>();
      const numbers: number[] = [];
      let it;
      while ((it = lx.next()) !== 'END_ARRAY') {
        if (it === 'STRING') strings.add(lx.text);
        else if (it === 'NUMBER') numbers.push(this.comparableNumber(true));
        else lx.fail('Inside anything but list, start|null|boolean is not supported.', { repeated: true });
      }
      if ((strings.size > 0) === (numbers.length > 0)) {
        lx.fail('Inside anything but list, either all values are number or string, mixed type is not supported');
      }
      exclusion = strings.size > 0 ? { type: 'strings', values: strings } : { type: 'numbers', values: numbers };
    } else if (t === 'STRING') {
      exclusion = { type: 'strings', values: new Set([lx.text]) };
    } else {
      exclusion = { type: 'numbers', values: [this.comparableNumber(false)] };
    }
    this.endObject('Too many elements in numeric expression');
    if (ignoreCase) this.endObject('Too many elements in numeric expression');
    return anythingButCondition(exclusion, written());
  }
}

/**
 * A leaf's path as event-ruler's Path.extendedName names it: the steps joined with dots, except
 * that under an object whose path is the empty name (the value of a top-level `""` key) the
 * step stands alone: `{"": {"a": [1]}}` names `a`, while `{"": {"b": {"a": [1]}}}` names `.b.a`.
 */
function leafSegments(path: string[], name: string): string[] {
  return path.length === 1 && path[0] === '' ? name.split('.') : [...path, ...name.split('.')];
}

/**
 * The wildcards event-ruler evaluates together (MachineComplexityEvaluator, one ByteMachine at a
 * time). A sub-rule's fields are added in sorted order, each field's machine hanging off the state
 * the fields before it lead to; sub-rules whose earlier fields and values are the same share that
 * state, so their wildcards at a field share a machine, and the others do not.
 */
function wildcardsPerMachine(rules: Rules): string[][] {
  const machines = new Map<string, string[]>();
  for (const rule of rules) {
    const leaves = [...rule.values()].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
    let before = '';
    for (const leaf of leaves) {
      if (leaf.wildcards.length > 0) {
        const key = JSON.stringify([before, leaf.path]);
        const list = machines.get(key);
        if (list === undefined) machines.set(key, [...leaf.wildcards]);
        else list.push(...leaf.wildcards);
      }
      before += JSON.stringify([leaf.path, leaf.expected]);
    }
  }
  return [...machines.values()];
}

/** Validates and compiles a pattern; throws InvalidEventPatternException with AWS's reason. */
export function parsePattern(pattern: string | object): ParsedPattern {
  return new PatternCompiler(patternSource(pattern)).compile();
}

/** The pattern's text; an object too deep for JSON.stringify is deeper than Jackson allows. */
function patternSource(pattern: string | object): string {
  if (typeof pattern === 'string') return pattern;
  try {
    return JSON.stringify(pattern) ?? '';
  } catch (error) {
    if (error instanceof RangeError) throw new InvalidEventPatternException(nestingDepthReason(MAX_NESTING_DEPTH + 1));
    throw error;
  }
}

/** Every leaf of the pattern tree with its full path and conditions, in document order (`$or` branches included). */
export function leafPaths(pattern: ParsedPattern | string | object): Leaf[] {
  const parsed = isParsed(pattern) ? pattern : parsePattern(pattern);
  const out: Leaf[] = [];
  const walk = (entries: TreeEntry[]): void => {
    for (const e of entries) {
      if (e.kind === 'leaf') out.push(e.leaf);
      else for (const b of e.branches) walk(b);
    }
  };
  walk(parsed.entries);
  return out;
}

function isParsed(p: unknown): p is ParsedPattern {
  return typeof p === 'object' && p !== null && 'entries' in p && 'branches' in p && 'source' in p;
}
