/**
 * Compiles rules into the flat tables `matchRuleSet` works on: every distinct
 * (path, leaf) and (path, condition) gets one number, leaves made only of
 * exact values are indexed by value, and every other leaf keeps the engine's
 * own condition tests (so the semantics are the engine's by construction).
 */
import { parsePattern } from './compile.js';
import type { Condition, Scalar } from './conditions.js';
import { ipKey, parseIp } from './ip.js';
import { compileBranches, PathTable, type CompiledBranch, type CompiledLeaf } from './match.js';

/** Event value → exact leaves it satisfies, for one path. Strings compare as written, except IP addresses. */
export interface ExactIndex {
  strings: Map<string, number[]> | null;
  /** Address key (`ipKey`) → leaves, for pattern strings that are IP addresses. */
  ips: Map<string, number[]> | null;
  numbers: Map<number, number[]> | null;
  trueLeaves: number[] | null;
  falseLeaves: number[] | null;
  nullLeaves: number[] | null;
}

export interface RuleSetPlan {
  readonly table: PathTable;
  /** Per branch, as the engine compiled it (for the exact array-consistency check). */
  readonly branches: CompiledBranch[];
  readonly branchCount: number;
  readonly branchRule: Int32Array;
  /** Per branch: every leaf path (for deciding whether array consistency must be checked). */
  readonly branchPaths: Int32Array[];
  /** Per branch: how many exact-only leaves must hold for it to be a candidate. */
  readonly eagerNeed: Int32Array;
  /** Branches with no exact-only leaf: candidates for every event. */
  readonly alwaysBranches: Int32Array;
  /** Paths that have an exact index, and the index per path id. */
  readonly exactIndexPaths: Int32Array;
  readonly exactIndex: Array<ExactIndex | undefined>;
  /** Exact-only leaf → branches that contain it. */
  readonly eagerLeafBranches: Int32Array[];
  /** Per branch: its other leaves, cheapest first. */
  readonly branchDeferredLeaves: Int32Array[];
  readonly leafPath: Int32Array;
  readonly leafAbsentMatches: Uint8Array;
  readonly leafConditions: Int32Array[];
  /** Per (path, condition): the engine's test of one value. */
  readonly conditionTests: Array<(value: Scalar) => boolean>;
}

type ExactKey = { type: 'string'; value: string } | { type: 'ip'; value: string } | { type: 'number'; value: number } | { type: 'true' | 'false' | 'null' };

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
  // {"exact": "text"} compares the string as written, IP or not.
  const text = (w as { exact?: unknown }).exact;
  return typeof text === 'string' ? { type: 'string', value: text } : undefined;
}

function exactKeyText(k: ExactKey): string {
  return 'value' in k ? `${k.type}:${String(k.value)}` : k.type;
}

/** Identity of a condition as written; numbers by their exact value (JSON would turn ±Infinity into null). */
function conditionKey(c: Condition): string {
  return `${c.kind}:${JSON.stringify(c.written, (_k, v: unknown) => (typeof v === 'number' ? { '\u0000n': String(v) } : v))}`;
}

const KIND_COST: Record<Condition['kind'], number> = {
  exists: 0, exact: 1, numeric: 1, prefix: 1, suffix: 1, 'anything-but': 2, cidr: 2, 'equals-ignore-case': 3, wildcard: 3,
};

class Numbering<T> {
  readonly ids = new Map<string, number>();
  readonly items: T[] = [];
  idOf(key: string, make: () => T): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.items.length;
      this.ids.set(key, id);
      this.items.push(make());
    }
    return id;
  }
}

interface DeferredLeaf {
  pathId: number;
  absentMatches: boolean;
  conditions: number[];
  cost: number;
}

function addTo<K>(map: Map<K, number[]>, key: K, leaf: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [leaf]);
  else if (!list.includes(leaf)) list.push(leaf);
}

