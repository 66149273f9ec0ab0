/**
 * The main job's evaluator: every rule against one event at a time, at the
 * engine's speed. Matches and failure classes (code × path) are counted
 * exactly for every rule × event from the rule set's own values; full
 * explanations are built only for the verdicts something shows (kept for
 * the json/html reports, streamed, nearest misses, top failures' hints).
 * Memory grows with rules × failure classes and topics, never with events.
 */
import { evaluateLoadedValues, explainCompiled, explainMatched, loadRuleSetValues, parseTestEvent, type PatternFailure } from '../pattern/index.js';
import type { Expectation, TestRule } from '../rules/types.js';
import { boundFailures, boundMatches } from './bound.js';
import { ExplanationCache } from './explanation-cache.js';
import { nearestMissRecord } from './nearest-miss.js';
import { LeafResults, RuleFailureClasses, type MissShape } from './failure-classes.js';
import { compileMainJobRules, type MainJobRuleSet, type RuleProblem } from './rule-set.js';
import { DEFAULT_MAX_KEPT_VERDICTS, MAX_LISTED_DISAGREEMENTS, TOP_FAILURES, type Disagreement, type FailureTally, type NearestMiss, type RuleSummary, type VerdictSummary } from './summary.js';
import { TopicMissClasses, withHits, type MissClass, type SignatureTally } from './miss-classes.js';
import { insertionSort } from '../pattern/ruleset.js';
import { TopicGate, type TopicEntry } from './topics.js';
import type { CodesBudget } from './codes-by-value.js';
import { detailTypeOf, eventIdOf, type EventLocation, type Verdict } from './verdict.js';

/** Which verdicts a stream (ndjson, csv) carries. */
export const VERDICT_SELECTIONS = ['all', 'matches', 'misses', 'none'] as const;
export type VerdictSelection = (typeof VERDICT_SELECTIONS)[number];

/** The failures of every match: one shared, frozen list. */
const NO_FAILURES = Object.freeze([]) as unknown as PatternFailure[];

/** The outcome of an event when nothing is streamed, kept, checked or cross-checked. */
const NOTHING_SHOWN: EventOutcome = Object.freeze({ streamed: Object.freeze([]) as unknown as Verdict[], disagreements: Object.freeze([]) as unknown as Disagreement[] });

/** Distinct detail-types counted by name; the rest are counted under OTHER_DETAIL_TYPES. */
const MAX_DETAIL_TYPES = 5_000;
export const OTHER_DETAIL_TYPES = '(other detail-types)';
/** Detail-types a rule summary lists besides those it matched. */
const LISTED_DETAIL_TYPES = 20;

export interface MainJobOptions {
  /** `--expect`: every verdict must be a match / no match. */
  expect?: Expectation;
  /** Verdicts kept whole (explained) for json/html reports; default DEFAULT_MAX_KEPT_VERDICTS. */
  maxKeptVerdicts?: number;
  /** Which verdicts `test()` returns for a stream; default none. */
  stream?: VerdictSelection;
  /** Also return `{rule, eventId, match}` of every rule (for --cross-check). */
  light?: boolean;
  /** Miss classes remembered (default MAX_MISS_CLASSES); events beyond are counted rule by rule, with the same results. */
  maxMissClasses?: number;
}

export interface EventOutcome {
  /** The verdicts the stream asked for, in rule order. */
  streamed: Verdict[];
  /** Verdicts that disagree with `--expect`. */
  disagreements: Disagreement[];
  /** Every rule's match (only with `light`). */
  light?: Array<Pick<Verdict, 'rule' | 'eventId' | 'match'>>;
}

interface Seen {
  event: object;
  at: EventLocation;
}

