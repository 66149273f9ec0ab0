/**
 * Many rules against one event at a cost that does not grow with every rule
 * (event-ruler's idea, see docs/PATTERNS.md "Rule sets"):
 *
 * 1. The event's values are gathered once, only at the paths some rule uses
 *    (`EventValues`).
 * 2. Leaves made only of exact values are found by hash lookups
 *    (path → value → leaves, `buildRuleSetPlan`); each branch (one way of
 *    satisfying a rule's `$or`s) counts its satisfied exact leaves, and only
 *    branches whose exact leaves are all satisfied become candidates.
 * 3. A candidate's other leaves are decided with the engine's own condition
 *    tests, each distinct leaf and condition at most once per event however
 *    many rules share it.
 * 4. Only when two or more of a branch's paths took values from arrays does
 *    the engine's exact per-branch check (array consistency) run.
 */
import type { Scalar } from './conditions.js';
import { EventValues } from './event-values.js';
import { flattenEvent, type FlatEvent } from './flatten.js';
import { branchMatches } from './match.js';
import { buildRuleSetPlan, type ExactIndex, type RuleSetPlan } from './ruleset-plan.js';
import { parseIp, ipKey } from './ip.js';

export interface RuleInput {
  name: string;
  pattern: string | object;
}

export interface CompiledRuleSet {
  readonly names: string[];
  readonly plan: RuleSetPlan;
  readonly values: EventValues;
  /** Scratch space reused across events (stamped with `epoch`, never cleared per event). */
  readonly scratch: Scratch;
}

interface Scratch {
  epoch: number;
  readonly eagerLeafStamp: Uint32Array;
  readonly branchStamp: Uint32Array;
  readonly branchCount: Int32Array;
  readonly candidates: Int32Array;
  candidateCount: number;
  readonly leafStamp: Uint32Array;
  readonly leafResult: Uint8Array;
  readonly conditionStamp: Uint32Array;
  readonly conditionResult: Uint8Array;
  readonly ruleStamp: Uint32Array;
  readonly hits: Int32Array;
  hitCount: number;
}

/** Compiles every rule; an invalid rule throws the engine's error with the rule's name in `.rule`. */
export function compileRuleSet(rules: RuleInput[]): CompiledRuleSet {
  const plan = buildRuleSetPlan(rules);
  return {
    names: rules.map((r) => r.name),
    plan,
    values: new EventValues(plan.table.trie, plan.table.size),
    scratch: {
      epoch: 0,
      eagerLeafStamp: new Uint32Array(plan.eagerLeafBranches.length),
      branchStamp: new Uint32Array(plan.branchCount),
      branchCount: new Int32Array(plan.branchCount),
      candidates: new Int32Array(plan.branchCount),
      candidateCount: 0,
      leafStamp: new Uint32Array(plan.leafPath.length),
      leafResult: new Uint8Array(plan.leafPath.length),
      conditionStamp: new Uint32Array(plan.conditionTests.length),
      conditionResult: new Uint8Array(plan.conditionTests.length),
      ruleStamp: new Uint32Array(rules.length),
      hits: new Int32Array(rules.length),
      hitCount: 0,
    },
  };
}

function nextEpoch(set: CompiledRuleSet): number {
  const s = set.scratch;
  if (s.epoch === 0xffffffff) {
    s.eagerLeafStamp.fill(0);
    s.branchStamp.fill(0);
    s.leafStamp.fill(0);
    s.conditionStamp.fill(0);
    s.ruleStamp.fill(0);
    set.values.resetStamps();
    s.epoch = 0;
  }
  return ++s.epoch;
}

/** Names of the rules that match the (parsed) event, in rule order. */
export function matchRuleSet(set: CompiledRuleSet, event: unknown): string[] {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return [];
  const epoch = nextEpoch(set);
  const { plan, values, scratch } = set;
  values.load(event, epoch);
  scratch.candidateCount = 0;
  scratch.hitCount = 0;
  findCandidates(plan, values, scratch, epoch);

  let flat: FlatEvent | undefined;
  const { branchRule, alwaysBranches } = plan;
  const { candidates, ruleStamp } = scratch;
  for (let pass = 0; pass < 2; pass++) {
    const list = pass === 0 ? alwaysBranches : candidates;
    const n = pass === 0 ? alwaysBranches.length : scratch.candidateCount;
    for (let i = 0; i < n; i++) {
      const b = list[i]!;
      const r = branchRule[b]!;
      if (ruleStamp[r] === epoch) continue;
      if (!deferredLeavesHold(plan, values, scratch, epoch, b)) continue;
      if (needsConsistencyCheck(plan, values, b)) {
        flat ??= flattenEvent(event, plan.table.trie, plan.table.size);
        if (!branchMatches(plan.branches[b]!, flat)) continue;
      }
      ruleStamp[r] = epoch;
      scratch.hits[scratch.hitCount++] = r;
    }
  }
  return namesOf(set);
}