export function buildRuleSetPlan(rules: Array<{ name: string; pattern: string | object }>): RuleSetPlan {
  const table = new PathTable();
  const branches: CompiledBranch[] = [];
  const branchRule: number[] = [];
  rules.forEach((rule, r) => {
    let parsed;
    try {
      parsed = parsePattern(rule.pattern);
    } catch (error) {
      if (error instanceof Error) (error as Error & { rule?: string }).rule = rule.name;
      throw error;
    }
    for (const b of compileBranches(parsed, table)) {
      branches.push(b);
      branchRule.push(r);
    }
  });

  const exactIndex: Array<ExactIndex | undefined> = new Array(table.size).fill(undefined);
  const eagerLeaves = new Numbering<number[]>();
  const conditions = new Numbering<(value: Scalar) => boolean>();
  const deferredLeaves = new Numbering<DeferredLeaf>();
  const eagerNeed: number[] = [];
  const branchDeferred: Int32Array[] = [];

  const indexEagerLeaf = (leaf: CompiledLeaf, keys: ExactKey[]): number => {
    const signature = `${leaf.pathId}\u0001${keys.map(exactKeyText).sort().join('\u0001')}`;
    const isNew = !eagerLeaves.ids.has(signature);
    const id = eagerLeaves.idOf(signature, () => []);
    if (!isNew) return id;
    const index = (exactIndex[leaf.pathId] ??= {
      strings: null, ips: null, numbers: null, trueLeaves: null, falseLeaves: null, nullLeaves: null,
    });
    for (const k of keys) {
      switch (k.type) {
        case 'string': addTo((index.strings ??= new Map()), k.value, id); break;
        case 'ip': addTo((index.ips ??= new Map()), k.value, id); break;
        case 'number': addTo((index.numbers ??= new Map()), k.value, id); break;
        case 'true': if (!(index.trueLeaves ??= []).includes(id)) index.trueLeaves.push(id); break;
        case 'false': if (!(index.falseLeaves ??= []).includes(id)) index.falseLeaves.push(id); break;
        case 'null': if (!(index.nullLeaves ??= []).includes(id)) index.nullLeaves.push(id); break;
      }
    }
    return id;
  };

  const deferredLeafId = (leaf: CompiledLeaf): number => {
    const ids = leaf.conditions.map((c) => conditions.idOf(`${leaf.pathId}\u0001${conditionKey(c)}`, () => c.test));
    const order = leaf.conditions.map((c, i) => ({ id: ids[i]!, cost: KIND_COST[c.kind] })).sort((a, b) => a.cost - b.cost);
    const signature = `${leaf.pathId}\u0001${leaf.absentMatches ? 1 : 0}\u0001${[...new Set(ids)].sort((a, b) => a - b).join(',')}`;
    return deferredLeaves.idOf(signature, () => ({
      pathId: leaf.pathId,
      absentMatches: leaf.absentMatches,
      conditions: [...new Set(order.map((o) => o.id))],
      cost: Math.max(...order.map((o) => o.cost)) * 4 + Math.min(order.length, 3),
    }));
  };

  branches.forEach((branch, b) => {
    let need = 0;
    const deferred: number[] = [];
    for (const leaf of branch.leaves) {
      const keys = leaf.absentMatches ? [] : leaf.conditions.map(exactKeyOfCondition);
      if (keys.length > 0 && keys.every((k) => k !== undefined)) {
        const id = indexEagerLeaf(leaf, keys as ExactKey[]);
        eagerLeaves.items[id]!.push(b);
        need++;
      } else deferred.push(deferredLeafId(leaf));
    }
    eagerNeed.push(need);
    const unique = [...new Set(deferred)].sort((x, y) => deferredLeaves.items[x]!.cost - deferredLeaves.items[y]!.cost);
    branchDeferred.push(Int32Array.from(unique));
  });

  const leafItems = deferredLeaves.items;
  return {
    table,
    branches,
    branchCount: branches.length,
    branchRule: Int32Array.from(branchRule),
    branchPaths: branches.map((b) => Int32Array.from(b.leaves.map((l) => l.pathId))),
    eagerNeed: Int32Array.from(eagerNeed),
    alwaysBranches: Int32Array.from(eagerNeed.flatMap((n, b) => (n === 0 ? [b] : []))),
    exactIndexPaths: Int32Array.from(exactIndex.flatMap((x, p) => (x === undefined ? [] : [p]))),
    exactIndex,
    eagerLeafBranches: eagerLeaves.items.map((list) => Int32Array.from(list)),
    branchDeferredLeaves: branchDeferred,
    leafPath: Int32Array.from(leafItems.map((l) => l.pathId)),
    leafAbsentMatches: Uint8Array.from(leafItems.map((l) => (l.absentMatches ? 1 : 0))),
    leafConditions: leafItems.map((l) => Int32Array.from(l.conditions)),
    conditionTests: conditions.items,
  };
}