interface RuleTally {
  matched: number;
  /** Relevant misses by failure signature (see RuleFailureClasses.signature); bounded. */
  signatures: Map<number, SignatureTally>;
  /** The signature met last, and its tally: consecutive misses often share one. */
  lastSignature: number;
  last?: SignatureTally;
  /** Per failure class: relevant misses counted here rather than by signature (the rule has too many, or too wide ones). */
  counts: Float64Array;
  /** Tallies of miss classes (see miss-classes.ts) whose signature is not tallied in `signatures` (too many, or too wide). */
  unsigned: SignatureTally[];
  /** Per failure class: the first relevant event that had it (its hint and fix are explained at the end). */
  firstOf: Array<Seen | undefined>;
  nearest?: Seen & { failures: number; missing: number };
  /** The first misses as near as `nearest` (it included): the report shows the first one a fix makes match. */
  nearestTies?: Seen[];
  /** The first miss of another topic, shown when no event was about the rule. */
  otherTopicMiss?: Seen;
  byDetailType: Map<string, number>;
}

interface ClassCounts {
  misses: ReadonlyMap<SignatureTally, number>;
  matched: Float64Array;
  byDetailType: Array<ReadonlyMap<string, number>>;
}

/** Distinct failure signatures tallied per rule; misses beyond are counted per class directly (exact, slower). */
const MAX_SIGNATURES = 1_024;
/** Misses tied for nearest that are kept to find one a fix makes match. */
const MAX_NEAREST_TIES = 16;
/** Miss classes remembered over all topics; events of further classes are counted rule by rule (exact, slower). */
const MAX_MISS_CLASSES = 20_000;
/** Paths' leaf codes remembered by value, over all topics (see codes-by-value.ts). */
const MAX_CODES_BY_VALUE = 50_000;

export class MainJob {
  readonly ruleSet: MainJobRuleSet;
  private readonly classes: Array<RuleFailureClasses | undefined>;
  private readonly gate: TopicGate;
  private readonly leafResults: LeafResults;
  private readonly cache = new ExplanationCache();
  private readonly tallies: RuleTally[];
  /** Per rule: the event number it last matched. */
  private readonly matchedAt: Float64Array;
  /** Per rule: the event number its miss shape was last computed for, and that shape. */
  private readonly shapeAt: Float64Array;
  private readonly shapes: Array<MissShape | undefined>;
  private readonly detailTypes = new Map<string, number>();
  private readonly missClasses: Array<TopicMissClasses> = [];
  private missClassCount = 0;
  /** Leaf codes remembered by value, over all topics. */
  private readonly codesBudget: CodesBudget = { left: MAX_CODES_BY_VALUE };
  /** The rules the current event matched, sorted (for its miss class key). */
  private hitRules = new Int32Array(64);
  private readonly kept: Verdict[] = [];
  private readonly disagreementList: Disagreement[] = [];
  private readonly maxKept: number;
  private events = 0;
  private matchedTotal = 0;
  private problems = 0;
  private expectChecked = 0;
  private expectDisagreed = 0;

  constructor(
    readonly rules: readonly TestRule[],
    private readonly options: MainJobOptions = {},
  ) {
    this.ruleSet = compileMainJobRules(rules);
    const pathIds = this.ruleSet.set.plan.table.ids;
    this.leafResults = new LeafResults();
    this.classes = this.ruleSet.compiled.map((c) => (c === undefined ? undefined : new RuleFailureClasses(c, pathIds, this.leafResults)));
    this.gate = new TopicGate(this.ruleSet.compiled);
    this.tallies = this.classes.map((c) => ({
      matched: 0,
      signatures: new Map(),
      lastSignature: -1,
      counts: new Float64Array(c?.classes.length ?? 0),
      unsigned: [],
      firstOf: new Array<Seen | undefined>(c?.classes.length ?? 0),
      byDetailType: new Map(),
    }));
    this.matchedAt = new Float64Array(rules.length);
    this.shapeAt = new Float64Array(rules.length);
    this.shapes = new Array<MissShape | undefined>(rules.length);
    this.maxKept = options.maxKeptVerdicts ?? DEFAULT_MAX_KEPT_VERDICTS;
  }

  get ruleProblems(): readonly RuleProblem[] {
    return this.ruleSet.problems;
  }

  /** A record that could not be tested (malformed line, not an EventBridge event). */
  addProblem(): void {
    this.problems++;
  }

