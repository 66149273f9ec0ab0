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
import type { TreeEntry } from '../pattern/compile.js';

export interface LeafCheck {
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

/** Per event, which paths hold objects (for `object-value` vs `missing-field`), computed at most once per path. */
export class ObjectPresence {
  private stamp: Int32Array;
  private result: Uint8Array;
  private event: unknown;
  private epoch = 0;

  constructor(pathCount: number) {
    this.stamp = new Int32Array(pathCount);
    this.result = new Uint8Array(pathCount);
  }

  reset(event: unknown): void {
    this.event = event;
    this.epoch++;
    if (this.epoch === 0x7fffffff) {
      this.stamp.fill(0);
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

  /** `pathIds`: the rule set's path table (every leaf path of every rule is in it). */
  constructor(compiled: CompiledPattern, pathIds: ReadonlyMap<string, number>) {
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
      return { path: leaf.path, expected: leaf.expected, segments: leaf.segments, pathId: pathIds.get(leaf.path)!, conditions: leaf.conditions, absentMatches: leaf.absentMatches, classBase, codes: new Map() };
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
    const shape: MissShape = { classes: [], missing: 0, failingLeaves: [], leaves: [], complex: false };
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

/** The code a leaf fails with for the loaded values, or undefined when it holds (the engine's leaf test). */
function leafFailure(leaf: LeafCheck, values: EventValues, objects: ObjectPresence): FailureCode | undefined {
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
