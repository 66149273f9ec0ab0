/**
 * The rule set's answer as rule indexes instead of names, for callers that
 * count per rule (the main job): no array of names per event.
 */
import type { CompiledRuleSet } from './ruleset.js';

/** Matches the (parsed) event; returns how many rules hit, their indexes in `set.state.hits[0 .. n)`, in no particular order. */
export function matchRuleSetHits(set: CompiledRuleSet, event: unknown): number {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return 0;
  set.values.load(event);
  return set.evaluate(set.values, event, set.state.hits);
}

/** The first half of matchRuleSetHits: gathers the event's values into `set.values` (false: not an object, nothing to match). */
export function loadRuleSetValues(set: CompiledRuleSet, event: unknown): event is object {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return false;
  set.values.load(event);
  return true;
}

/** The second half: matches the event whose values are loaded, as matchRuleSetHits does. */
export function evaluateLoadedValues(set: CompiledRuleSet, event: object): number {
  return set.evaluate(set.values, event, set.state.hits);
}
