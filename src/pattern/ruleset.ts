/**
 * Many rules against one event at a cost that does not grow with every rule
 * (event-ruler's idea; see docs/PATTERNS.md, Design):
 *
 * 1. The event's values are gathered once, only at the paths some rule uses
 *    (`EventValues`), into buffers reused from event to event.
 * 2. Each branch (one way of satisfying a rule's `$or`s) has an anchor leaf
 *    (`buildRuleSetPlan`): exact anchors are found by hash lookups of the
 *    event's values, other anchors are evaluated once for all branches that
 *    share them. Only branches whose anchor holds become candidates.
 * 3. A candidate's other leaves are decided with the engine's own condition
 *    tests, each distinct leaf and condition at most once per event, and for
 *    values that repeat across events from `ValueResultCache`; all-exact
 *    leaves by one index lookup per path, one-star wildcards with a head
 *    test shared per (path, head).
 * 4. Only when two or more of a matching branch's paths took values from
 *    arrays does the engine's exact per-branch check (array consistency) run.
 */
import type { Scalar } from './conditions.js';
import { EventValues } from './event-values.js';
import { flattenEvent, type FlatEvent } from './flatten.js';
import { ipKey, parseIp } from './ip.js';
import { branchMatches } from './match.js';
import { compileEvaluator, type RuleSetEvaluator } from './ruleset-code.js';
import { buildRuleSetPlan, type ExactIndex, type RuleSetPlan } from './ruleset-plan.js';
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
  readonly evaluate: RuleSetEvaluator;
}

interface Scratch {
  epoch: number;
  readonly candidateStamp: Uint32Array;
  readonly candidates: Int32Array;
  candidateCount: number;
  readonly leafStamp: Uint32Array;
  readonly leafResult: Uint8Array;
  readonly conditionStamp: Uint32Array;
  readonly conditionResult: Uint8Array;
  /** Per path: its value's row in the value cache for this event (looked up once per event). */
  readonly cacheRowStamp: Uint32Array;
  readonly cacheRow: Int32Array;
  /** Per head group: the value (its index in the event's values) last tested, and whether it starts with the head. */
  readonly headStamp: Uint32Array;
  readonly headValue: Int32Array;
  readonly headResult: Uint8Array;
  /** Per path: looked up in `plan.leafExactIndex` this event; per exact leaf: found there (holds). */
  readonly exactPathStamp: Uint32Array;
  readonly exactLeafStamp: Uint32Array;
  readonly ruleStamp: Uint32Array;
  readonly hits: Int32Array;
  hitCount: number;
}

/** Compiles every rule; an invalid rule throws the engine's error with the rule's name in `.rule`. */
export function compileRuleSet(rules: RuleInput[]): CompiledRuleSet {
  const plan = buildRuleSetPlan(rules);
  let flatFor: object | undefined;
  let flat: FlatEvent | undefined;
  const consistent = (b: number, values: EventValues, event: object): boolean => {
    if (!needsConsistencyCheck(plan, values, b)) return true;
    if (flatFor !== event) {
      flat = flattenEvent(event, plan.table.trie, plan.table.size);
      flatFor = event;
    }
    return branchMatches(plan.branches[b]!, flat!);
  };
  return {
    evaluate: compileEvaluator(plan, rules.length, { lookup, consistent }),
    names: rules.map((r) => r.name),
    plan,
    values: new EventValues(plan.table.trie, plan.table.size),
    cache: new ValueResultCache(plan.pathConditionCount),
    scratch: {
      epoch: 0,
      candidateStamp: new Uint32Array(plan.branchCount),
      candidates: new Int32Array(plan.branchCount),
      candidateCount: 0,
      leafStamp: new Uint32Array(plan.leafCount),
      leafResult: new Uint8Array(plan.leafCount),
      conditionStamp: new Uint32Array(plan.conditionTests.length),
      conditionResult: new Uint8Array(plan.conditionTests.length),
      cacheRowStamp: new Uint32Array(plan.table.size),
      cacheRow: new Int32Array(plan.table.size),
      headStamp: new Uint32Array(plan.heads.length),
      headValue: new Int32Array(plan.heads.length),
      headResult: new Uint8Array(plan.heads.length),
      exactPathStamp: new Uint32Array(plan.table.size),
      exactLeafStamp: new Uint32Array(plan.leafCount),
      ruleStamp: new Uint32Array(rules.length),
      hits: new Int32Array(rules.length),
      hitCount: 0,
    },
  };
}