/** Phase 1: exact-value lookups; a branch is a candidate once all its exact leaves hold. */
function findCandidates(plan: RuleSetPlan, values: EventValues, s: Scratch, epoch: number): void {
  const { exactIndexPaths, exactIndex, eagerLeafBranches, eagerNeed } = plan;
  for (let k = 0; k < exactIndexPaths.length; k++) {
    const pathId = exactIndexPaths[k]!;
    const n = values.countAt(pathId);
    if (n === 0) continue;
    const index = exactIndex[pathId]!;
    const vals = values.values[pathId]!;
    for (let j = 0; j < n; j++) {
      const leaves = lookup(index, vals[j]!);
      if (leaves === undefined) continue;
      for (let q = 0; q < leaves.length; q++) {
        const leaf = leaves[q]!;
        if (s.eagerLeafStamp[leaf] === epoch) continue;
        s.eagerLeafStamp[leaf] = epoch;
        const branches = eagerLeafBranches[leaf]!;
        for (let t = 0; t < branches.length; t++) {
          const b = branches[t]!;
          let count;
          if (s.branchStamp[b] !== epoch) {
            s.branchStamp[b] = epoch;
            count = s.branchCount[b] = 1;
          } else count = ++s.branchCount[b]!;
          if (count === eagerNeed[b]) s.candidates[s.candidateCount++] = b;
        }
      }
    }
  }
}

function lookup(index: ExactIndex, value: Scalar): number[] | undefined {
  switch (typeof value) {
    case 'string': {
      const found = index.strings?.get(value);
      if (index.ips === null) return found;
      const ip = parseIp(value);
      const byIp = ip === undefined ? undefined : index.ips.get(ipKey(ip));
      if (byIp === undefined) return found;
      return found === undefined ? byIp : [...found, ...byIp];
    }
    case 'number':
      return index.numbers?.get(value);
    case 'boolean':
      return (value ? index.trueLeaves : index.falseLeaves) ?? undefined;
    default:
      return index.nullLeaves ?? undefined;
  }
}

/** Phase 2: the branch's non-exact leaves, each distinct leaf and condition evaluated once per event. */
function deferredLeavesHold(plan: RuleSetPlan, values: EventValues, s: Scratch, epoch: number, b: number): boolean {
  const leaves = plan.branchDeferredLeaves[b]!;
  for (let i = 0; i < leaves.length; i++) {
    const leaf = leaves[i]!;
    let ok: boolean;
    if (s.leafStamp[leaf] === epoch) ok = s.leafResult[leaf] === 1;
    else {
      ok = leafHolds(plan, values, s, epoch, leaf);
      s.leafStamp[leaf] = epoch;
      s.leafResult[leaf] = ok ? 1 : 0;
    }
    if (!ok) return false;
  }
  return true;
}

function leafHolds(plan: RuleSetPlan, values: EventValues, s: Scratch, epoch: number, leaf: number): boolean {
  const pathId = plan.leafPath[leaf]!;
  const n = values.countAt(pathId);
  if (n === 0) return plan.leafAbsentMatches[leaf] === 1;
  const conditions = plan.leafConditions[leaf]!;
  const vals = values.values[pathId]!;
  for (let i = 0; i < conditions.length; i++) {
    const c = conditions[i]!;
    if (s.conditionStamp[c] === epoch) {
      if (s.conditionResult[c] === 1) return true;
      continue;
    }
    const test = plan.conditionTests[c]!;
    let ok = false;
    for (let j = 0; j < n; j++) {
      if (test(vals[j]!)) {
        ok = true;
        break;
      }
    }
    s.conditionStamp[c] = epoch;
    s.conditionResult[c] = ok ? 1 : 0;
    if (ok) return true;
  }
  return false;
}

/** Array consistency can only fail between values that both came from arrays. */
function needsConsistencyCheck(plan: RuleSetPlan, values: EventValues, b: number): boolean {
  const paths = plan.branchPaths[b]!;
  if (paths.length < 2) return false;
  let inArrays = 0;
  for (let i = 0; i < paths.length; i++) if (values.inArray(paths[i]!) && ++inArrays === 2) return true;
  return false;
}

function namesOf(set: CompiledRuleSet): string[] {
  const { hits, hitCount } = set.scratch;
  if (hitCount === 0) return [];
  // Insertion sort: a handful of hits, already nearly in order.
  for (let i = 1; i < hitCount; i++) {
    const h = hits[i]!;
    let j = i - 1;
    while (j >= 0 && hits[j]! > h) {
      hits[j + 1] = hits[j]!;
      j--;
    }
    hits[j + 1] = h;
  }
  const out = new Array<string>(hitCount);
  for (let i = 0; i < hitCount; i++) out[i] = set.names[hits[i]!]!;
  return out;
}