  /** Tests one event against every rule. Throws the engine's ValidationException when it is not an EventBridge event. */
  test(input: unknown, at: EventLocation = {}): EventOutcome {
    const event = parseTestEvent(input as object);
    const n = ++this.events;
    const { set } = this.ruleSet;
    loadRuleSetValues(set, event);
    const detailType = this.countDetailType(detailTypeOf(event));
    this.leafResults.reset();
    const topic = this.gate.entryFor(event);
    const seen: Seen = { event, at };
    if (topic.events === 1) this.noteOtherTopics(topic.rules, seen);

    const memo = topic.remembered ? this.missClassesOf(topic, detailType) : undefined;
    let found: MissClass | undefined;
    let key: string | undefined;
    // With no values from arrays, the leaves alone decide every match: an event of a known class matches what its first event did.
    const leavesDecide = set.values.arrayPathCount === 0;
    if (memo !== undefined) {
      key = memo.leafKey(set.values, this.leafResults);
      if (leavesDecide) found = memo.classes.get(key);
    }
    let hitCount: number;
    if (found !== undefined) hitCount = this.takeHits(found.hits, n);
    else {
      hitCount = this.evaluateHits(event, n);
      if (memo !== undefined) {
        if (!leavesDecide) {
          key = withHits(key!, this.hitRules, hitCount);
          found = memo.classes.get(key);
        }
        if (found === undefined && this.missClassCount < (this.options.maxMissClasses ?? MAX_MISS_CLASSES)) {
          found = this.missClass(topic.rules, this.hitRules.slice(0, hitCount), n, seen);
          memo.classes.set(key!, found);
          this.missClassCount++;
        }
      }
    }
    this.matchedTotal += hitCount;
    if (found !== undefined) this.countInClass(found, seen);
    else {
      // Rule by rule: not a remembered topic, or too many classes.
      for (let i = 0; i < hitCount; i++) {
        const tally = this.tallies[this.hitRules[i]!]!;
        tally.matched++;
        tally.byDetailType.set(detailType, (tally.byDetailType.get(detailType) ?? 0) + 1);
      }
      for (const r of topic.rules) {
        if (this.matchedAt[r] !== n) this.countMiss(r, n, seen);
      }
    }
    return this.outcome(event, at, n);
  }

  private missClassesOf(topic: TopicEntry, detailType: string): TopicMissClasses {
    let memo = topic.misses;
    if (memo === undefined) {
      memo = new TopicMissClasses(topic.rules, this.classes, detailType, this.codesBudget);
      topic.misses = memo;
      this.missClasses.push(memo);
    }
    return memo;
  }

  /** Runs the rule set on the loaded values: the rules hit, sorted, into hitRules. */
  private evaluateHits(event: object, n: number): number {
    const { set, setRule } = this.ruleSet;
    const hitCount = evaluateLoadedValues(set, event);
    if (hitCount > this.hitRules.length) this.hitRules = new Int32Array(2 * hitCount);
    const hitRules = this.hitRules;
    for (let i = 0; i < hitCount; i++) {
      const r = setRule[set.state.hits[i]!]!;
      hitRules[i] = r;
      this.matchedAt[r] = n;
    }
    // Hits come in rule order from small rule sets; sorted here for the class key.
    if (hitCount <= 16) insertionSort(hitRules, hitCount);
    else hitRules.subarray(0, hitCount).sort();
    return hitCount;
  }

  /** The rules a known class matches, for this event. */
  private takeHits(hits: Int32Array, n: number): number {
    if (hits.length > this.hitRules.length) this.hitRules = new Int32Array(2 * hits.length);
    this.hitRules.set(hits);
    for (let i = 0; i < hits.length; i++) this.matchedAt[hits[i]!] = n;
    return hits.length;
  }

  /** Counts the event in its class; its first few events of each class are noted rule by rule (nearest misses and ties). */
  private countInClass(found: MissClass, seen: Seen): void {
    found.count++;
    if (found.noted < MAX_NEAREST_TIES) {
      found.noted++;
      for (let i = 0; i < found.missed.length; i++) {
        const s = found.tallies[i]!;
        this.noteNearest(this.tallies[found.missed[i]!]!, s.failures, s.missing, seen);
      }
    }
  }

