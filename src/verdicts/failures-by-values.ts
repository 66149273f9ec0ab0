/**
 * Failure lists remembered by what they depend on, without building a key
 * string per verdict: per rule, detail-type and source, the rule's failure
 * signature, then one level per failing leaf keyed by the event's value
 * there (the value itself: a string read once is hashed once, however many
 * rules quote it) or, for a missing field, by the keys its parent holds.
 */
import type { PatternFailure, Scalar } from '../pattern/index.js';
import type { EventValues } from '../pattern/event-values.js';
import type { LeafCheck, MissShape } from './failure-classes.js';

/** Values longer than this (as text) are not keys: such misses are explained afresh. */
export const MAX_KEY_CHARS = 2_000;
/** Nodes remembered in all; past this the tree starts over. */
const MAX_NODES = 40_000;
/** A level stops taking new values once it has taken this many and fewer than one lookup in REPEATS_WORTH found a known one. */
const MIN_TRIED = 64;
const REPEATS_WORTH = 4;

/** One failing leaf's level. */
export interface ValueNode {
  /** By a single value. */
  one?: Map<Scalar, ValueNode>;
  /** By several values (from arrays), as text. */
  several?: Map<string, ValueNode>;
  /** A missing field, by the keys its parent holds. */
  absent?: Map<string, ValueNode>;
  failures?: PatternFailure[];
  /** Values met here that were not known yet, and those that were (a leaf whose values never repeat stops being remembered). */
  added?: number;
  found?: number;
}

interface LeavesNode {
  /** The failing leaves the values are read at, in the shape's order. */
  leaves: LeafCheck[];
  root: ValueNode;
}

/** Per signature: its failing leaves when the signature fixes them, else per set of failing leaves. */
interface SignatureNode {
  fixed?: LeavesNode;
  byLeaves?: Map<string, LeavesNode>;
}

/** What the failures of one miss are keyed by, read from the loaded event. */
export interface MissContext {
  values: EventValues;
  /** The event's detail-type and source, when strings (hints may quote them; else nothing is remembered). */
  detailType: string | undefined;
  source: string | undefined;
  /** The keys of a missing field's parent, as parentKeys gives them (undefined: an object is where a value is wanted). */
  parentKeys(leaf: LeafCheck): string | undefined;
  /** The miss's shape, when the signature does not fix its failing leaves. */
  shape(): MissShape;
}

export class FailuresByValues {
  /** Per rule: by detail-type, source and signature. */
  private rules: Array<Map<string, Map<string, Map<number, SignatureNode>>> | undefined> = [];
  private nodes = 0;

  /**
   * The node that holds (or will hold) the failures of rule `r`'s miss with
   * `signature` (-1: none) on the loaded event; undefined when a value is
   * too long to be a key. A signature fixes the failing leaves unless a
   * top-level `$or` failed or every leaf held (a complex shape).
   */
  slot(r: number, signature: number, miss: MissContext): ValueNode | undefined {
    const { detailType, source } = miss;
    if (detailType === undefined || source === undefined) return undefined;
    if (this.nodes >= MAX_NODES) {
      this.rules = [];
      this.nodes = 0;
    }
    let byType = this.rules[r];
    if (byType === undefined) this.rules[r] = byType = new Map();
    let bySource = byType.get(detailType);
    if (bySource === undefined) byType.set(detailType, (bySource = new Map()));
    let bySignature = bySource.get(source);
    if (bySignature === undefined) bySource.set(source, (bySignature = new Map()));
    let node = bySignature.get(signature);
    if (node === undefined) {
      node = signature !== -1 && !miss.shape().complex ? { fixed: { leaves: [...miss.shape().failingLeaves], root: {} } } : { byLeaves: new Map() };
      bySignature.set(signature, node);
    }
    let leaves = node.fixed;
    if (leaves === undefined) {
      const shape = miss.shape();
      const key = `${shape.classes.join(',')}|${shape.failingLeaves.map((l) => l.id).join(',')}`;
      leaves = node.byLeaves!.get(key);
      if (leaves === undefined) node.byLeaves!.set(key, (leaves = { leaves: [...shape.failingLeaves], root: {} }));
    }
    let at: ValueNode | undefined = leaves.root;
    for (let i = 0; i < leaves.leaves.length && at !== undefined; i++) at = this.child(at, leaves.leaves[i]!, miss);
    return at;
  }

  private child(node: ValueNode, leaf: LeafCheck, miss: MissContext): ValueNode | undefined {
    const { values } = miss;
    const first = values.first[leaf.pathId];
    if (first === undefined) {
      const parent = miss.parentKeys(leaf);
      if (parent === undefined || parent.length > MAX_KEY_CHARS) return undefined;
      return this.next(node, (node.absent ??= new Map()), parent);
    }
    const more = values.more === null ? undefined : values.more[leaf.pathId];
    if (more === undefined) {
      if (typeof first === 'string' && first.length > MAX_KEY_CHARS) return undefined;
      return this.next(node, (node.one ??= new Map()), first);
    }
    let text = scalarKey(first);
    for (const v of more) {
      text += `\u0002${scalarKey(v)}`;
      if (text.length > MAX_KEY_CHARS) return undefined;
    }
    return this.next(node, (node.several ??= new Map()), text);
  }

  /** The node under `key`, added when new, unless this level's values seldom repeat (undefined: explained afresh). */
  private next<K>(node: ValueNode, map: Map<K, ValueNode>, key: K): ValueNode | undefined {
    let next = map.get(key);
    if (next !== undefined) {
      node.found = (node.found ?? 0) + 1;
      return next;
    }
    const added = (node.added ?? 0) + 1;
    if (added > MIN_TRIED && (node.found ?? 0) * REPEATS_WORTH < added) return undefined;
    node.added = added;
    map.set(key, (next = {}));
    this.nodes++;
    return next;
  }
}

function scalarKey(v: unknown): string {
  return typeof v === 'string' ? `s${v}` : `${typeof v}${String(v)}`;
}
