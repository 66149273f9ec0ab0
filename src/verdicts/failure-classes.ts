/**
 * Why a rule misses an event, cheaply: the same failing leaves and codes as
 * `explainCompiled` (top-level leaves, `$or`s, array consistency), decided on
 * the values the rule set already gathered for the event, without hints,
 * fixes or copies. Full explanations are built only where something shows
 * them (see explanation-cache.ts).
 */
import { classify, type CompiledPattern, type Condition, type FailureCode, type Scalar } from '../pattern/index.js';
import type { EventValues } from '../pattern/event-values.js';
import { rawValuesAt } from '../pattern/flatten.js';
import { wildcardTester } from '../pattern/wildcard.js';
import type { TreeEntry } from '../pattern/compile.js';

export interface LeafCheck {
  /** Shared by every rule's identical leaf (same path and conditions): decided once per event. */
  id: number;
  path: string;
  /** The condition list as written. */
  expected: unknown[];
  segments: string[];
  pathId: number;
  conditions: Condition[];
  absentMatches: boolean;
  /** Class ids of this leaf's failure codes (LEAF_CODES order); top-level leaves only, else -1. */
  classBase: number;
  /** Remembered codes of single string/number values that fail (bounded). */
  codes: Map<Scalar, FailureCode>;
  /** For a failing string: could it be a type or case problem? When not, it is a plain value-mismatch (no need to classify). */
  maybeTypeOrCase: (value: string) => boolean;
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

/**
 * Per event: which paths hold objects (for `object-value` vs
 * `missing-field`), and each distinct leaf's result, each computed at most
 * once however many rules ask.
 */
export class ObjectPresence {
  private stamp: Int32Array;
  private result: Uint8Array;
  private event: unknown;
  epoch = 0;
  /** Distinct leaves of all rules: `${path} ${conditions}` → id. */
  private readonly leafIds = new Map<string, number>();
  leafStamp = new Int32Array(64);
  /** 0: the leaf holds; else 1 + index in LEAF_CODES. */
  leafCode = new Uint8Array(64);

  constructor(pathCount: number) {
    this.stamp = new Int32Array(pathCount);
    this.result = new Uint8Array(pathCount);
  }

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

  reset(event: unknown): void {
    this.event = event;
    this.epoch++;
    if (this.epoch === 0x7fffffff) {
      this.stamp.fill(0);
      this.leafStamp.fill(0);
      this.epoch = 1;
    }
  }

