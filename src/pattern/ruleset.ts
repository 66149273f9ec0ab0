/**
 * Many rules against one event at a cost that does not grow with every rule
 * (event-ruler's idea; see docs/PATTERNS.md "Rule sets"):
 *
 * 1. The event's values are gathered once, only at the paths some rule uses
 *    (`EventValues`).
 * 2. Per path, each value is turned into the leaves it satisfies: exact
 *    values by hash lookup, other operators by the engine's own tests, each
 *    distinct (path, condition) once however many rules share it; for values
 *    that repeat across events the answer comes from `ValueResultCache`.
 * 3. Counting: a branch (one way of satisfying a rule's `$or`s) matches when
 *    all its leaves are satisfied; leaves that a missing field satisfies are
 *    marked from the paths' absence.
 * 4. Only when two or more of a matching branch's paths took values from
 *    arrays does the engine's exact per-branch check (array consistency) run.
 */
import type { Scalar } from './conditions.js';
import { EventValues } from './event-values.js';
import { flattenEvent, type FlatEvent } from './flatten.js';
import { ipKey, parseIp } from './ip.js';
import { branchMatches } from './match.js';
import { buildRuleSetPlan, type RuleSetPlan } from './ruleset-plan.js';
import { ValueResultCache } from './value-cache.js';

export interface RuleInput {
  name: string;
  pattern: string | object;
}

export interface CompiledRuleSet {
  readonly names: string[];
  readonly plan: RuleSetPlan;
  readonly values: EventValues;
  readonly cache: ValueResultCache;
  /** Scratch space reused across events (stamped with `epoch`, never cleared per event). */
  readonly scratch: Scratch;
}

interface Scratch {
  epoch: number;
  readonly leafStamp: Uint32Array;
  readonly branchStamp: Uint32Array;
  readonly branchCount: Int32Array;
  readonly candidates: Int32Array;
  candidateCount: number;
  /** For building one value's leaf list without duplicates. */
  collectStamp: number;
  readonly collectLeafStamp: Uint32Array;
  readonly collected: Int32Array;
  collectedCount: number;
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
    cache: new ValueResultCache(plan.table.size),
    scratch: {
      epoch: 0,
      leafStamp: new Uint32Array(plan.leafCount),
      branchStamp: new Uint32Array(plan.branchCount),
      branchCount: new Int32Array(plan.branchCount),
      candidates: new Int32Array(plan.branchCount),
      candidateCount: 0,
      collectStamp: 0,
      collectLeafStamp: new Uint32Array(plan.leafCount),
      collected: new Int32Array(plan.leafCount),
      collectedCount: 0,
      ruleStamp: new Uint32Array(rules.length),
      hits: new Int32Array(rules.length),
      hitCount: 0,
    },
  };
}

