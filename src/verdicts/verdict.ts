import type { PatternFailure, PatternMatch } from '../pattern/explain-types.js';
import { compilePattern, compileRuleSet, explainCompiled, explainMatched, matchRuleSet, parseTestEvent } from '../pattern/index.js';
import { boundMatches } from './bound.js';
import type { TestRule } from '../rules/types.js';

/** One rule against one event: the data every report is made from. */
export interface Verdict {
  rule: string;
  eventId: string;
  detailType: string;
  match: boolean;
  /** Why it does not match (empty when it matches), each with a hint and maybe a fix. */
  failures: PatternFailure[];
  /**
   * The pattern's leaves that hold, with the event values that satisfy them
   * (bounded). Set on verdicts explained in full: those the main job keeps for
   * the json/html reports, and every verdict of RuleEvaluator.
   */
  matched?: PatternMatch[];
  /** Where the event came from: file path or 'stdin', and its 1-based line. */
  source?: string;
  line?: number;
}

export interface EventLocation {
  source?: string;
  line?: number;
}

function field(event: unknown, key: string): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const value = (event as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

export function eventIdOf(event: unknown, at: EventLocation = {}): string {
  return field(event, 'id') ?? (at.source !== undefined ? `${at.source}:${at.line ?? 0}` : '(no id)');
}

export function detailTypeOf(event: unknown): string {
  return field(event, 'detail-type') ?? '';
}

/**
 * Every rule against one event at a time. Matching runs over the whole rule
 * set at once; only the rules that do not match are explained.
 */
export class RuleEvaluator {
  private readonly set: ReturnType<typeof compileRuleSet>;
  private readonly compiled: Map<string, ReturnType<typeof compilePattern>>;

  constructor(readonly rules: readonly TestRule[]) {
    this.set = compileRuleSet(rules.map((r) => ({ name: r.name, pattern: r.pattern as object })));
    this.compiled = new Map(rules.map((r) => [r.name, compilePattern(r.pattern as object)]));
  }

  /** Throws the engine's ValidationException when the event is not a valid EventBridge event. */
  evaluate(event: unknown, at: EventLocation = {}): Verdict[] {
    parseTestEvent(event as object);
    const matching = new Set(matchRuleSet(this.set, event as object));
    const eventId = eventIdOf(event, at);
    const detailType = detailTypeOf(event);
    const where = at.source !== undefined ? { source: at.source, ...(at.line !== undefined ? { line: at.line } : {}) } : {};
    return this.rules.map((rule) => {
      const match = matching.has(rule.name);
      const compiled = this.compiled.get(rule.name)!;
      const explanation = match ? { failures: [], matched: explainMatched(compiled, event, true) } : explainCompiled(compiled, event as object);
      return { rule: rule.name, eventId, detailType, match, failures: explanation.failures, matched: boundMatches(explanation.matched ?? []), ...where };
    });
  }
}
