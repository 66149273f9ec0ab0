/**
 * Why a rule misses an event, cheaply: the same failing leaves and codes as
 * `explainCompiled` (top-level leaves, `$or`s, array consistency), decided on
 * the values the rule set already gathered for the event, without hints,
 * fixes or copies. Full explanations are built only where something shows
 * them (see explanation-cache.ts).
 */
import { classify, type CompiledPattern, type Condition, type FailureCode, type Scalar } from '../pattern/index.js';
import type { EventValues } from '../pattern/event-values.js';
import { wildcardTester } from '../pattern/wildcard.js';
import { similarityTail } from '../explain/event-paths.js';
import type { TreeEntry } from '../pattern/compile.js';

export interface LeafCheck {
  /** Shared by every rule's identical leaf (same path and conditions): decided once per event. */
  id: number;
  path: string;
  /** The condition list as written. */
  expected: unknown[];
  segments: string[];
  /** What "did you mean" compares of the path (see findSimilarPaths). */
  similarityTail: string;
  pathId: number;
  conditions: Condition[];
  absentMatches: boolean;
  /** Class ids of this leaf's failure codes (LEAF_CODES order); top-level leaves only, else -1. */
  classBase: number;
  /** Remembered codes of single string/number values that fail (bounded). */
  codes: Map<Scalar, FailureCode>;
  /** For a failing string: could it be a type or case problem? When not, it is a plain value-mismatch (no need to classify). */
  maybeTypeOrCase: (value: string) => boolean;
  /** maybeTypeOrCase compares lower-case literals only: it is false for any lower-case string the leaf fails on. */
  lowerLiterals: boolean;
  /** The last single value decided, and its result (undefined: it held). */
  lastValue: Scalar | undefined;
  lastCode: FailureCode | undefined;
}

interface OrCheck {
  path: string;
  branches: Level[];
  /** Class id of `no-branch-matched` here; top-level `$or`s only, else -1. */
  classId: number;
}

interface Level {
  leaves: LeafCheck[];
  ors: OrCheck[];
}

/** The codes a leaf can fail with, in class-id order. */
export const LEAF_CODES: readonly FailureCode[] = ['missing-field', 'object-value', 'value-mismatch', 'type-mismatch', 'case-mismatch'];
const MAX_REMEMBERED_CODES = 256;

/** One (code, path) a rule's misses are counted under. */
export interface FailureClass {
  code: FailureCode;
  path: string;
}

/** What one miss looked like: its top-level failure classes and, for the memo key, the values at every failing leaf. */
export interface MissShape {
  /** Top-level failure classes (ids into `RuleFailureClasses.classes`). */
  classes: number[];
  /** Top-level failures that are missing fields (or objects where a value is wanted). */
  missing: number;
  /** Every failing leaf, nested ones included, for the memo key. */
  failingLeaves: LeafCheck[];
  /** The failing top-level leaves and their codes, in explainCompiled's order. */
  leaves: Array<{ leaf: LeafCheck; code: FailureCode }>;
  /** A top-level `$or` failed, or every leaf held (array consistency): only explainCompiled says it right. */
  complex: boolean;
}

/** Per event: each distinct leaf's result, computed at most once however many rules ask. */
export class LeafResults {
  epoch = 0;
  /** Distinct leaves of all rules: `${path} ${conditions}` → id. */
  private readonly leafIds = new Map<string, number>();
  leafStamp = new Int32Array(64);
  /** 0: the leaf holds; else 1 + index in LEAF_CODES. */
  leafCode = new Uint8Array(64);

  leafId(path: string, expected: unknown[], absentMatches: boolean): number {
    const key = `${path}\u0000${absentMatches}\u0000${JSON.stringify(expected)}`;
    let id = this.leafIds.get(key);
    if (id === undefined) {
      id = this.leafIds.size;
      this.leafIds.set(key, id);
      if (id >= this.leafStamp.length) {
        const stamp = new Int32Array(this.leafStamp.length * 2);
        stamp.set(this.leafStamp);
        this.leafStamp = stamp;
        const code = new Uint8Array(this.leafCode.length * 2);
        code.set(this.leafCode);
        this.leafCode = code;
      }
    }
    return id;
  }