function nextEpoch(set: CompiledRuleSet): number {
  const s = set.scratch;
  if (s.epoch === 0xffffffff) {
    s.leafStamp.fill(0);
    s.branchStamp.fill(0);
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

  const { conditionPaths, absentLeaves, absentLeafPaths } = plan;
  for (let k = 0; k < conditionPaths.length; k++) {
    const pathId = conditionPaths[k]!;
    const n = values.countAt(pathId);
    if (n === 0) continue;
    const vals = values.values[pathId]!;
    for (let j = 0; j < n; j++) markValue(set, epoch, pathId, vals[j]!);
  }
  for (let i = 0; i < absentLeaves.length; i++) {
    if (values.countAt(absentLeafPaths[i]!) === 0) markLeaf(plan, scratch, epoch, absentLeaves[i]!);
  }

  let flat: FlatEvent | undefined;
  const { branchRule } = plan;
  const { candidates, ruleStamp } = scratch;
  for (let i = 0; i < scratch.candidateCount; i++) {
    const b = candidates[i]!;
    const r = branchRule[b]!;
    if (ruleStamp[r] === epoch) continue;
    if (needsConsistencyCheck(plan, values, b)) {
      flat ??= flattenEvent(event, plan.table.trie, plan.table.size);
      if (!branchMatches(plan.branches[b]!, flat)) continue;
    }
    ruleStamp[r] = epoch;
    scratch.hits[scratch.hitCount++] = r;
  }
  return namesOf(set);
}

function markLeaf(plan: RuleSetPlan, s: Scratch, epoch: number, leaf: number): void {
  if (s.leafStamp[leaf] === epoch) return;
  s.leafStamp[leaf] = epoch;
  const branches = plan.leafBranches[leaf]!;
  for (let t = 0; t < branches.length; t++) {
    const b = branches[t]!;
    let count;
    if (s.branchStamp[b] !== epoch) {
      s.branchStamp[b] = epoch;
      count = s.branchCount[b] = 1;
    } else count = ++s.branchCount[b]!;
    if (count === plan.branchNeed[b]) s.candidates[s.candidateCount++] = b;
  }
}

/** Marks the leaves one value satisfies (from the cache when the value has been seen before). */
function markValue(set: CompiledRuleSet, epoch: number, pathId: number, value: Scalar): void {
  const { plan, scratch: s, cache } = set;
  if (typeof value === 'string' && cache.enabled(pathId)) {
    let leaves = cache.get(pathId, value);
    if (leaves === undefined) {
      collectLeaves(plan, s, pathId, value);
      leaves = s.collected.slice(0, s.collectedCount);
      cache.store(pathId, value, leaves);
    }
    for (let i = 0; i < leaves.length; i++) markLeaf(plan, s, epoch, leaves[i]!);
    return;
  }
  collectLeaves(plan, s, pathId, value);
  for (let i = 0; i < s.collectedCount; i++) markLeaf(plan, s, epoch, s.collected[i]!);
}

/** The leaves one value satisfies at one path, into `s.collected`. */
function collectLeaves(plan: RuleSetPlan, s: Scratch, pathId: number, value: Scalar): void {
  if (++s.collectStamp === 0xffffffff) {
    s.collectLeafStamp.fill(0);
    s.collectStamp = 1;
  }
  s.collectedCount = 0;
  const index = plan.exactIndex[pathId];
  if (index !== null && index !== undefined) {
    switch (typeof value) {
      case 'string': {
        const found = index.strings?.get(value);
        if (found !== undefined) collectConditions(plan, s, found);
        if (index.ips !== null) {
          const ip = parseIp(value);
          const byIp = ip === undefined ? undefined : index.ips.get(ipKey(ip));
          if (byIp !== undefined) collectConditions(plan, s, byIp);
        }
        break;
      }
      case 'number': {
        const found = index.numbers?.get(value);
        if (found !== undefined) collectConditions(plan, s, found);
        break;
      }
      case 'boolean': {
        const found = value ? index.trueConditions : index.falseConditions;
        if (found !== null) collectConditions(plan, s, found);
        break;
      }
      default:
        if (index.nullConditions !== null) collectConditions(plan, s, index.nullConditions);
    }
  }
  const presence = plan.presenceConditions[pathId]!;
  if (presence.length > 0) collectConditions(plan, s, presence);
  const tested = plan.testedConditions[pathId]!;
  for (let i = 0; i < tested.length; i++) {
    const c = tested[i]!;
    if (plan.conditionTests[c]!(value)) collectCondition(plan, s, c);
  }
}

function collectConditions(plan: RuleSetPlan, s: Scratch, conditions: ArrayLike<number>): void {
  for (let i = 0; i < conditions.length; i++) collectCondition(plan, s, conditions[i]!);
}

function collectCondition(plan: RuleSetPlan, s: Scratch, condition: number): void {
  const leaves = plan.conditionLeaves[condition]!;
  for (let i = 0; i < leaves.length; i++) {
    const leaf = leaves[i]!;
    if (s.collectLeafStamp[leaf] === s.collectStamp) continue;
    s.collectLeafStamp[leaf] = s.collectStamp;
    s.collected[s.collectedCount++] = leaf;
  }
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
  // Insertion sort: a handful of hits.
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