  /** A new miss class, from its first event: the rules it misses, their tallies, and their first failures. */
  private missClass(rules: Int32Array, hits: Int32Array, n: number, seen: Seen): MissClass {
    const missed: number[] = [];
    const tallies: SignatureTally[] = [];
    const values = this.ruleSet.set.values;
    for (const r of rules) {
      const classes = this.classes[r];
      if (this.matchedAt[r] === n || classes === undefined) continue;
      const tally = this.tallies[r]!;
      const shape = this.shapeOf(r, n)!;
      this.noteFirsts(tally, shape.classes, seen);
      const signature = classes.signature(values, this.leafResults);
      let s = signature === -1 ? undefined : tally.signatures.get(signature);
      if (s === undefined) {
        s = newSignatureTally(shape);
        if (signature === -1 || tally.signatures.size >= MAX_SIGNATURES) tally.unsigned.push(s);
        else tally.signatures.set(signature, s);
      }
      missed.push(r);
      tallies.push(s);
    }
    return { count: 0, noted: 0, hits, missed: Int32Array.from(missed), tallies };
  }

  private countDetailType(detailType: string): string {
    const known = this.detailTypes.get(detailType);
    if (known !== undefined) {
      this.detailTypes.set(detailType, known + 1);
      return detailType;
    }
    const name = this.detailTypes.size < MAX_DETAIL_TYPES ? detailType : OTHER_DETAIL_TYPES;
    this.detailTypes.set(name, (this.detailTypes.get(name) ?? 0) + 1);
    return name;
  }

  private shapeOf(r: number, n: number): MissShape | undefined {
    if (this.shapeAt[r] === n) return this.shapes[r];
    const classes = this.classes[r];
    const shape = classes?.missShape(this.ruleSet.set.values, this.leafResults);
    this.shapeAt[r] = n;
    this.shapes[r] = shape;
    return shape;
  }

  /** Counts a relevant miss of rule `r` by its failure signature; its classes are worked out once per signature. */
  private countMiss(r: number, n: number, seen: Seen): void {
    const classes = this.classes[r];
    if (classes === undefined) return;
    const tally = this.tallies[r]!;
    const signature = classes.signature(this.ruleSet.set.values, this.leafResults);
    let known = signature === tally.lastSignature ? tally.last : tally.signatures.get(signature);
    if (known === undefined) {
      const shape = this.shapeOf(r, n)!;
      this.noteFirsts(tally, shape.classes, seen);
      if (signature === -1 || tally.signatures.size >= MAX_SIGNATURES) {
        for (const c of shape.classes) tally.counts[c]!++;
        this.noteNearest(tally, shape.classes.length, shape.missing, seen);
        return;
      }
      known = newSignatureTally(shape);
      tally.signatures.set(signature, known);
    }
    tally.lastSignature = signature;
    tally.last = known;
    known.count++;
    this.noteNearest(tally, known.failures, known.missing, seen);
  }

  private noteFirsts(tally: RuleTally, classes: readonly number[], seen: Seen): void {
    for (const c of classes) if (tally.firstOf[c] === undefined) tally.firstOf[c] = seen;
  }

  /** Fewer failures are nearer; among as many, fewer missing fields (an event that has the field beats one that lacks it). */
  private noteNearest(tally: RuleTally, failures: number, missing: number, seen: Seen): void {
    const best = tally.nearest;
    if (best === undefined || failures < best.failures || (failures === best.failures && missing < best.missing)) {
      tally.nearest = { ...seen, failures, missing };
      tally.nearestTies = [seen];
    } else if (failures === best.failures && missing === best.missing && tally.nearestTies!.length < MAX_NEAREST_TIES) {
      tally.nearestTies!.push(seen);
    }
  }

  /** On the first event of a topic: the rules it is not about get it as their other-topic miss, if they have none yet. */
  private noteOtherTopics(about: Int32Array, seen: Seen): void {
    let k = 0;
    for (let r = 0; r < this.rules.length; r++) {
      if (k < about.length && about[k] === r) {
        k++;
        continue;
      }
      const tally = this.tallies[r]!;
      if (tally.otherTopicMiss === undefined) tally.otherTopicMiss = seen;
    }
  }