  /** A new event's values are loaded: forget the results of the last one. */
  reset(): void {
    this.epoch++;
    if (this.epoch === 0x7fffffff) {
      this.leafStamp.fill(0);
      this.epoch = 1;
    }
  }
}

/**
 * Signatures are exact integers while the digits fit in a double's 53 bits:
 * 6 per top-level leaf (holds, or one of LEAF_CODES), 2 per top-level `$or`.
 */
const MAX_SIGNATURE = 2 ** 52;

export class RuleFailureClasses {
  readonly classes: FailureClass[] = [];
  /** Whether `signature` can describe every miss of this rule (else it returns -1). */
  readonly signed: boolean;
  /** The class id of `array-consistency` (a miss whose every leaf holds). */
  readonly arrayConsistency: number;
  private readonly root: Level;
  private readonly scratch: MissShape = { classes: [], missing: 0, failingLeaves: [], leaves: [], complex: false };

  /** `pathIds`: the rule set's path table (every leaf path of every rule is in it); `shared`: the per-event results all rules share. */
  constructor(compiled: CompiledPattern, pathIds: ReadonlyMap<string, number>, private readonly shared: LeafResults) {
    this.root = this.level(compiled.parsed.entries, pathIds, true);
    this.arrayConsistency = this.addClass('array-consistency', '');
    this.signed = 6 ** this.root.leaves.length * 2 ** this.root.ors.length <= MAX_SIGNATURE;
  }

  /**
   * Which top-level leaves and `$or`s fail on the loaded event, as one
   * integer (call only when the rule did not match): misses with the same
   * signature have the same failure classes (see `missShape`). -1 when the
   * rule has too many top-level conditions for one.
   */
  signature(values: EventValues, results: LeafResults): number {
    if (!this.signed) return -1;
    let signature = 0;
    for (const leaf of this.root.leaves) signature = signature * 6 + leafCodeIndex(leaf, values, results);
    for (const or of this.root.ors) signature = signature * 2 + (this.orHolds(or, values, results) ? 0 : 1);
    return signature;
  }

  /**
   * Every leaf whose result can change this rule's miss shape (nested ones
   * included), except top-level leaves at `skipTopLevel` paths.
   */
  leaves(skipTopLevel: ReadonlySet<string>): LeafCheck[] {
    const out: LeafCheck[] = [];
    const walk = (level: Level, top: boolean): void => {
      for (const leaf of level.leaves) if (!(top && skipTopLevel.has(leaf.path))) out.push(leaf);
      for (const or of level.ors) for (const b of or.branches) walk(b, false);
    };
    walk(this.root, true);
    return out;
  }

  private addClass(code: FailureCode, path: string): number {
    this.classes.push({ code, path });
    return this.classes.length - 1;
  }

  private level(entries: TreeEntry[], pathIds: ReadonlyMap<string, number>, top: boolean): Level {
    const byPath = new Map<string, Extract<TreeEntry, { kind: 'leaf' }>['leaf']>();
    const ors: OrCheck[] = [];
    const orEntries: Array<Extract<TreeEntry, { kind: 'or' }>> = [];
    for (const e of entries) {
      if (e.kind === 'leaf') {
        byPath.delete(e.leaf.path);
        byPath.set(e.leaf.path, e.leaf);
      } else orEntries.push(e);
    }
    const leaves = [...byPath.values()].map((leaf): LeafCheck => {
      const classBase = top ? this.classes.length : -1;
      if (top) for (const code of LEAF_CODES) this.addClass(code, leaf.path);
      const filter = typeOrCaseFilter(leaf.conditions);
      return { id: this.shared.leafId(leaf.path, leaf.expected, leaf.absentMatches), path: leaf.path, expected: leaf.expected, segments: leaf.segments, similarityTail: similarityTail(leaf.path), pathId: pathIds.get(leaf.path)!, conditions: leaf.conditions, absentMatches: leaf.absentMatches, classBase, codes: new Map(), maybeTypeOrCase: filter.test, lowerLiterals: filter.lowerLiterals, lastValue: undefined, lastCode: undefined };
    });
    for (const or of orEntries) {
      const classId = top ? this.addClass('no-branch-matched', or.path) : -1;
      ors.push({ path: or.path, classId, branches: or.branches.map((b) => this.level(b, pathIds, false)) });
    }
    return { leaves, ors };
  }

