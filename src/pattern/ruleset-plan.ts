/**
 * Compiles rules into the flat tables `matchRuleSet` works on. Every
 * distinct (path, condition) and (path, leaf) across all rules gets one
 * number and keeps the engine's own condition tests, so the semantics are the
 * engine's by construction. Each branch (one way of satisfying a rule's
 * `$or`s) is the AND of its leaves and is anchored on one of them:
 * - an exact-value leaf when it has one, found by hash lookup of the event's
 *   values (path → value → branches);
 * - otherwise any leaf, evaluated once per event for all branches sharing it.
 * Only branches whose anchor holds are checked further.
 */
import { parsePattern } from './compile.js';
import { InvalidEventPatternException } from './errors.js';
import type { Condition, Exclusion, Scalar } from './conditions.js';
import { cidrContains, ipKey, parseCidr, parseIp, type IpAddress } from './ip.js';
import { compileBranches, PathTable, type CompiledBranch, type CompiledLeaf } from './match.js';
import { StringTable } from './string-table.js';
import type { InlineCondition } from './ruleset-code.js';
import { parseWildcard, STAR } from './wildcard.js';

/** Event value → branches anchored on it, for one path. Strings compare as written, except IP addresses. */
export interface ExactIndex {
  strings: StringTable<number[]> | null;
  /** Address key (`ipKey`) → branches, for pattern strings that are IP addresses. */
  ips: Map<string, number[]> | null;
  numbers: Map<number, number[]> | null;
  trueBranches: number[] | null;
  falseBranches: number[] | null;
  nullBranches: number[] | null;
}

/** A rule that could not be compiled: its position, name and AWS's reason. It never matches. */
export interface RuleProblem {
  index: number;
  name: string;
  error: InvalidEventPatternException;
}

export interface RuleSetPlan {
  readonly table: PathTable;
  /** Rules that could not be compiled (they have no branches). */
  readonly problems: readonly RuleProblem[];
  /** Per branch, as the engine compiled it (for the exact array-consistency check). */
  readonly branches: CompiledBranch[];
  readonly branchCount: number;
  readonly branchRule: Int32Array;
  /** Per branch: its leaf paths (to decide whether array consistency must be checked). */
  readonly branchPaths: Int32Array[];
  /** Per branch b: its leaves other than the anchor, cheapest first, at `restLeaves[restStart[b] .. restStart[b + 1])`. */
  readonly restStart: Int32Array;
  readonly restLeaves: Int32Array;
  /** Paths with exact anchors, and the index per path id. */
  readonly anchorPaths: Int32Array;
  readonly exactIndex: Array<ExactIndex | null>;
  /** Leaves that anchor branches by evaluation, and those branches. */
  readonly anchorLeaves: Int32Array;
  readonly anchorLeafBranches: Int32Array[];
  readonly leafCount: number;
  readonly leafPath: Int32Array;
  readonly leafAbsentMatches: Uint8Array;
  /**
   * Per leaf: 1 when it is an absence leaf of a branch whose absence depends on
   * array consistency (`CompiledBranch.ordered`): it also holds, provisionally,
   * when values at its path came from arrays, and its branches get the exact check.
   */
  readonly leafAbsentInArrays: Uint8Array;
  /** Per branch: 1 when the exact check (`branchMatches`) must decide it whenever an absence path has values. */
  readonly branchOrdered: Uint8Array;
  /** Per leaf l: its conditions, cheapest first, at `conditionList[conditionStart[l] .. conditionStart[l + 1])`. */
  readonly conditionStart: Int32Array;
  readonly conditionList: Int32Array;
  /** Per (path, condition): the engine's test of one value. */
  readonly conditionTests: Array<(value: Scalar) => boolean>;
  /**
   * Per condition that is a one-star wildcard `head*tail` with a non-empty
   * head (topic-name wildcards usually are): its head and tail. It matches a
   * string that starts with the head and ends with the tail and is at least
   * as long as both.
   */
  readonly conditionWildcard: Array<{ head: string; tail: string } | undefined>;
  /**
   * Per condition, when its test is a plain string comparison: the exact
   * string (`v === s`), the case-sensitive prefix (`startsWith`) or suffix
   * (`endsWith`). Generated code inlines these.
   */
  readonly conditionExactString: Array<string | undefined>;
  /** Per condition that is an `anything-but`: what it excludes. */
  readonly conditionExclusion: Array<Exclusion | undefined>;
  readonly conditionPrefix: Array<string | undefined>;
  readonly conditionSuffix: Array<string | undefined>;
}