  private outcome(event: object, at: EventLocation, n: number): EventOutcome {
    const stream = this.options.stream ?? 'none';
    const keep = this.kept.length < this.maxKept;
    const expect = this.options.expect;
    if (!keep && stream === 'none' && expect === undefined && !this.options.light) return NOTHING_SHOWN;
    const out: EventOutcome = { streamed: [], disagreements: [] };
    const eventId = eventIdOf(event, at);
    if (keep || stream !== 'none') {
      for (let r = 0; r < this.rules.length; r++) {
        const match = this.matchedAt[r] === n;
        const streamed = stream === 'all' || (stream === 'matches' ? match : stream === 'misses' && !match);
        if (!streamed && !(keep && this.kept.length < this.maxKept)) continue;
        const verdict = this.verdict(r, event, at, eventId, match);
        if (streamed) out.streamed.push(verdict);
        if (this.kept.length < this.maxKept) this.kept.push(this.withMatched(verdict, r, event));
      }
    }
    if (expect !== undefined) {
      for (let r = 0; r < this.rules.length; r++) {
        this.expectChecked++;
        const match = this.matchedAt[r] === n;
        if (match === (expect === 'match')) continue;
        this.expectDisagreed++;
        const d: Disagreement = {
          rule: this.rules[r]!.name,
          eventId,
          expected: expect,
          ...(at.source !== undefined ? { source: at.source } : {}),
          ...(at.line !== undefined ? { line: at.line } : {}),
        };
        out.disagreements.push(d);
        if (this.disagreementList.length < MAX_LISTED_DISAGREEMENTS) this.disagreementList.push(d);
      }
    }
    if (this.options.light) out.light = this.rules.map((rule, r) => ({ rule: rule.name, eventId, match: this.matchedAt[r] === n }));
    return out;
  }

  private verdict(r: number, event: object, at: EventLocation, eventId: string, match: boolean): Verdict {
    let failures = NO_FAILURES;
    const compiled = this.ruleSet.compiled[r];
    if (!match && compiled !== undefined) failures = this.cache.failures(r, compiled, this.classes[r]!, event, this.ruleSet.set.values, this.leafResults);
    const verdict: Verdict = { rule: this.rules[r]!.name, eventId, detailType: detailTypeOf(event), match, failures };
    if (at.source !== undefined) {
      verdict.source = at.source;
      if (at.line !== undefined) verdict.line = at.line;
    }
    return verdict;
  }

  /** A kept verdict also says which of the rule's leaves hold, with the event's values there (streamed ones do not: they are per event). */
  private withMatched(verdict: Verdict, r: number, event: object): Verdict {
    const compiled = this.ruleSet.compiled[r];
    return compiled === undefined ? verdict : { ...verdict, matched: boundMatches(explainMatched(compiled, event, verdict.match)) };
  }

  keptVerdicts(): readonly Verdict[] {
    return this.kept;
  }

  /** Exact counts so far; explains the nearest misses and the top failures' first events. */
  summary(): VerdictSummary {
    const relevant = this.gate.relevantCounts();
    const byClass = this.classCounts();
    const rules = this.rules.map((rule, r) => this.ruleSummary(rule, r, relevant[r]!, byClass));
    const expect = this.options.expect;
    const verdicts = this.events * this.rules.length;
    return {
      events: this.events,
      verdicts,
      matched: this.matchedTotal,
      problems: this.problems,
      rules,
      ...(expect ? { expect: { expect, checked: this.expectChecked, disagreed: this.expectDisagreed, disagreements: [...this.disagreementList] } } : {}),
      unmetRuleExpectations: rules.filter((s) => s.expectation && !s.expectation.met).map((s) => s.rule),
      keptVerdicts: this.kept.length,
      verdictsTruncated: this.kept.length < verdicts,
    };
  }

  /** What was counted by class: misses per signature tally, and matches per rule and detail-type. */
  private classCounts(): ClassCounts {
    const misses = new Map<SignatureTally, number>();
    const matched = new Float64Array(this.rules.length);
    const byDetailType = this.tallies.map((t) => new Map(t.byDetailType));
    for (const memo of this.missClasses) {
      for (const found of memo.classes.values()) {
        for (const s of found.tallies) misses.set(s, (misses.get(s) ?? 0) + found.count);
        for (const r of found.hits) {
          matched[r]! += found.count;
          byDetailType[r]!.set(memo.detailType, (byDetailType[r]!.get(memo.detailType) ?? 0) + found.count);
        }
      }
    }
    return { misses, matched, byDetailType };
  }

