/**
 * Events of one topic fall into few miss classes: the same result at every
 * leaf of the rules the topic is about (and, when values came from arrays,
 * the same rules matched: array consistency is not a leaf's). Events of
 * one class miss the same rules with the same failure classes, so the main job
 * counts an event by its class (one lookup) instead of rule by rule, and
 * credits each class's count to its rules' tallies at the end.
 *
 * A path's leaves are decided together by generated code (leaf-probe.ts),
 * and remembered by the path's value (codes-by-value.ts); only failing
 * leaves whose code could be other than a value mismatch are looked at one
 * by one.
 */
import { compileLeafProbe, PROBE_ABSENT, PROBE_FAILS, PROBE_FAILS_PLAIN, PROBE_HOLDS, PROBE_OBJECT, type LeafProbe } from '../pattern/leaf-probe.js';
import type { EventValues } from '../pattern/event-values.js';
import { LEAF_CODES, leafCodeIndex, type LeafCheck, type LeafResults, type RuleFailureClasses } from './failure-classes.js';
import { TOPIC_PATHS } from './topics.js';
import { CodesByValue, type CodesBudget } from './codes-by-value.js';

/** Misses of one rule with one failure signature: their classes (the same for all of them) and how many there were. */
export interface SignatureTally {
  count: number;
  classes: readonly number[];
  /** Top-level failures, and those that are missing fields: how near such a miss is. */
  failures: number;
  missing: number;
}

/** One class: the rules its events miss and the tally each miss is counted in. */
export interface MissClass {
  /** Events of this class. */
  count: number;
  /** Events of this class whose misses were noted one by one (nearest, ties); a few are enough. */
  noted: number;
  /** The rules its events match. */
  hits: Int32Array;
  missed: Int32Array;
  tallies: SignatureTally[];
}

const TOPIC_LEAF_PATHS: ReadonlySet<string> = new Set(TOPIC_PATHS);
/** A probe result → the leaf's code index (see leafCodeIndex), or -1: ask leafCodeIndex. */
const CODE_OF_PROBE = new Int8Array(5);
CODE_OF_PROBE[PROBE_ABSENT] = LEAF_CODES.indexOf('missing-field') + 1;
CODE_OF_PROBE[PROBE_OBJECT] = LEAF_CODES.indexOf('object-value') + 1;
CODE_OF_PROBE[PROBE_FAILS] = -1;
CODE_OF_PROBE[PROBE_HOLDS] = 0;
CODE_OF_PROBE[PROBE_FAILS_PLAIN] = LEAF_CODES.indexOf('value-mismatch') + 1;
/** Leaf codes (0..5) packed per key character: 6^6 < 2^16. */
const CODES_PER_CHAR = 6;

/** The leaves of one path (contiguous in TopicMissClasses.leaves), decided together. */
interface PathLeaves {
  pathId: number;
  leaves: LeafCheck[];
  probe: LeafProbe;
  probed: Uint8Array;
  byValue: CodesByValue;
}

/** The miss classes of one remembered topic. */
export class TopicMissClasses {
  /**
   * The distinct leaves that decide this topic's rules' misses. Their
   * top-level `source` and `detail-type` leaves are left out: on a
   * remembered topic they hold for every rule it is about.
   */
  readonly leaves: LeafCheck[];
  readonly classes = new Map<string, MissClass>();
  private readonly paths: PathLeaves[];

  /** `detailType`: the name the topic's events are counted under; `budget`: shared by the main job's topics. */
  constructor(rules: Int32Array, classes: ReadonlyArray<RuleFailureClasses | undefined>, readonly detailType: string, budget: CodesBudget) {
    const byId = new Map<number, LeafCheck>();
    for (const r of rules) for (const leaf of classes[r]?.leaves(TOPIC_LEAF_PATHS) ?? []) if (!byId.has(leaf.id)) byId.set(leaf.id, leaf);
    this.leaves = [...byId.values()].sort((a, b) => a.pathId - b.pathId);
    const byPath = new Map<number, LeafCheck[]>();
    for (const leaf of this.leaves) byPath.set(leaf.pathId, [...(byPath.get(leaf.pathId) ?? []), leaf]);
    this.paths = [...byPath].map(([pathId, leaves]) => ({ pathId, leaves, probe: compileLeafProbe(leaves), probed: new Uint8Array(leaves.length), byValue: new CodesByValue(budget) }));
  }

  /** The loaded event's code at every leaf, as a key: per path, its leaves' codes (a fixed number of characters). */
  leafKey(values: EventValues, results: LeafResults): string {
    const { first, more } = values;
    let key = '';
    for (const path of this.paths) {
      const v = first[path.pathId];
      const single = v !== undefined && (more === null || more[path.pathId] === undefined) && path.byValue.takes(v);
      let codes = single ? path.byValue.get(v) : undefined;
      if (codes === undefined) {
        codes = pathCodes(path, values, results);
        if (single) path.byValue.add(v, codes);
      }
      key += codes;
    }
    return key;
  }
}

/** One path's leaves' codes on the loaded event, packed CODES_PER_CHAR to a character. */
function pathCodes(path: PathLeaves, values: EventValues, results: LeafResults): string {
  const { leaves, probed } = path;
  path.probe(values, probed);
  let codes = '';
  let packed = 0;
  let inChar = 0;
  for (let k = 0; k < leaves.length; k++) {
    let code = CODE_OF_PROBE[probed[k]!]!;
    if (code < 0) code = leafCodeIndex(leaves[k]!, values, results);
    packed = packed * 6 + code;
    if (++inChar === CODES_PER_CHAR) {
      codes += String.fromCharCode(packed);
      packed = 0;
      inChar = 0;
    }
  }
  if (inChar > 0) codes += String.fromCharCode(packed);
  return codes;
}

/**
 * The class key of an event whose matches the leaves alone do not decide
 * (values from arrays): its leaf key, a mark, and the rules it matched
 * (`hits[0 .. hitCount)`, sorted).
 */
export function withHits(leafKey: string, hits: Int32Array, hitCount: number): string {
  let key = `${leafKey}\uffff`;
  for (let i = 0; i < hitCount; i++) {
    const r = hits[i]!;
    key += r < 0xffff ? String.fromCharCode(r) : String.fromCharCode(0xffff, r & 0xffff, r >>> 16);
  }
  return key;
}