type ExactKey =
  | { type: 'string'; value: string }
  | { type: 'ip'; value: string }
  | { type: 'number'; value: number }
  | { type: 'true' | 'false' | 'null' };

/** How an exact condition is looked up; undefined when the condition is not an exact value. */
function exactKeyOfCondition(c: Condition): ExactKey | undefined {
  if (c.kind !== 'exact') return undefined;
  const w = c.written;
  if (typeof w === 'string') {
    const ip = parseIp(w);
    return ip === undefined ? { type: 'string', value: w } : { type: 'ip', value: ipKey(ip) };
  }
  if (typeof w === 'number') return { type: 'number', value: w };
  if (w === true) return { type: 'true' };
  if (w === false) return { type: 'false' };
  if (w === null) return { type: 'null' };
  // {"exactly": "text"} compares the string as written, IP or not.
  const text = (w as { exactly?: unknown }).exactly;
  return typeof text === 'string' ? { type: 'string', value: text } : undefined;
}

/** Identity of a condition as written; numbers by their exact value (JSON would turn ±Infinity into null). */
function conditionKey(c: Condition): string {
  return `${c.kind}:${JSON.stringify(c.written, (_k, v: unknown) => (typeof v === 'number' ? { '\u0000n': String(v) } : v))}`;
}

/**
 * The engine's cidr test (`cidrCondition`) with the address parsed once for
 * all the cidr conditions tested against the same value.
 */
export function cidrTest(c: Condition, parse: (text: string) => IpAddress | undefined): (value: Scalar) => boolean {
  const range = parseCidr((c.written as { cidr: string }).cidr);
  return (v) => {
    if (typeof v !== 'string') return false;
    const ip = parse(v);
    return ip !== undefined && cidrContains(range, ip);
  };
}

/**
 * A wildcard with one star, as `wildcardTester` reads it: it matches a
 * string of at least head + tail characters that starts with head and ends
 * with tail.
 */
export function headAndTail(c: Condition): { head: string; tail: string } | undefined {
  if (c.kind !== 'wildcard') return undefined;
  const text = (c.written as { wildcard?: unknown }).wildcard;
  if (typeof text !== 'string') return undefined;
  const tokens = parseWildcard(text);
  const at = tokens.indexOf(STAR);
  if (at < 0 || tokens.indexOf(STAR, at + 1) >= 0) return undefined;
  return { head: tokens.slice(0, at).join(''), tail: tokens.slice(at + 1).join('') };
}

/** The string an exact condition's test compares with `===`, if that is its test. */
export function exactStringOf(c: Condition): string | undefined {
  return c.kind === 'exact' ? c.literal : undefined;
}

/** What generated code can inline of a condition's test (see `inlineConditionTest`). */
export function inlineFormOf(c: Condition): InlineCondition {
  const split = headAndTail(c);
  return {
    wildcard: split === undefined || split.head === '' ? undefined : split,
    prefix: c.kind === 'prefix' ? c.literal : undefined,
    suffix: c.kind === 'suffix' ? c.literal : undefined,
    exclusion: c.exclusion,
  };
}

export function lastResultMemo<R>(fn: (text: string) => R): (text: string) => R {
  let lastText: string | undefined;
  let lastResult!: R;
  return (text) => {
    if (text !== lastText) {
      lastResult = fn(text);
      lastText = text;
    }
    return lastResult;
  };
}

/** Relative cost of a condition's test; an exact value, also the likeliest to fail, goes before a prefix. */
const KIND_COST: Record<Condition['kind'], number> = {
  exists: 0, exact: 1, numeric: 1, prefix: 2, suffix: 2, 'anything-but': 3, cidr: 4, 'equals-ignore-case': 4, wildcard: 4,
};

/** Per path: exact key → ids, for items (branches) anchored on some value at their path equalling one of their keys. */
function exactIndexes(pathCount: number, items: Array<{ pathId: number; keys: ExactKey[]; id: number }>): Array<ExactIndex | null> {
  const indexes: Array<ExactIndex | null> = new Array(pathCount).fill(null);
  const strings: Array<Map<string, number[]> | undefined> = new Array(pathCount).fill(undefined);
  for (const { pathId, keys, id } of items) {
    const index = (indexes[pathId] ??= {
      strings: null, ips: null, numbers: null, trueBranches: null, falseBranches: null, nullBranches: null,
    });
    for (const k of keys) {
      switch (k.type) {
        case 'string': addTo((strings[pathId] ??= new Map()), k.value, id); break;
        case 'ip': addTo((index.ips ??= new Map()), k.value, id); break;
        case 'number': addTo((index.numbers ??= new Map()), k.value, id); break;
        case 'true': pushUnique((index.trueBranches ??= []), id); break;
        case 'false': pushUnique((index.falseBranches ??= []), id); break;
        case 'null': pushUnique((index.nullBranches ??= []), id); break;
      }
    }
  }
  strings.forEach((map, p) => {
    if (map !== undefined) indexes[p]!.strings = new StringTable(map);
  });
  return indexes;
}

