import type { FailureFix, PatternFailure, PatternMatch } from '../pattern/explain-types.js';
import type { Expectation, TestRule } from '../rules/types.js';
import { compilePattern, explainCompiled } from '../pattern/index.js';
import { nearestMissRecord } from './nearest-miss.js';
import type { Verdict } from './verdict.js';

/** Verdicts kept in memory for json/html reports; counts stay exact beyond it. */
export const DEFAULT_MAX_KEPT_VERDICTS = 10_000;
/** Disagreements with --expect listed by name; the count stays exact beyond it. */
export const MAX_LISTED_DISAGREEMENTS = 1_000;
export const TOP_FAILURES = 5;

export interface FailureTally {
  code: PatternFailure['code'];
  path: string;
  count: number;
  /** The hint and fix of the first failure counted under this code and path. */
  hint: string;
  fix?: FailureFix;
}

export interface NearestMiss {
  eventId: string;
  detailType: string;
  source?: string;
  line?: number;
  failures: PatternFailure[];
  /** The pattern's leaves that hold for this event, with the event values that satisfy them (bounded). */
  matched: PatternMatch[];
  /** What the pattern wants against what the event has (see structuralDiff). */
  diff: { text: string; html: string };
  /** The event itself, bounded (see boundEvent): long strings cut, at most about MAX_SHOWN_EVENT_CHARS of JSON. */
  event: unknown;
  /** Set when `event` was cut to its bound. */
  eventTruncated?: boolean;
  /** Set when no event was about the rule's topics: the miss is of another topic. */
  otherTopic?: boolean;
}

export interface RuleSummary {
  rule: string;
  origin: string;
  description?: string;
  state?: string;
  eventBusName?: string;
  matched: number;
  total: number;
  /**
   * Events about the rule's topics: they pass its top-level `source` and
   * `detail-type` conditions (all events when it has none). Its failures and
   * nearest miss are counted among these.
   */
  relevant?: number;
  /** Events of other topics: total - relevant. */
  otherTopics?: number;
  byDetailType: Array<{ detailType: string; matched: number; total: number }>;
  topFailures: FailureTally[];
  /** The engine's error for an invalid pattern: the rule never matches. */
  problem?: string;
  /** Rule-level expectation from the rules file: `match` = matches at least one event. */
  expectation?: { expect: Expectation; met: boolean };
  nearestMiss?: NearestMiss;
}

export interface Disagreement {
  rule: string;
  eventId: string;
  expected: Expectation;
  source?: string;
  line?: number;
}

export interface VerdictSummary {
  events: number;
  verdicts: number;
  matched: number;
  /** Records that could not be tested (malformed lines, not EventBridge events). */
  problems: number;
  rules: RuleSummary[];
  /** `--expect`: every verdict checked against one expectation. */
  expect?: { expect: Expectation; checked: number; disagreed: number; disagreements: Disagreement[] };
  /** Rules whose own `expect` was not met. */
  unmetRuleExpectations: string[];
  keptVerdicts: number;
  verdictsTruncated: boolean;
  /** Set when --cross-check ran: the local engine against AWS TestEventPattern. */
  crossCheck?: CrossCheckSummary;
  /** Set when the run was interrupted: the counts cover the events tested so far. */
  partial?: boolean;
}

export interface CrossCheckSummary {
  checked: number;
  agreed: number;
  errors: number;
  /** Distinct pairs not sent because of the pair limit. */
  skipped: number;
  disagreements: Array<{ rule: string; eventId: string; local: boolean; aws: boolean }>;
  errorMessages: Array<{ rule: string; eventId: string; message: string }>;
}

interface RuleState {
  rule: TestRule;
  matched: number;
  total: number;
  byDetailType: Map<string, { matched: number; total: number }>;
  failures: Map<string, FailureTally>;
  nearest?: { verdict: Verdict; event: unknown };
}

/**
 * Folds verdicts into per-rule counts as they stream past: memory grows with
 * rules × detail-types × distinct failure paths, not with events. Keeps the
 * first `maxKeptVerdicts` verdicts whole for json/html reports.
 */
export class VerdictAggregator {
  private readonly states = new Map<string, RuleState>();
  private readonly kept: Verdict[] = [];
  private events = 0;
  private verdicts = 0;
  private matched = 0;
  private problems = 0;
  private expectChecked = 0;
  private expectDisagreed = 0;
  private readonly disagreements: Disagreement[] = [];

  constructor(
    rules: readonly TestRule[],
    private readonly options: { expect?: Expectation; maxKeptVerdicts?: number } = {},
  ) {
    for (const rule of rules) {
      this.states.set(rule.name, { rule, matched: 0, total: 0, byDetailType: new Map(), failures: new Map() });
    }
  }