  /**
   * The shape of a miss of this rule on the event whose values are loaded
   * (call only when the rule did not match). Mirrors explainCompiled's
   * choice of failures.
   */
  missShape(values: EventValues, results: LeafResults): MissShape {
    // One shape per rule, reused: a shape lives until the rule's next miss (callers use it within one event).
    const shape = this.scratch;
    if (shape.classes.length > 0) shape.classes.length = 0;
    if (shape.failingLeaves.length > 0) shape.failingLeaves.length = 0;
    if (shape.leaves.length > 0) shape.leaves.length = 0;
    shape.missing = 0;
    shape.complex = false;
    this.check(this.root, values, results, shape, true);
    if (shape.classes.length === 0) {
      shape.classes.push(this.arrayConsistency);
      shape.complex = true;
    }
    return shape;
  }

  private orHolds(or: OrCheck, values: EventValues, results: LeafResults): boolean {
    for (const b of or.branches) if (this.check(b, values, results, undefined, false)) return true;
    return false;
  }

  /** Does this level hold? Records its failures into `shape` (top level: classes too). */
  private check(level: Level, values: EventValues, results: LeafResults, shape: MissShape | undefined, top: boolean): boolean {
    let holds = true;
    for (const leaf of level.leaves) {
      const code = leafFailure(leaf, values, results);
      if (code === undefined) continue;
      holds = false;
      if (shape === undefined) return false;
      shape.failingLeaves.push(leaf);
      if (top) {
        shape.leaves.push({ leaf, code });
        shape.classes.push(leaf.classBase + LEAF_CODES.indexOf(code));
        if (code === 'missing-field' || code === 'object-value') shape.missing++;
      }
    }
    for (const or of level.ors) {
      if (this.orHolds(or, values, results)) continue;
      holds = false;
      if (shape === undefined) return false;
      for (const b of or.branches) this.check(b, values, results, shape, false);
      if (top) {
        shape.classes.push(or.classId);
        shape.complex = true;
      }
    }
    return holds;
  }
}

/** The code a leaf fails with for the loaded values, or undefined when it holds. */
function leafFailure(leaf: LeafCheck, values: EventValues, results: LeafResults): FailureCode | undefined {
  const known = leafCodeIndex(leaf, values, results);
  return known === 0 ? undefined : LEAF_CODES[known - 1];
}

/** 0 when the leaf holds for the loaded values, else 1 + the index of its code in LEAF_CODES; once per distinct leaf and event. */
export function leafCodeIndex(leaf: LeafCheck, values: EventValues, results: LeafResults): number {
  if (results.leafStamp[leaf.id] === results.epoch) return results.leafCode[leaf.id]!;
  const code = decideLeaf(leaf, values);
  const index = code === undefined ? 0 : LEAF_CODES.indexOf(code) + 1;
  results.leafStamp[leaf.id] = results.epoch;
  results.leafCode[leaf.id] = index;
  return index;
}