function addTo<K>(map: Map<K, number[]>, key: K, id: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [id]);
  else if (!list.includes(id)) list.push(id);
}

function pushUnique(list: number[], id: number): void {
  if (!list.includes(id)) list.push(id);
}

function compileRules(rules: Array<{ name: string; pattern: string | object }>): {
  table: PathTable;
  branches: CompiledBranch[];
  branchRule: number[];
  problems: RuleProblem[];
} {
  const table = new PathTable();
  const branches: CompiledBranch[] = [];
  const branchRule: number[] = [];
  const problems: RuleProblem[] = [];
  rules.forEach((rule, r) => {
    let parsed;
    try {
      parsed = parsePattern(rule.pattern);
    } catch (error) {
      if (!(error instanceof InvalidEventPatternException)) throw error;
      problems.push({ index: r, name: rule.name, error });
      return;
    }
    for (const b of compileBranches(parsed, table)) {
      branches.push(b);
      branchRule.push(r);
    }
  });
  return { table, branches, branchRule, problems };
}

interface LeafInfo {
  pathId: number;
  absentMatches: boolean;
  absentInArrays: boolean;
  conditions: number[];
  /** Lookup keys when every condition is an exact value (and absence does not satisfy the leaf). */
  exactKeys: ExactKey[] | undefined;
  cost: number;
}