  hasObjectAt(pathId: number, segments: string[]): boolean {
    if (this.stamp[pathId] === this.epoch) return this.result[pathId] === 1;
    const found = rawValuesAt(this.event, segments).some((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
    this.stamp[pathId] = this.epoch;
    this.result[pathId] = found ? 1 : 0;
    return found;
  }
}

export class RuleFailureClasses {
  readonly classes: FailureClass[] = [];
  /** The class id of `array-consistency` (a miss whose every leaf holds). */
  readonly arrayConsistency: number;
  private readonly root: Level;
  private readonly scratch: MissShape = { classes: [], missing: 0, failingLeaves: [], leaves: [], complex: false };

  /** `pathIds`: the rule set's path table (every leaf path of every rule is in it); `shared`: the per-event results all rules share. */
  constructor(compiled: CompiledPattern, pathIds: ReadonlyMap<string, number>, private readonly shared: ObjectPresence) {
    this.root = this.level(compiled.parsed.entries, pathIds, true);
    this.arrayConsistency = this.addClass('array-consistency', '');
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
      return { id: this.shared.leafId(leaf.path, leaf.expected, leaf.absentMatches), path: leaf.path, expected: leaf.expected, segments: leaf.segments, pathId: pathIds.get(leaf.path)!, conditions: leaf.conditions, absentMatches: leaf.absentMatches, classBase, codes: new Map(), maybeTypeOrCase: typeOrCaseFilter(leaf.conditions) };
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
  missShape(values: EventValues, objects: ObjectPresence): MissShape {
    // One shape per rule, reused: a shape lives until the rule's next miss (callers use it within one event).
    const shape = this.scratch;
    if (shape.classes.length > 0) shape.classes.length = 0;
    if (shape.failingLeaves.length > 0) shape.failingLeaves.length = 0;
    if (shape.leaves.length > 0) shape.leaves.length = 0;
    shape.missing = 0;
    shape.complex = false;
    this.check(this.root, values, objects, shape, true);
    if (shape.classes.length === 0) {
      shape.classes.push(this.arrayConsistency);
      shape.complex = true;
    }
    return shape;
  }

  /** Does this level hold? Records its failures into `shape` (top level: classes too). */
  private check(level: Level, values: EventValues, objects: ObjectPresence, shape: MissShape | undefined, top: boolean): boolean {
    let holds = true;
    for (const leaf of level.leaves) {
      const code = leafFailure(leaf, values, objects);
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
      if (or.branches.some((b) => this.check(b, values, objects, undefined, false))) continue;
      holds = false;
      if (shape === undefined) return false;
      for (const b of or.branches) this.check(b, values, objects, shape, false);
      if (top) {
        shape.classes.push(or.classId);
        shape.complex = true;
      }
    }
    return holds;
  }
}

/** The code a leaf fails with for the loaded values, or undefined when it holds; once per distinct leaf and event. */
function leafFailure(leaf: LeafCheck, values: EventValues, objects: ObjectPresence): FailureCode | undefined {
  if (objects.leafStamp[leaf.id] === objects.epoch) {
    const known = objects.leafCode[leaf.id]!;
    return known === 0 ? undefined : LEAF_CODES[known - 1];
  }
  const code = decideLeaf(leaf, values, objects);
  objects.leafStamp[leaf.id] = objects.epoch;
  objects.leafCode[leaf.id] = code === undefined ? 0 : LEAF_CODES.indexOf(code) + 1;
  return code;
}

/** The engine's leaf test on the loaded values, and the code of a failure. */
function decideLeaf(leaf: LeafCheck, values: EventValues, objects: ObjectPresence): FailureCode | undefined {
  const first = values.first[leaf.pathId];
  if (first === undefined) {
    if (leaf.absentMatches) return undefined;
    return objects.hasObjectAt(leaf.pathId, leaf.segments) ? 'object-value' : 'missing-field';
  }
  const conditions = leaf.conditions;
  if (holdsFor(conditions, first)) return undefined;
  const more = values.more === null ? undefined : values.more[leaf.pathId];
  if (more !== undefined) {
    for (const v of more) if (holdsFor(conditions, v)) return undefined;
    return classify(conditions, [first, ...more]);
  }
  if (typeof first === 'string' && !leaf.maybeTypeOrCase(first)) return 'value-mismatch';
  const known = leaf.codes.get(first);
  if (known !== undefined) return known;
  const code = classify(conditions, [first]);
  if (leaf.codes.size < MAX_REMEMBERED_CODES) leaf.codes.set(first, code);
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
function typeOrCaseFilter(conditions: readonly Condition[]): (value: string) => boolean {
  const typed = conditions.some((c) => c.kind === 'numeric' || (c.kind === 'exact' && typeof exactWritten(c) !== 'string'));
  if (typed) return () => true;
  const tests: Array<(lower: string) => boolean> = [];
  for (const c of conditions) {
    const w = c.written as Record<string, unknown> | string | null;
    if (c.kind === 'exact') {
      const text = exactWritten(c);
      if (typeof text === 'string') {
        const lower = text.toLowerCase();
        tests.push((v) => v === lower);
      }
    } else if (c.kind === 'prefix' && typeof (w as Record<string, unknown>)?.prefix === 'string') {
      const lower = ((w as Record<string, unknown>).prefix as string).toLowerCase();
      tests.push((v) => v.startsWith(lower));
    } else if (c.kind === 'suffix' && typeof (w as Record<string, unknown>)?.suffix === 'string') {
      const lower = ((w as Record<string, unknown>).suffix as string).toLowerCase();
      tests.push((v) => v.endsWith(lower));
    } else if (c.kind === 'wildcard' && typeof (w as Record<string, unknown>)?.wildcard === 'string') {
      const tester = wildcardTester(((w as Record<string, unknown>).wildcard as string).toLowerCase());
      tests.push(tester);
    }
  }
  if (tests.length === 0) return () => false;
  return (value) => {
    const lower = value.toLowerCase();
    for (const t of tests) if (t(lower)) return true;
    return false;
  };
}

function exactWritten(c: Condition): unknown {
  return typeof c.written === 'object' && c.written !== null ? (c.written as { exact?: unknown }).exact : c.written;
}