  private ruleSummary(rule: TestRule, r: number, relevant: number, byClass: ClassCounts): RuleSummary {
    const counted = this.tallies[r]!;
    const tally = { ...counted, matched: counted.matched + byClass.matched[r]!, byDetailType: byClass.byDetailType[r]! };
    const classCounts = byClass.misses;
    const compiled = this.ruleSet.compiled[r];
    const classes = this.classes[r];
    const problem = this.ruleSet.problems.find((p) => p.index === r);
    // Every detail-type the rule matched, and the most common others.
    const byDetailType = [...this.detailTypes.entries()]
      .map(([detailType, total]) => ({ detailType, matched: tally.byDetailType.get(detailType) ?? 0, total }))
      .sort((a, b) => b.total - a.total || a.detailType.localeCompare(b.detailType))
      .filter((d, i) => d.matched > 0 || i < LISTED_DETAIL_TYPES);
    const topFailures: FailureTally[] = [];
    if (classes !== undefined && compiled !== undefined) {
      const counts = Float64Array.from(tally.counts);
      const count = (s: SignatureTally) => s.count + (classCounts.get(s) ?? 0);
      for (const s of tally.signatures.values()) for (const c of s.classes) counts[c]! += count(s);
      for (const s of tally.unsigned) for (const c of s.classes) counts[c]! += count(s);
      const order = [...counts.keys()].filter((c) => counts[c]! > 0);
      order.sort((a, b) => counts[b]! - counts[a]! || classes.classes[a]!.path.localeCompare(classes.classes[b]!.path));
      for (const c of order.slice(0, TOP_FAILURES)) {
        const { code, path } = classes.classes[c]!;
        const first = tally.firstOf[c]!;
        // (array consistency is found where explainCompiled puts it: the common parent of the paths involved)
        const failure = boundFailures(explainCompiled(compiled, first.event).failures).find((f) => f.code === code && (f.path === path || code === 'array-consistency'));
        topFailures.push({ code, path: failure?.path ?? path, count: counts[c]!, hint: failure?.hint ?? '', ...(failure?.fix ? { fix: failure.fix } : {}) });
      }
    }
    const summary: RuleSummary = {
      rule: rule.name,
      origin: rule.origin,
      ...(rule.description ? { description: rule.description } : {}),
      ...(rule.state ? { state: rule.state } : {}),
      ...(rule.eventBusName ? { eventBusName: rule.eventBusName } : {}),
      matched: tally.matched,
      total: this.events,
      relevant,
      otherTopics: this.events - relevant,
      byDetailType,
      topFailures,
      ...(problem ? { problem: problem.error.message } : {}),
    };
    if (rule.expect) summary.expectation = { expect: rule.expect, met: rule.expect === 'match' ? tally.matched > 0 : tally.matched === 0 };
    const nearest = tally.nearest ?? (tally.matched === 0 && relevant === 0 ? tally.otherTopicMiss : undefined);
    if (nearest !== undefined && compiled !== undefined) {
      const candidates = tally.nearestTies ?? [nearest];
      const fixable = candidates.find((seen) => explainCompiled(compiled, seen.event).fixedPattern !== undefined);
      summary.nearestMiss = nearestMiss(rule, compiled, fixable ?? nearest, tally.nearest === undefined);
    }
    return summary;
  }
}

/** A miss shape's tally, with no misses counted yet (the shape is reused: its classes are copied). */
function newSignatureTally(shape: MissShape): SignatureTally {
  return { count: 0, classes: [...shape.classes], failures: shape.classes.length, missing: shape.missing };
}

function nearestMiss(rule: TestRule, compiled: NonNullable<MainJobRuleSet['compiled'][number]>, seen: Seen, otherTopic: boolean): NearestMiss {
  return nearestMissRecord(rule.pattern, explainCompiled(compiled, seen.event), seen.event, seen.at, otherTopic);
}