function nextEpoch(set: CompiledRuleSet): number {
  const s = set.scratch;
  if (s.epoch === 0xffffffff) {
    s.candidateStamp.fill(0);
    s.leafStamp.fill(0);
    s.conditionStamp.fill(0);
    s.cacheRowStamp.fill(0);
    s.ruleStamp.fill(0);
    s.headStamp.fill(0);
    s.exactPathStamp.fill(0);
    s.exactLeafStamp.fill(0);
    set.values.resetStamps();
    s.epoch = 0;
  }
  return ++s.epoch;
}

/** Names of the rules that match the (parsed) event, in rule order. */
export function matchRuleSet(set: CompiledRuleSet, event: unknown): string[] {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return [];
  const epoch = nextEpoch(set);
  const { plan, values, scratch: s } = set;
  values.load(event, epoch);
  if (epoch !== -1) {
    s.hitCount = set.evaluate(values, event, s.hits);
    return namesOf(set);
  }
  s.candidateCount = 0;
  s.hitCount = 0;

  const { anchorPaths, exactIndex } = plan;
  for (let k = 0; k < anchorPaths.length; k++) {
    const pathId = anchorPaths[k]!;
    const n = values.countAt(pathId);
    if (n === 0) continue;
    const index = exactIndex[pathId]!;
    const { buffer, next } = values;
    for (let j = values.head(pathId); j >= 0; j = next[j]!) {
      const branches = lookup(index, buffer[j]!);
      if (branches !== undefined) addCandidates(s, epoch, branches);
    }
  }
  const { anchorLeaves, anchorLeafBranches } = plan;
  for (let i = 0; i < anchorLeaves.length; i++) {
    if (leafHoldsMemo(set, epoch, anchorLeaves[i]!)) addCandidates(s, epoch, anchorLeafBranches[i]!);
  }

  let flat: FlatEvent | undefined;
  const { branchRule, restStart, restLeaves } = plan;
  const { candidates, ruleStamp, leafStamp, leafResult, exactLeafStamp } = s;
  const { leafIsExact } = plan;
  const checkConsistency = values.arrayPathCount >= 2;
  for (let i = 0; i < s.candidateCount; i++) {
    const b = candidates[i]!;
    const r = branchRule[b]!;
    if (ruleStamp[r] === epoch) continue;
    let ok = true;
    for (let q = restStart[b]!, end = restStart[b + 1]!; q < end; q++) {
      const leaf = restLeaves[q]!;
      const holds = leafIsExact[leaf] === 1
        ? exactLeafStamp[leaf] === epoch || (s.exactPathStamp[plan.leafPath[leaf]!] !== epoch && exactLeafHolds(set, epoch, leaf))
        : leafStamp[leaf] === epoch ? leafResult[leaf] === 1 : leafHoldsMemo(set, epoch, leaf);
      if (!holds) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (checkConsistency && needsConsistencyCheck(plan, values, b)) {
      flat ??= flattenEvent(event, plan.table.trie, plan.table.size);
      if (!branchMatches(plan.branches[b]!, flat)) continue;
    }
    ruleStamp[r] = epoch;
    s.hits[s.hitCount++] = r;
  }
  return namesOf(set);
}

function addCandidates(s: Scratch, epoch: number, branches: ArrayLike<number>): void {
  for (let t = 0; t < branches.length; t++) {
    const b = branches[t]!;
    if (s.candidateStamp[b] === epoch) continue;
    s.candidateStamp[b] = epoch;
    s.candidates[s.candidateCount++] = b;
  }
}

function lookup(index: ExactIndex, value: Scalar): number[] | undefined {
  switch (typeof value) {
    case 'string': {
      const found = index.strings === null ? undefined : index.strings.get(value);
      if (index.ips === null) return found;
      const ip = parseIp(value);
      const byIp = ip === undefined ? undefined : index.ips.get(ipKey(ip));
      if (byIp === undefined) return found;
      return found === undefined ? byIp : [...found, ...byIp];
    }
    case 'number':
      return index.numbers === null ? undefined : index.numbers.get(value);
    case 'boolean':
      return (value ? index.trueBranches : index.falseBranches) ?? undefined;
    default:
      return index.nullBranches ?? undefined;
  }
}

function leafHoldsMemo(set: CompiledRuleSet, epoch: number, leaf: number): boolean {
  const s = set.scratch;
  if (s.leafStamp[leaf] === epoch) return s.leafResult[leaf] === 1;
  const ok = leafHolds(set, epoch, leaf);
  s.leafStamp[leaf] = epoch;
  s.leafResult[leaf] = ok ? 1 : 0;
  return ok;
}

/**
 * An exact leaf: looks the path's values up once per event in the
 * path's leaf index, marking every exact leaf there that holds.
 */
function exactLeafHolds(set: CompiledRuleSet, epoch: number, leaf: number): boolean {
  const { plan, values, scratch: s } = set;
  const pathId = plan.leafPath[leaf]!;
  if (s.exactPathStamp[pathId] !== epoch) {
    s.exactPathStamp[pathId] = epoch;
    if (values.countAt(pathId) > 0) {
      const index = plan.leafExactIndex[pathId]!;
      const { buffer, next } = values;
      for (let j = values.head(pathId); j >= 0; j = next[j]!) {
        const found = lookup(index, buffer[j]!);
        if (found !== undefined) for (let t = 0; t < found.length; t++) s.exactLeafStamp[found[t]!] = epoch;
      }
    }
  }
  return s.exactLeafStamp[leaf] === epoch;
}

/** The engine's leaf semantics: absent → only `exists: false`; else some value passes some condition. */
function leafHolds(set: CompiledRuleSet, epoch: number, leaf: number): boolean {
  const { plan, values, scratch: s } = set;
  if (plan.leafIsExact[leaf] === 1) return exactLeafHolds(set, epoch, leaf);
  const pathId = plan.leafPath[leaf]!;
  const n = values.countAt(pathId);
  if (n === 0) return plan.leafAbsentMatches[leaf] === 1;
  const { conditionList } = plan;
  const from = plan.conditionStart[leaf]!;
  const to = plan.conditionStart[leaf + 1]!;
  const { buffer, next } = values;
  const first = values.head(pathId);
  if (n === 1) {
    const value = buffer[first]!;
    let offset = -1;
    if (s.cacheRowStamp[pathId] === epoch) offset = s.cacheRow[pathId]!;
    else if (typeof value === 'string') {
      offset = set.cache.entry(pathId, value);
      s.cacheRowStamp[pathId] = epoch;
      s.cacheRow[pathId] = offset;
    }
    if (offset >= 0) {
      const results = set.cache.results(pathId);
      for (let i = from; i < to; i++) {
        const c = conditionList[i]!;
        const slot = offset + plan.conditionSlot[c]!;
        let r = results[slot]!;
        if (r === 0) r = results[slot] = conditionHolds(set, epoch, c, first) ? 2 : 1;
        if (r === 2) return true;
      }
      return false;
    }
  }
  for (let i = from; i < to; i++) {
    const c = conditionList[i]!;
    if (s.conditionStamp[c] === epoch) {
      if (s.conditionResult[c] === 1) return true;
      continue;
    }
    let ok = false;
    for (let j = first; j >= 0; j = next[j]!) {
      if (conditionHolds(set, epoch, c, j)) {
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

/** Condition `c` on the event's `j`th value: the engine's test, or for a one-star wildcard its shared head test and its tail. */
function conditionHolds(set: CompiledRuleSet, epoch: number, c: number, j: number): boolean {
  const { plan, scratch: s } = set;
  const value = set.values.buffer[j]!;
  const g = plan.conditionHeadGroup[c]!;
  if (g < 0) return plan.conditionTests[c]!(value);
  if (typeof value !== 'string' || value.length < plan.conditionMinLength[c]!) return false;
  if (s.headStamp[g] !== epoch || s.headValue[g] !== j) {
    s.headStamp[g] = epoch;
    s.headValue[g] = j;
    const head = plan.heads[g]!;
    // Same as startsWith (length is checked above), but V8 compares equal-length strings much faster.
    s.headResult[g] = value.slice(0, head.length) === head ? 1 : 0;
  }
  return s.headResult[g] === 1 && value.endsWith(plan.conditionTails[c]!);
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
