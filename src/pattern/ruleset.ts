/**
 * Many rules against one event at a cost that does not grow with every rule
 * (event-ruler's idea; see docs/PATTERNS.md, Design):
 *
 * 1. The event's values are gathered once, only at the paths some rule uses
 *    (`EventValues`), into buffers reused from event to event.
 * 2. Each branch (one way of satisfying a rule's `$or`s) has an anchor leaf
 *    (`buildRuleSetPlan`): exact anchors are found from the event's values,
 *    other anchors are evaluated once for all branches that share them. Only
 *    branches whose anchor holds are checked further.
 * 3. A branch's other leaves are decided with the engine's own condition
 *    tests, each distinct leaf at most once per event, in code generated for
 *    the rule set (`compileEvaluator`).
 * 4. Only when two or more of a matching branch's paths took values from
 *    arrays does the engine's exact per-branch check (array consistency) run,
 *    or when an `exists:false` leaf that may share an array with another leaf
 *    finds values at its path (event-ruler counts only array-consistent ones).
 */
import { EventValues } from './event-values.js';
import { flattenEvent, type FlatEvent } from './flatten.js';
import { branchMatches, type CompiledBranch } from './match.js';
import { compileEvaluator, type RuleSetEvaluator } from './ruleset-code.js';
import { buildRuleSetPlan, type RuleProblem, type RuleSetPlan } from './ruleset-plan.js';

export type { RuleProblem };

export interface RuleInput {
  name: string;
  pattern: string | object;
}

export interface CompiledRuleSet {
  readonly names: string[];
  /** Rules that could not be compiled, with AWS's reason; they never match, every other rule is still tested. */
  readonly problems: readonly RuleProblem[];
  readonly plan: RuleSetPlan;
  readonly values: EventValues;
  readonly evaluate: RuleSetEvaluator;
  /** Per event: the rules hit, and a bitmap to sort them. */
  readonly state: { readonly hits: Int32Array; readonly bits: Int32Array };
}

/**
 * Compiles every rule. A rule whose pattern is invalid does not stop the
 * others: it is listed in `problems` (index, name, InvalidEventPatternException)
 * and never matches. Only a bug in gceb throws.
 */
export function compileRuleSet(rules: RuleInput[]): CompiledRuleSet {
  const plan = buildRuleSetPlan(rules);
  return {
    names: rules.map((r) => r.name),
    problems: plan.problems,
    plan,
    values: new EventValues(plan.table.trie, plan.table.size),
    evaluate: compileEvaluator(plan, rules.length, consistencyCheck(plan)),
    state: { hits: new Int32Array(rules.length), bits: new Int32Array((rules.length >>> 5) + 1) },
  };
}

/** Names of the rules that match the (parsed) event, in rule order. */
export function matchRuleSet(set: CompiledRuleSet, event: unknown): string[] {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return [];
  set.values.load(event);
  return namesOf(set, set.evaluate(set.values, event, set.state.hits));
}

/**
 * The engine's exact check of a branch whose leaves all hold. Array
 * consistency can only fail between values that both came from arrays, so
 * the event is flattened (once per event) only when two of the branch's
 * paths took values from arrays.
 */
function consistencyCheck(plan: RuleSetPlan): (branch: number, values: EventValues, event: object) => boolean {
  let flatLoad = -1;
  let flat: FlatEvent | undefined;
  return (branch, values, event) => {
    const paths = plan.branchPaths[branch]!;
    let inArrays = 0;
    for (let i = 0; i < paths.length && inArrays < 2; i++) if (values.inArray(paths[i]!)) inArrays++;
    if (inArrays < 2 && !(plan.branchOrdered[branch] === 1 && absencePathHasValues(plan.branches[branch]!, values))) return true;
    if (flatLoad !== values.loads || flat === undefined) {
      flat = flattenEvent(event, plan.table.trie, plan.table.size);
      flatLoad = values.loads;
    }
    return branchMatches(plan.branches[branch]!, flat);
  };
}

/** Some absence leaf's path has values: only the exact check knows whether they count (array consistency). */
function absencePathHasValues(branch: CompiledBranch, values: EventValues): boolean {
  return branch.leaves.some((l) => l.absentMatches && values.first[l.pathId] !== undefined);
}

function namesOf(set: CompiledRuleSet, hitCount: number): string[] {
  if (hitCount === 0) return [];
  const { hits, bits } = set.state;
  if (hitCount <= 16) insertionSort(hits, hitCount);
  else {
    // Many hits: through a bitmap, in rule order, scanning only the words between the lowest and highest hit.
    let low = bits.length;
    let high = -1;
    for (let i = 0; i < hitCount; i++) {
      const w = hits[i]! >>> 5;
      bits[w]! |= 1 << (hits[i]! & 31);
      if (w < low) low = w;
      if (w > high) high = w;
    }
    let n = 0;
    for (let w = low; w <= high; w++) {
      let word = bits[w]!;
      bits[w] = 0;
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        hits[n++] = (w << 5) | bit;
        word &= word - 1;
      }
    }
  }
  const out = new Array<string>(hitCount);
  for (let i = 0; i < hitCount; i++) out[i] = set.names[hits[i]!]!;
  return out;
}

/** Sorts `values[0 .. count)`: a handful of numbers, often in order already. */
export function insertionSort(values: Int32Array, count: number): void {
  for (let i = 1; i < count; i++) {
    const v = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! > v) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = v;
  }
}
