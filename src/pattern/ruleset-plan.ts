/**
 * Compiles rules into the flat tables `matchRuleSet` works on. Every
 * distinct (path, condition) and (path, leaf) across all rules gets one
 * number; per path, exact values are indexed by value and every other
 * condition keeps the engine's own test (so semantics are the engine's by
 * construction). Each branch (one way of satisfying a rule's `$or`s) is the
 * AND of its leaves; each leaf the OR of its conditions.
 */
import { parsePattern } from './compile.js';
import type { Condition, Scalar } from './conditions.js';
import { ipKey, parseIp } from './ip.js';
import { compileBranches, PathTable, type CompiledBranch, type CompiledLeaf } from './match.js';

/** Event value → exact conditions it satisfies, for one path. Strings compare as written, except IP addresses. */
export interface ExactIndex {
  strings: Map<string, number[]> | null;
  /** Address key (`ipKey`) → conditions, for pattern strings that are IP addresses. */
  ips: Map<string, number[]> | null;
  numbers: Map<number, number[]> | null;
  trueConditions: number[] | null;
  falseConditions: number[] | null;
  nullConditions: number[] | null;
}

export interface RuleSetPlan {
  readonly table: PathTable;
  /** Per branch, as the engine compiled it (for the exact array-consistency check). */
  readonly branches: CompiledBranch[];
  readonly branchCount: number;
  readonly branchRule: Int32Array;
  /** Per branch: its leaf paths (to decide whether array consistency must be checked). */
  readonly branchPaths: Int32Array[];
  /** Per branch: how many leaves must hold. */
  readonly branchNeed: Int32Array;
  /** Paths that some condition looks at. */
  readonly conditionPaths: Int32Array;
  /** Per path id: exact index, or null. */
  readonly exactIndex: Array<ExactIndex | null>;
  /** Per path id: its non-exact conditions (those a value is tested against). */
  readonly testedConditions: Int32Array[];
  /** Per path id: its `exists: true` conditions (any value satisfies them). */
  readonly presenceConditions: Int32Array[];
  /** Per condition: the engine's test of one value (unused for exact conditions). */
  readonly conditionTests: Array<(value: Scalar) => boolean>;
  /** Per condition: the leaves it satisfies. */
  readonly conditionLeaves: Int32Array[];
  /** Per leaf: the branches that contain it. */
  readonly leafBranches: Int32Array[];
  readonly leafCount: number;
  /** Leaves that a missing field satisfies (`exists: false`), and their paths. */
  readonly absentLeaves: Int32Array;
  readonly absentLeafPaths: Int32Array;
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
  // {"exact": "text"} compares the string as written, IP or not.
  const text = (w as { exact?: unknown }).exact;
  return typeof text === 'string' ? { type: 'string', value: text } : undefined;
}

/** Identity of a condition as written; numbers by their exact value (JSON would turn ±Infinity into null). */
function conditionKey(c: Condition): string {
  return `${c.kind}:${JSON.stringify(c.written, (_k, v: unknown) => (typeof v === 'number' ? { '\u0000n': String(v) } : v))}`;
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
} {
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
  return { table, branches, branchRule };
}

export function buildRuleSetPlan(rules: Array<{ name: string; pattern: string | object }>): RuleSetPlan {
  const { table, branches, branchRule } = compileRules(rules);
  const exactIndex: Array<ExactIndex | null> = new Array(table.size).fill(null);
  const tested: number[][] = Array.from({ length: table.size }, () => []);
  const presence: number[][] = Array.from({ length: table.size }, () => []);
  const conditionIds = new Map<string, number>();
  const conditionTests: Array<(value: Scalar) => boolean> = [];
  const conditionLeaves: number[][] = [];
  const leafIds = new Map<string, number>();
  const leafBranches: number[][] = [];
  const absentLeaves: number[] = [];
  const absentLeafPaths: number[] = [];

  const conditionId = (pathId: number, c: Condition): number => {
    const key = `${pathId}\u0001${conditionKey(c)}`;
    let id = conditionIds.get(key);
    if (id !== undefined) return id;
    id = conditionTests.length;
    conditionIds.set(key, id);
    conditionTests.push(c.test);
    conditionLeaves.push([]);
    if (c.kind === 'exists') {
      // exists:false holds for no value (its leaf is satisfied by absence instead).
      if (c.exists === true) presence[pathId]!.push(id);
      return id;
    }
    const exact = exactKeyOfCondition(c);
    if (exact === undefined) {
      tested[pathId]!.push(id);
      return id;
    }
    const index = (exactIndex[pathId] ??= {
      strings: null, ips: null, numbers: null, trueConditions: null, falseConditions: null, nullConditions: null,
    });
    switch (exact.type) {
      case 'string': addTo((index.strings ??= new Map()), exact.value, id); break;
      case 'ip': addTo((index.ips ??= new Map()), exact.value, id); break;
      case 'number': addTo((index.numbers ??= new Map()), exact.value, id); break;
      case 'true': pushUnique((index.trueConditions ??= []), id); break;
      case 'false': pushUnique((index.falseConditions ??= []), id); break;
      case 'null': pushUnique((index.nullConditions ??= []), id); break;
    }
    return id;
  };

  const leafId = (leaf: CompiledLeaf): number => {
    const conditions = [...new Set(leaf.conditions.map((c) => conditionId(leaf.pathId, c)))].sort((a, b) => a - b);
    const key = `${leaf.pathId}\u0001${leaf.absentMatches ? 1 : 0}\u0001${conditions.join(',')}`;
    let id = leafIds.get(key);
    if (id !== undefined) return id;
    id = leafBranches.length;
    leafIds.set(key, id);
    leafBranches.push([]);
    for (const c of conditions) conditionLeaves[c]!.push(id);
    if (leaf.absentMatches) {
      absentLeaves.push(id);
      absentLeafPaths.push(leaf.pathId);
    }
    return id;
  };

  const branchNeed: number[] = [];
  branches.forEach((branch, b) => {
    // Leaves of one branch have distinct paths, hence distinct ids.
    for (const leaf of branch.leaves) leafBranches[leafId(leaf)]!.push(b);
    branchNeed.push(branch.leaves.length);
  });

  return {
    table,
    branches,
    branchCount: branches.length,
    branchRule: Int32Array.from(branchRule),
    branchPaths: branches.map((b) => Int32Array.from(b.leaves.map((l) => l.pathId))),
    branchNeed: Int32Array.from(branchNeed),
    conditionPaths: Int32Array.from(
      tested.flatMap((list, p) => (list.length > 0 || presence[p]!.length > 0 || exactIndex[p] !== null ? [p] : [])),
    ),
    exactIndex,
    testedConditions: tested.map((list) => Int32Array.from(list)),
    presenceConditions: presence.map((list) => Int32Array.from(list)),
    conditionTests,
    conditionLeaves: conditionLeaves.map((list) => Int32Array.from(list)),
    leafBranches: leafBranches.map((list) => Int32Array.from(list)),
    leafCount: leafBranches.length,
    absentLeaves: Int32Array.from(absentLeaves),
    absentLeafPaths: Int32Array.from(absentLeafPaths),
  };
}