  addProblem(): void {
    this.problems++;
  }

  /** The verdicts of one event (one per rule). Returns the verdicts that disagree with `--expect`. */
  addEvent(event: unknown, verdicts: readonly Verdict[]): Disagreement[] {
    this.events++;
    const disagreed: Disagreement[] = [];
    for (const verdict of verdicts) {
      const d = this.add(event, verdict);
      if (d) disagreed.push(d);
    }
    return disagreed;
  }

  private add(event: unknown, verdict: Verdict): Disagreement | undefined {
    this.verdicts++;
    if (verdict.match) this.matched++;
    if (this.kept.length < (this.options.maxKeptVerdicts ?? DEFAULT_MAX_KEPT_VERDICTS)) this.kept.push(verdict);
    const state = this.states.get(verdict.rule);
    if (state) {
      state.total++;
      if (verdict.match) state.matched++;
      const dt = state.byDetailType.get(verdict.detailType) ?? { matched: 0, total: 0 };
      dt.total++;
      if (verdict.match) dt.matched++;
      state.byDetailType.set(verdict.detailType, dt);
      for (const failure of verdict.failures) {
        const key = `${failure.code}\u0000${failure.path}`;
        const tally = state.failures.get(key);
        if (tally) tally.count++;
        else state.failures.set(key, { code: failure.code, path: failure.path, count: 1, hint: failure.hint, ...(failure.fix ? { fix: failure.fix } : {}) });
      }
      if (!verdict.match && (!state.nearest || missDistance(verdict) < missDistance(state.nearest.verdict))) {
        state.nearest = { verdict, event };
      }
    }
    const expect = this.options.expect;
    if (!expect) return undefined;
    this.expectChecked++;
    if (verdict.match === (expect === 'match')) return undefined;
    this.expectDisagreed++;
    const disagreement: Disagreement = {
      rule: verdict.rule,
      eventId: verdict.eventId,
      expected: expect,
      ...(verdict.source !== undefined ? { source: verdict.source } : {}),
      ...(verdict.line !== undefined ? { line: verdict.line } : {}),
    };
    if (this.disagreements.length < MAX_LISTED_DISAGREEMENTS) this.disagreements.push(disagreement);
    return disagreement;
  }

  keptVerdicts(): readonly Verdict[] {
    return this.kept;
  }

  summary(): VerdictSummary {
    const rules = [...this.states.values()].map((state) => ruleSummary(state));
    const expect = this.options.expect;
    return {
      events: this.events,
      verdicts: this.verdicts,
      matched: this.matched,
      problems: this.problems,
      rules,
      ...(expect
        ? { expect: { expect, checked: this.expectChecked, disagreed: this.expectDisagreed, disagreements: [...this.disagreements] } }
        : {}),
      unmetRuleExpectations: rules.filter((r) => r.expectation && !r.expectation.met).map((r) => r.rule),
      keptVerdicts: this.kept.length,
      verdictsTruncated: this.kept.length < this.verdicts,
    };
  }
}

/** How far a miss is from matching: fewer failures first; among equals, one whose every failure has a fix. */
function missDistance(verdict: Verdict): number {
  const fixable = verdict.failures.length > 0 && verdict.failures.every((f) => f.fix !== undefined);
  return verdict.failures.length * 2 - (fixable ? 1 : 0);
}

function ruleSummary(state: RuleState): RuleSummary {
  const { rule } = state;
  const topFailures = [...state.failures.values()].sort((a, b) => b.count - a.count || a.path.localeCompare(b.path)).slice(0, TOP_FAILURES);
  const byDetailType = [...state.byDetailType.entries()]
    .map(([detailType, c]) => ({ detailType, ...c }))
    .sort((a, b) => b.total - a.total || a.detailType.localeCompare(b.detailType));
  const summary: RuleSummary = {
    rule: rule.name,
    origin: rule.origin,
    ...(rule.description ? { description: rule.description } : {}),
    ...(rule.state ? { state: rule.state } : {}),
    ...(rule.eventBusName ? { eventBusName: rule.eventBusName } : {}),
    matched: state.matched,
    total: state.total,
    byDetailType,
    topFailures,
  };
  if (rule.expect) summary.expectation = { expect: rule.expect, met: rule.expect === 'match' ? state.matched > 0 : state.matched === 0 };
  if (state.nearest) {
    const { verdict, event } = state.nearest;
    summary.nearestMiss = nearestMissRecord(rule.pattern, explainCompiled(compilePattern(rule.pattern as object), event), event, verdict);
  }
  return summary;
}