/** The engine's leaf test on the loaded values, and the code of a failure. */
function decideLeaf(leaf: LeafCheck, values: EventValues): FailureCode | undefined {
  const first = values.first[leaf.pathId];
  if (first === undefined) {
    if (leaf.absentMatches) return undefined;
    return values.hasObject(leaf.pathId) ? 'object-value' : 'missing-field';
  }
  const more = values.more === null ? undefined : values.more[leaf.pathId];
  if (more === undefined) {
    // Events of one kind repeat values: the last single value's result is remembered.
    if (Object.is(first, leaf.lastValue)) return leaf.lastCode;
    const code = decideValue(leaf, first);
    leaf.lastValue = first;
    leaf.lastCode = code;
    return code;
  }
  const conditions = leaf.conditions;
  if (holdsFor(conditions, first)) return undefined;
  for (const v of more) if (holdsFor(conditions, v)) return undefined;
  return classify(conditions, [first, ...more]);
}

function decideValue(leaf: LeafCheck, value: Scalar): FailureCode | undefined {
  if (holdsFor(leaf.conditions, value)) return undefined;
  if (typeof value === 'string' && !leaf.maybeTypeOrCase(value)) return 'value-mismatch';
  const known = leaf.codes.get(value);
  if (known !== undefined) return known;
  const code = classify(leaf.conditions, [value]);
  if (leaf.codes.size < MAX_REMEMBERED_CODES) leaf.codes.set(value, code);
  return code;
}

function holdsFor(conditions: Condition[], value: Scalar): boolean {
  for (let i = 0; i < conditions.length; i++) if (conditions[i]!.test(value)) return true;
  return false;
}

/**
 * A quick test for failing strings, true whenever `classify` could find a
 * type-mismatch (a condition on a number, boolean or null, or a numeric
 * range) or a case-mismatch (the same comparisons as classify's, ignoring
 * case, with the lower-cased operands prepared once). False means classify
 * would say value-mismatch.
 */
function typeOrCaseFilter(conditions: readonly Condition[]): { test: (value: string) => boolean; lowerLiterals: boolean } {
  const typed = conditions.some((c) => c.kind === 'numeric' || (c.kind === 'exact' && typeof exactWritten(c) !== 'string'));
  if (typed) return { test: () => true, lowerLiterals: false };
  const tests: Array<(lower: string) => boolean> = [];
  let lowerLiterals = true;
  const lowered = (text: string): string => {
    const lower = text.toLowerCase();
    if (lower !== text) lowerLiterals = false;
    return lower;
  };
  for (const c of conditions) {
    const w = c.written as Record<string, unknown> | string | null;
    if (c.kind === 'exact') {
      const text = exactWritten(c);
      if (typeof text === 'string') {
        const lower = lowered(text);
        tests.push((v) => v === lower);
      }
    } else if (c.kind === 'prefix' && typeof (w as Record<string, unknown>)?.prefix === 'string') {
      const lower = lowered((w as Record<string, unknown>).prefix as string);
      tests.push((v) => v.startsWith(lower));
    } else if (c.kind === 'suffix' && typeof (w as Record<string, unknown>)?.suffix === 'string') {
      const lower = lowered((w as Record<string, unknown>).suffix as string);
      tests.push((v) => v.endsWith(lower));
    } else if (c.kind === 'wildcard' && typeof (w as Record<string, unknown>)?.wildcard === 'string') {
      const tester = wildcardTester(lowered((w as Record<string, unknown>).wildcard as string));
      tests.push(tester);
    }
  }
  if (tests.length === 0) return { test: () => false, lowerLiterals: true };
  const test = (value: string): boolean => {
    const lower = lowerCase(value);
    for (const t of tests) if (t(lower)) return true;
    return false;
  };
  return { test, lowerLiterals };
}

/** The last string lower-cased, and its lower case: many leaves test one value. */
let lastCased: string | undefined;
let lastLower = '';

function lowerCase(value: string): string {
  if (value !== lastCased) {
    lastCased = value;
    lastLower = value.toLowerCase();
  }
  return lastLower;
}

function exactWritten(c: Condition): unknown {
  return typeof c.written === 'object' && c.written !== null ? (c.written as { exact?: unknown }).exact : c.written;
}
