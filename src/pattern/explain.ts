/**
 * Why an event does not match: the failing leaves, each with a code, the
 * conditions as written, the event's values there, and advice from the hints
 * module. `Result` is always the matcher's own answer.
 */
import { adviseFailure } from '../explain/hints.js';
import { proposeFixes } from '../explain/propose-fixes.js';
import { describeStringDetail } from '../explain/event-problems.js';
import { checkPatternLength, parseTestEvent, type TestEventPatternInput } from './api.js';
import type { Leaf, TreeEntry } from './compile.js';
import type { Condition, Scalar } from './conditions.js';
import type { Explanation, FailureCode, PatternFailure, PatternMatch } from './explain-types.js';
import { rawValuesAt, type FlatEvent } from './flatten.js';
import { compilePattern, flattenFor, leafMatchesAlone, matches, type CompiledPattern } from './match.js';
import { wildcardTester } from './wildcard.js';

export function explainEventPattern(input: TestEventPatternInput): Explanation {
  const patternText = typeof input.EventPattern === 'string' ? input.EventPattern : JSON.stringify(input.EventPattern);
  checkPatternLength(patternText);
  const event = parseTestEvent(input.Event);
  return explainCompiled(compilePattern(patternText), event);
}

export function explainCompiled(compiled: CompiledPattern, event: unknown): Explanation {
  const flat = flattenFor(compiled, event);
  const ctx: Ctx = { compiled, flat, event, eventMatches: matches(compiled, event) };
  const matched = matchedEntries(ctx, compiled.parsed.entries);
  if (ctx.eventMatches) return { Result: true, failures: [], matched };
  const failures = explainEntries(ctx, compiled.parsed.entries, '');
  if (failures.length === 0) {
    const paths = constrainedPaths(ctx, compiled.parsed.entries);
    const bare = { path: commonParent(paths), code: 'array-consistency' as const, expected: [], paths };
    failures.push(withAdvice(bare, event));
  }
  const proposed = proposeFixes(writtenPattern(compiled), failures, (fixed) => fixedMatches(compiled, fixed, event));
  const stringDetail = proposed.noFix !== undefined ? describeStringDetail(event) : undefined;
  if (stringDetail) proposed.noFix = `the event needs the fix, not the pattern: ${stringDetail.replace(/\.$/, '')}`;
  return {
    Result: false,
    failures: proposed.failures,
    matched,
    ...(proposed.fixedPattern !== undefined ? { fixedPattern: proposed.fixedPattern } : {}),
    ...(proposed.noFix !== undefined ? { noFix: proposed.noFix } : {}),
  };
}

/**
 * Only the leaves that hold, with the event values that satisfy them (`Explanation.matched`), without explaining
 * failures; `eventMatches`: the caller knows that the pattern matches the event.
 */
export function explainMatched(compiled: CompiledPattern, event: unknown, eventMatches = false): PatternMatch[] {
  return matchedEntries({ compiled, flat: flattenFor(compiled, event), event, eventMatches }, compiled.parsed.entries);
}

/**
 * A leaf holds on its own, or (in a pattern that matches) it is an `exists:false` leaf whose field is present
 * only in array elements other than those the other leaves matched in (event-ruler's array-consistent absence).
 */
function holds(ctx: Ctx, leaf: Leaf): boolean {
  return leafMatchesAlone(compiledLeaf(ctx, leaf), ctx.flat) || (ctx.eventMatches && leaf.absentMatches);
}

/** The pattern as written (JSON.parse keeps `__proto__` as an own key; fixes only read own keys). */
function writtenPattern(compiled: CompiledPattern): unknown {
  return JSON.parse(compiled.parsed.source);
}

/** Fixed patterns recur (one rule, many events with the same mistake): compile each once. */
const FIXED_CACHE_LIMIT = 2000;
const fixedCache = new Map<string, CompiledPattern | null>();

