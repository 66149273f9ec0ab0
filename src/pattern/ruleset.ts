/**
 * Many rules against one event without paying for every rule: the event is
 * flattened once over the union of the rules' paths, and each rule branch is
 * anchored on one exact-value leaf in a hash index (path → value → branches),
 * so only branches whose anchor value occurs in the event are evaluated in full.
 * Branches with no exact leaf to anchor on are always evaluated.
 */
import { parsePattern } from './compile.js';
import { exactKeyOf, type Scalar } from './conditions.js';
import { flattenEvent } from './flatten.js';
import { branchMatches, compileBranches, PathTable, type CompiledBranch } from './match.js';

export interface RuleInput {
  name: string;
  pattern: string | object;
}

export interface CompiledRuleSet {
  readonly names: string[];
  readonly table: PathTable;
  readonly branches: CompiledBranch[];
  readonly branchRule: Int32Array;
  /** pathId → exact key → branch indexes anchored there. */
  readonly index: Map<number, Map<string, number[]>>;
  readonly unanchored: number[];
  readonly hasIpKeys: boolean;
  /** Scratch space reused across events. */
  readonly seen: Uint32Array;
  readonly ruleHit: Uint32Array;
  stamp: number;
}

/** Compiles every rule (throws the first invalid rule's error, with its name prefixed to nothing: see `RuleSetError`). */
export function compileRuleSet(rules: RuleInput[]): CompiledRuleSet {
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
  const pathUse = new Map<number, number>();
  for (const b of branches) for (const l of b.leaves) pathUse.set(l.pathId, (pathUse.get(l.pathId) ?? 0) + 1);
  const index = new Map<number, Map<string, number[]>>();
  const unanchored: number[] = [];
  let hasIpKeys = false;
  branches.forEach((b, i) => {
    let anchor: (typeof b.leaves)[number] | undefined;
    for (const l of b.leaves) {
      if (l.absentMatches || !l.conditions.every((c) => c.exactKey !== undefined)) continue;
      if (!anchor || pathUse.get(l.pathId)! < pathUse.get(anchor.pathId)! ||
          (pathUse.get(l.pathId) === pathUse.get(anchor.pathId) && l.conditions.length < anchor.conditions.length)) {
        anchor = l;
      }
    }
    if (!anchor) {
      unanchored.push(i);
      return;
    }
    let byKey = index.get(anchor.pathId);
    if (!byKey) index.set(anchor.pathId, (byKey = new Map()));
    for (const c of anchor.conditions) {
      const key = c.exactKey!;
      if (key.startsWith('ip')) hasIpKeys = true;
      const list = byKey.get(key);
      if (list) {
        if (list[list.length - 1] !== i) list.push(i);
      } else byKey.set(key, [i]);
    }
  });
  return {
    names: rules.map((r) => r.name),
    table,
    branches,
    branchRule: Int32Array.from(branchRule),
    index,
    unanchored,
    hasIpKeys,
    seen: new Uint32Array(branches.length),
    ruleHit: new Uint32Array(rules.length),
    stamp: 0,
  };
}

function keyOf(value: Scalar, withIp: boolean): string {
  if (typeof value === 'string' && !withIp) return `s${value}`;
  return exactKeyOf(value);
}

/** Names of the rules that match the (parsed) event, in rule order. */
export function matchRuleSet(set: CompiledRuleSet, event: unknown): string[] {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return [];
  const flat = flattenEvent(event, set.table.trie, set.table.size);
  let stamp = ++set.stamp;
  if (stamp === 0xffffffff) {
    set.seen.fill(0);
    set.ruleHit.fill(0);
    stamp = set.stamp = 1;
  }
  const { seen, ruleHit, branchRule, branches } = set;
  let hits = 0;
  const tryBranch = (i: number): void => {
    if (seen[i] === stamp) return;
    seen[i] = stamp;
    const r = branchRule[i]!;
    if (ruleHit[r] === stamp) return;
    if (branchMatches(branches[i]!, flat)) {
      ruleHit[r] = stamp;
      hits++;
    }
  };
  for (const [pathId, byKey] of set.index) {
    const values = flat.values[pathId];
    if (values === undefined) continue;
    for (const v of values) {
      const list = byKey.get(keyOf(v, set.hasIpKeys));
      if (list) for (const i of list) tryBranch(i);
    }
  }
  for (const i of set.unanchored) tryBranch(i);
  if (hits === 0) return [];
  const out: string[] = [];
  for (let r = 0; r < set.names.length; r++) if (ruleHit[r] === stamp) out.push(set.names[r]!);
  return out;
}