export function buildRuleSetPlan(rules: Array<{ name: string; pattern: string | object }>): RuleSetPlan {
  const { table, branches, branchRule, problems } = compileRules(rules);
  const conditionIds = new Map<string, number>();
  const conditionTests: Array<(value: Scalar) => boolean> = [];
  const conditionExactString: Array<string | undefined> = [];
  const conditionExclusion: Array<Exclusion | undefined> = [];
  const conditionPrefix: Array<string | undefined> = [];
  const conditionSuffix: Array<string | undefined> = [];
  const conditionWildcard: Array<{ head: string; tail: string } | undefined> = [];
  const leafIds = new Map<string, number>();
  const leaves: LeafInfo[] = [];

  const parseIpOnce = lastResultMemo(parseIp);
  const conditionId = (pathId: number, c: Condition): number => {
    const key = `${pathId}\u0001${conditionKey(c)}`;
    let id = conditionIds.get(key);
    if (id === undefined) {
      id = conditionTests.length;
      conditionIds.set(key, id);
      conditionTests.push(c.kind === 'cidr' ? cidrTest(c, parseIpOnce) : c.test);
      conditionExactString.push(exactStringOf(c));
      const inline = inlineFormOf(c);
      conditionExclusion.push(inline.exclusion);
      conditionPrefix.push(inline.prefix);
      conditionSuffix.push(inline.suffix);
      conditionWildcard.push(inline.wildcard);
    }
    return id;
  };

  const leafId = (leaf: CompiledLeaf, absentInArrays: boolean): number => {
    const conditions = [...new Set(leaf.conditions.map((c) => conditionId(leaf.pathId, c)))].sort((a, b) => a - b);
    const key = `${leaf.pathId}\u0001${leaf.absentMatches ? 1 : 0}${absentInArrays ? 1 : 0}\u0001${conditions.join(',')}`;
    let id = leafIds.get(key);
    if (id !== undefined) return id;
    id = leaves.length;
    leafIds.set(key, id);
    const exactKeys = leaf.absentMatches ? undefined : leaf.conditions.map(exactKeyOfCondition);
    const costs = leaf.conditions.map((c) => KIND_COST[c.kind]);
    // Cheapest conditions first: a leaf holds as soon as one of them does.
    const ranked = leaf.conditions.map((c) => ({ id: conditionId(leaf.pathId, c), cost: KIND_COST[c.kind] }));
    const byCost = [...new Set(ranked.sort((a, b) => a.cost - b.cost).map((x) => x.id))];
    leaves.push({
      pathId: leaf.pathId,
      absentMatches: leaf.absentMatches,
      absentInArrays,
      conditions: byCost,
      exactKeys: exactKeys?.every((k) => k !== undefined) ? (exactKeys as ExactKey[]) : undefined,
      cost: Math.max(...costs) * 4 + Math.min(costs.length, 3),
    });
    return id;
  };

  const branchLeaves = branches.map((b) => b.leaves.map((l) => leafId(l, b.ordered !== undefined && l.absentMatches)));
  const pathUse = new Int32Array(table.size);
  for (const ids of branchLeaves) for (const l of ids) pathUse[leaves[l]!.pathId]++;
  // How many branches each exact value (per path) could select: an anchor on a value that many rules name selects many.
  // Rules naming many different values at a path suggest the path's values vary from event to event (a detail-type
  // does, an account does not).
  const valueUse = new Map<string, number>();
  const distinctValues = new Int32Array(table.size);
  const valueKey = (pathId: number, k: ExactKey): string => `${pathId}\u0001${k.type}\u0001${'value' in k ? String(k.value) : ''}`;
  for (const ids of branchLeaves) {
    for (const l of new Set(ids)) {
      const info = leaves[l]!;
      for (const k of info.exactKeys ?? []) {
        const key = valueKey(info.pathId, k);
        const uses = valueUse.get(key) ?? 0;
        if (uses === 0) distinctValues[info.pathId]++;
        valueUse.set(key, uses + 1);
      }
    }
  }
  const selects = (info: LeafInfo): number => Math.max(...info.exactKeys!.map((k) => valueUse.get(valueKey(info.pathId, k))!));

  const exactAnchors: Array<{ pathId: number; keys: ExactKey[]; id: number }> = [];
  const anchorLeafBranches = new Map<number, number[]>();
  const branchRest: number[][] = [];
  branchLeaves.forEach((ids, b) => {
    // Prefer the exact leaf whose values the fewest branches name (most selective); else the least shared, cheapest leaf.
    const rank = (l: number): number => {
      const info = leaves[l]!;
      if (info.exactKeys) return selects(info) * 1e6 - Math.min(distinctValues[info.pathId]!, 999) * 1e3 + Math.min(pathUse[info.pathId]!, 999);
      return 1e12 + pathUse[info.pathId]! * 16 + info.cost;
    };
    const anchor = ids.reduce((best, l) => (rank(l) < rank(best) ? l : best));
    const info = leaves[anchor]!;
    if (info.exactKeys) exactAnchors.push({ pathId: info.pathId, keys: info.exactKeys, id: b });
    else {
      const list = anchorLeafBranches.get(anchor);
      if (list) list.push(b);
      else anchorLeafBranches.set(anchor, [b]);
    }
    const rest = ids.filter((l) => l !== anchor).sort((x, y) => leaves[x]!.cost - leaves[y]!.cost);
    branchRest.push(rest);
  });

  const exactIndex = exactIndexes(table.size, exactAnchors);
  const anchorLeafList = [...anchorLeafBranches.keys()].sort((x, y) => leaves[x]!.cost - leaves[y]!.cost);
  return {
    table,
    problems,
    branches,
    branchCount: branches.length,
    branchRule: Int32Array.from(branchRule),
    branchPaths: branches.map((b) => Int32Array.from(b.leaves.map((l) => l.pathId))),
    ...flatten(branchRest, 'restStart', 'restLeaves'),
    anchorPaths: Int32Array.from(exactIndex.flatMap((x, p) => (x === null ? [] : [p]))),
    exactIndex,
    anchorLeaves: Int32Array.from(anchorLeafList),
    anchorLeafBranches: anchorLeafList.map((l) => Int32Array.from(anchorLeafBranches.get(l)!)),
    leafCount: leaves.length,
    leafPath: Int32Array.from(leaves.map((l) => l.pathId)),
    leafAbsentMatches: Uint8Array.from(leaves.map((l) => (l.absentMatches ? 1 : 0))),
    leafAbsentInArrays: Uint8Array.from(leaves.map((l) => (l.absentInArrays ? 1 : 0))),
    branchOrdered: Uint8Array.from(branches, (b) => (b.ordered !== undefined ? 1 : 0)),
    ...flatten(leaves.map((l) => l.conditions), 'conditionStart', 'conditionList'),
    conditionTests,
    conditionWildcard,
    conditionExactString,
    conditionExclusion,
    conditionPrefix,
    conditionSuffix,
  };
}

/** Lists as one typed array plus start offsets (list i is `items[start[i] .. start[i + 1])`). */
function flatten<S extends string, I extends string>(lists: number[][], startName: S, itemsName: I): Record<S | I, Int32Array> {
  const start = new Int32Array(lists.length + 1);
  lists.forEach((list, i) => (start[i + 1] = start[i]! + list.length));
  const items = Int32Array.from(lists.flat());
  return { [startName]: start, [itemsName]: items } as Record<S | I, Int32Array>;
}