function fixedMatches(original: CompiledPattern, fixed: unknown, event: unknown): boolean {
  const text = JSON.stringify(fixed);
  const key = `${original.parsed.source}\u0000${text}`;
  let compiled = fixedCache.get(key);
  if (compiled === undefined) {
    try {
      compiled = text.length <= 4096 ? compilePattern(text) : null;
    } catch {
      compiled = null;
    }
    if (fixedCache.size >= FIXED_CACHE_LIMIT) fixedCache.clear();
    fixedCache.set(key, compiled);
  }
  return compiled !== null && matches(compiled, event);
}

/** The leaves that hold, with the values that satisfy them; for an `$or`, its first matching branch or else its nearest. */
function matchedEntries(ctx: Ctx, entries: TreeEntry[]): PatternMatch[] {
  const out: PatternMatch[] = [];
  for (const leaf of lastLeaves(entries).values()) {
    if (!holds(ctx, leaf)) continue;
    const values = ctx.flat.values[ctx.compiled.pathIds.get(leaf.path)!] ?? [];
    out.push({ path: leaf.path, expected: leaf.expected, actual: values.filter((v) => leaf.conditions.some((c) => c.test(v))) });
  }
  for (const e of entries) {
    if (e.kind !== 'or') continue;
    let best: TreeEntry[] | undefined;
    let fewest = Infinity;
    for (const branch of e.branches) {
      const failing = failingCount(ctx, branch);
      if (failing < fewest) {
        fewest = failing;
        best = branch;
      }
      if (failing === 0) break;
    }
    if (best) out.push(...matchedEntries(ctx, best));
  }
  return out;
}

function failingCount(ctx: Ctx, entries: TreeEntry[]): number {
  let n = 0;
  for (const leaf of lastLeaves(entries).values()) if (!holds(ctx, leaf)) n++;
  for (const e of entries) if (e.kind === 'or') n += Math.min(...e.branches.map((b) => failingCount(ctx, b)));
  return n;
}

/** The leaves of one level; a path written twice counts once (the last spelling), as in the engine. */
function lastLeaves(entries: TreeEntry[]): Map<string, Leaf> {
  const leaves = new Map<string, Leaf>();
  for (const e of entries) {
    if (e.kind !== 'leaf') continue;
    leaves.delete(e.leaf.path);
    leaves.set(e.leaf.path, e.leaf);
  }
  return leaves;
}

interface Ctx {
  compiled: CompiledPattern;
  flat: FlatEvent;
  event: unknown;
  /** The pattern matches the event (the matcher's own answer). */
  eventMatches: boolean;
}

function compiledLeaf(ctx: Ctx, leaf: Leaf) {
  return { leaf, pathId: ctx.compiled.pathIds.get(leaf.path)!, conditions: leaf.conditions, absentMatches: leaf.absentMatches };
}

function explainEntries(ctx: Ctx, entries: TreeEntry[], orPathPrefix: string): PatternFailure[] {
  const leaves = lastLeaves(entries);
  const ors = entries.filter((e): e is Extract<TreeEntry, { kind: 'or' }> => e.kind === 'or');
  const failures: PatternFailure[] = [];
  for (const leaf of leaves.values()) {
    if (!leafMatchesAlone(compiledLeaf(ctx, leaf), ctx.flat)) failures.push(leafFailure(ctx, leaf));
  }
  for (const or of ors) {
    const branches = or.branches.map((b, index) => ({ index, failures: explainEntries(ctx, b, or.path) }));
    if (branches.some((b) => b.failures.length === 0)) continue;
    branches.sort((a, b) => a.failures.length - b.failures.length || a.index - b.index);
    const bare = { path: or.path || orPathPrefix.slice(0, 0), code: 'no-branch-matched' as const, expected: [], branches };
    failures.push(withAdvice(bare, ctx.event));
  }
  return failures;
}

function withAdvice(bare: Omit<PatternFailure, 'hint' | 'fix'>, event: unknown): PatternFailure {
  const advice = adviseFailure(bare, { event });
  const out: PatternFailure = { ...bare, hint: advice.hint };
  // An $or is fixed through its branches' own fixes (see applyFixes).
  if (advice.fix && bare.code !== 'no-branch-matched') {
    out.fix = advice.fix.path !== bare.path && advice.fix.replaces === undefined ? { ...advice.fix, replaces: bare.path } : advice.fix;
  }
  return out;
}

function isObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function leafFailure(ctx: Ctx, leaf: Leaf): PatternFailure {
  const id = ctx.compiled.pathIds.get(leaf.path)!;
  const values = ctx.flat.values[id] ?? [];
  let bare: Omit<PatternFailure, 'hint' | 'fix'>;
  if (values.length === 0) {
    const objects = rawValuesAt(ctx.event, leaf.segments).filter(isObject);
    bare = objects.length > 0
      ? { path: leaf.path, code: 'object-value', expected: leaf.expected, actual: objects }
      : { path: leaf.path, code: 'missing-field', expected: leaf.expected };
  } else {
    bare = { path: leaf.path, code: classify(leaf.conditions, values), expected: leaf.expected, actual: [...values] };
  }
  return withAdvice(bare, ctx.event);
}

/** Why present values fail: a type problem, a case problem, or simply another value. */
export function classify(conditions: Condition[], values: Scalar[]): FailureCode {
  if (conditions.some((c) => values.some((v) => matchesCoerced(c, v)))) return 'type-mismatch';
  if (conditions.some((c) => values.some((v) => matchesIgnoringCase(c, v)))) return 'case-mismatch';
  return 'value-mismatch';
}

function numberFromString(v: string): number | undefined {
  if (v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** The text of an `{"exactly": s}` condition (event-ruler's exact-match operator), else undefined. */
function exactlyText(c: Condition): string | undefined {
  if (!isObject(c.written)) return undefined;
  const text = (c.written as Record<string, unknown>).exactly;
  return typeof text === 'string' ? text : undefined;
}

function matchesCoerced(c: Condition, v: Scalar): boolean {
  switch (c.kind) {
    case 'exact': {
      const w = exactlyText(c) ?? c.written;
      if (typeof w === 'string') return typeof v !== 'string' && String(v) === w;
      if (typeof w === 'number') return typeof v === 'string' ? numberFromString(v) === w : false;
      return typeof v === 'string' && v === String(w);
    }
    case 'numeric': {
      if (typeof v !== 'string') return false;
      const n = numberFromString(v);
      return n !== undefined && c.test(n);
    }
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
    case 'wildcard':
    case 'cidr':
      return typeof v !== 'string' && v !== null && c.test(String(v));
    default:
      return false;
  }
}

function matchesIgnoringCase(c: Condition, v: Scalar): boolean {
  if (typeof v !== 'string') return false;
  const lower = v.toLowerCase();
  const w = c.written as Record<string, unknown>;
  switch (c.kind) {
    case 'exact': {
      const s = typeof c.written === 'string' ? c.written : exactlyText(c);
      return s !== undefined && s.toLowerCase() === lower;
    }
    case 'prefix':
      return typeof w.prefix === 'string' && lower.startsWith(w.prefix.toLowerCase());
    case 'suffix':
      return typeof w.suffix === 'string' && lower.endsWith(w.suffix.toLowerCase());
    case 'wildcard':
      return typeof w.wildcard === 'string' && wildcardTester(w.wildcard.toLowerCase())(lower);
    default:
      return false;
  }
}

function constrainedPaths(ctx: Ctx, entries: TreeEntry[]): string[] {
  const out = new Set<string>();
  const walk = (list: TreeEntry[]): void => {
    for (const e of list) {
      if (e.kind === 'or') {
        e.branches.forEach(walk);
        continue;
      }
      const id = ctx.compiled.pathIds.get(e.leaf.path)!;
      const values = ctx.flat.values[id];
      const mems = ctx.flat.memberships[id];
      if (!values || !mems) continue;
      if (values.some((v, i) => mems[i] !== null && e.leaf.conditions.some((c) => c.test(v)))) out.add(e.leaf.path);
    }
  };
  walk(entries);
  return [...out];
}

function commonParent(paths: string[]): string {
  if (paths.length === 0) return '';
  let common = paths[0]!.split('.').slice(0, -1);
  for (const p of paths.slice(1)) {
    const segs = p.split('.');
    let i = 0;
    while (i < common.length && common[i] === segs[i]) i++;
    common = common.slice(0, i);
  }
  return common.join('.');
}
