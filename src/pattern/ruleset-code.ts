/**
 * Turns a rule-set plan into straight-line JavaScript, compiled once per
 * rule set (as ajv does for JSON schemas): every leaf and every branch
 * becomes a small function of its own, with the pattern's literals inlined
 * where the engine's test is a plain comparison (exact strings, case-
 * sensitive prefix and suffix, one-star wildcards) and the engine's own
 * condition test called otherwise. V8 then optimises each of them for the
 * one shape of work it does, which an interpreter over the plan's tables
 * cannot offer. The generated code only reads the plan: which branches an
 * event's anchors select, and in which order leaves are tried, are exactly
 * the plan's, so the results are the interpreter's by construction
 * (test/pattern/ruleset.test.ts and the property tests hold it to that).
 *
 * Only values produced here reach the source: numbers, and strings through
 * JSON.stringify. Patterns never become code.
 */
import type { Scalar } from './conditions.js';
import type { EventValues } from './event-values.js';
import { prefixTester } from './literal-regex.js';
import type { ExactIndex, RuleSetPlan } from './ruleset-plan.js';

/** Decides the branches of one event; returns how many rules it wrote to `hits` (in no particular order). */
export type RuleSetEvaluator = (values: EventValues, event: object, hits: Int32Array) => number;

export interface RuntimeHelpers {
  /** Branches whose exact anchor at this index equals the value (the plan's lookup). */
  lookup(index: ExactIndex, value: Scalar): ArrayLike<number> | undefined;
  /** The engine's exact array-consistency check for a branch whose leaves all hold. */
  consistent(branch: number, values: EventValues, event: object): boolean;
}

/** Above this many exact strings a leaf tests membership with a Set instead of a chain of `===`. */
const MAX_INLINE_EXACT = 8;
/** Up to this many exact strings at an anchor path are found by a switch on their length instead of a table lookup. */
const MAX_SWITCHED_STRINGS = 64;
/** Branches started by one evaluated anchor per generated function (keeps each function small enough to optimise). */
const CHUNK = 32;

/**
 * Rule sets up to this many branches, and leaf uses, get one function with
 * every branch inlined. Beyond about 300 branches V8 no longer optimises
 * that function and one function per leaf and branch is faster
 * (measured with the benchmark's rule sets).
 */
const MAX_INLINED_BRANCHES = 256;
const MAX_INLINED_LEAF_USES = 1024;

export function compileEvaluator(plan: RuleSetPlan, ruleCount: number, helpers: RuntimeHelpers): RuleSetEvaluator {
  const small = plan.branchCount <= MAX_INLINED_BRANCHES && plan.restLeaves.length + plan.anchorLeaves.length <= MAX_INLINED_LEAF_USES;
  return small ? compileInlineEvaluator(plan, ruleCount, helpers) : compileSplitEvaluator(plan, ruleCount, helpers);
}

/**
 * Small rule sets: one function per event with leaf results in locals and
 * every branch written out where its anchor selects it; leaves are small
 * functions V8 inlines. Hits come out in rule order.
 */
function compileInlineEvaluator(plan: RuleSetPlan, ruleCount: number, helpers: RuntimeHelpers): RuleSetEvaluator {
  const constants: unknown[] = [];
  const constant = (value: unknown): string => {
    constants.push(value);
    return `C[${constants.length - 1}]`;
  };
  const out: string[] = ['"use strict";', 'let F = null, M = null;'];
  for (let c = 0; c < plan.conditionTests.length; c++) out.push(`const t${c} = T[${c}];`);
  for (let l = 0; l < plan.leafCount; l++) {
    const pathId = plan.leafPath[l]!;
    const test = valueTest(plan, l, constant);
    const absent = plan.leafAbsentMatches[l] === 1 ? 'true' : 'false';
    out.push(`function L${l}() {
  const v = F[${pathId}];
  if (v === undefined) return ${absent} ? 2 : 1;
  if (${test}) return 2;
  if (M !== null && M[${pathId}] !== undefined) for (const v of M[${pathId}]) if (${test}) return 2;
  return 1;
}`);
  }
  const leaf = (l: number): string => `(l${l} === 0 ? (l${l} = L${l}()) : l${l}) === 2`;
  const branch = (b: number): string => {
    const r = plan.branchRule[b]!;
    const tests = [`!h${r}`];
    for (let q = plan.restStart[b]!; q < plan.restStart[b + 1]!; q++) tests.push(leaf(plan.restLeaves[q]!));
    if (plan.branchPaths[b]!.length >= 2) tests.push(`(!checkArrays || consistent(${b}, values, event))`);
    return `if (${tests.join(' && ')}) h${r} = true;`;
  };
  const body: string[] = [];
  body.push('F = values.first; M = values.more;');
  body.push('const checkArrays = values.arrayPathCount >= 2;');
  if (plan.leafCount > 0) body.push(`let ${Array.from({ length: plan.leafCount }, (_, l) => `l${l} = 0`).join(', ')};`);
  if (ruleCount > 0) body.push(`let ${Array.from({ length: ruleCount }, (_, r) => `h${r} = false`).join(', ')};`);
  for (const p of plan.anchorPaths) {
    const index = plan.exactIndex[p]!;
    const selected = (list: number[]): string => list.map(branch).join(' ');
    const all = [...new Set([...(index.strings?.entries.values() ?? [])].flat().concat(
      [...(index.numbers?.values() ?? []), ...(index.ips?.values() ?? [])].flat(), index.trueBranches ?? [], index.falseBranches ?? [], index.nullBranches ?? []))];
    const anchorBody = exactAnchorBody(index, constant, selected).replace(
      'for (let t = 0; t < list.length; t++) BF[list[t]]();',
      `for (let t = 0; t < list.length; t++) switch (list[t]) { ${all.map((b) => `case ${b}: ${branch(b)} break;`).join(' ')} }`,
    );
    body.push(`{
    let v = F[${p}];
    if (v !== undefined) {
      const more = M === null ? undefined : M[${p}];
      for (let j = 0; ; j++) {
        ${anchorBody}
        if (more === undefined || j >= more.length) break;
        v = more[j];
      }
    }
  }`);
  }
  for (let k = 0; k < plan.anchorLeaves.length; k++) {
    body.push(`if (${leaf(plan.anchorLeaves[k]!)}) { ${[...plan.anchorLeafBranches[k]!].map(branch).join(' ')} }`);
  }
  body.push('let HC = 0;');
  for (let r = 0; r < ruleCount; r++) body.push(`if (h${r}) hits[HC++] = ${r};`);
  body.push('F = null; M = null;');
  body.push('return HC;');
  out.push(`return function evaluate(values, event, hits) {\n  ${body.join('\n  ')}\n};`);
  const factory = new Function('T', 'C', 'lookup', 'consistent', out.join('\n')) as (
    tests: RuleSetPlan['conditionTests'],
    constants: unknown[],
    lookup: RuntimeHelpers['lookup'],
    consistent: RuntimeHelpers['consistent'],
  ) => RuleSetEvaluator;
  return factory(plan.conditionTests, constants, helpers.lookup, helpers.consistent);
}

/** Large rule sets: a function per leaf and per branch, leaf results in a table stamped per event. */
function compileSplitEvaluator(plan: RuleSetPlan, ruleCount: number, helpers: RuntimeHelpers): RuleSetEvaluator {
  const constants: unknown[] = [];
  const constant = (value: unknown): string => {
    constants.push(value);
    return `C[${constants.length - 1}]`;
  };
  const out: string[] = [];
  out.push('"use strict";');
  out.push(`const LS = new Int32Array(${plan.leafCount}), RS = new Int32Array(${ruleCount});`);
  out.push('let epoch = 0, no = 0, yes = 0, V = null, F = null, M = null, EV = null, checkArrays = false, H = null, HC = 0;');

  for (let c = 0; c < plan.conditionTests.length; c++) out.push(`const t${c} = T[${c}];`);
  for (let l = 0; l < plan.leafCount; l++) out.push(leafFunction(plan, l, constant));
  for (let b = 0; b < plan.branchCount; b++) out.push(branchFunction(plan, b));
  out.push(`const BF = [${Array.from({ length: plan.branchCount }, (_, b) => `B${b}`).join(', ')}];`);

  const calls = (list: number[]): string => list.map((b) => `B${b}();`).join(' ');
  for (const p of plan.anchorPaths) out.push(`function E${p}(v) {\n  ${exactAnchorBody(plan.exactIndex[p]!, constant, calls)}\n}`);
  const anchorCalls: string[] = [];
  for (let k = 0; k < plan.anchorLeaves.length; k++) {
    const leaf = plan.anchorLeaves[k]!;
    const branches = [...plan.anchorLeafBranches[k]!];
    for (let from = 0; from < branches.length; from += CHUNK) {
      const name = `A${k}_${from}`;
      const calls = branches.slice(from, from + CHUNK).map((b) => `B${b}();`).join(' ');
      out.push(`function ${name}() { if (${leafCall(leaf)}) { ${calls} } }`);
      anchorCalls.push(`${name}();`);
    }
  }

  out.push(`return function evaluate(values, event, hits) {
  if (++epoch === 0x3fffffff) { LS.fill(0); RS.fill(0); epoch = 1; }
  no = epoch * 2; yes = no + 1;
  V = values; F = values.first; M = values.more; EV = event; checkArrays = values.arrayPathCount >= 2; H = hits; HC = 0;
${[...plan.anchorPaths].map((p) => `  { const v = F[${p}]; if (v !== undefined) { E${p}(v); if (M !== null && M[${p}] !== undefined) for (const w of M[${p}]) E${p}(w); } }`).join('\n')}
  ${anchorCalls.join('\n  ')}
  EV = null; V = null; F = null; M = null;
  return HC;
};`);
  const factory = new Function('T', 'C', 'lookup', 'consistent', out.join('\n')) as (
    tests: RuleSetPlan['conditionTests'],
    constants: unknown[],
    lookup: RuntimeHelpers['lookup'],
    consistent: RuntimeHelpers['consistent'],
  ) => RuleSetEvaluator;
  return factory(plan.conditionTests, constants, helpers.lookup, helpers.consistent);
}

/** A leaf's memoised result for this event: `yes`/`no` in LS, else computed. */
function leafCall(leaf: number): string {
  return `(LS[${leaf}] === yes || (LS[${leaf}] !== no && L${leaf}()))`;
}

/**
 * The branches anchored on exact values at a path, for each of the event's
 * values there. Few strings: a switch on the length, then `===` and direct
 * calls; many strings, and every other type of value: the plan's lookup.
 */
function exactAnchorBody(index: ExactIndex, constant: (value: unknown) => string, branches: (list: number[]) => string): string {
  const generic = `{ const list = lookup(${constant(index)}, v); if (list !== undefined) for (let t = 0; t < list.length; t++) BF[list[t]](); }`;
  const strings = index.strings?.entries;
  let body: string;
  if (strings === undefined || strings.size > MAX_SWITCHED_STRINGS || index.ips !== null) body = generic;
  else {
    const byLength = new Map<number, string[]>();
    for (const [text, list] of strings) {
      const test = `if (v === ${JSON.stringify(text)}) { ${branches(list)} }`;
      byLength.set(text.length, [...(byLength.get(text.length) ?? []), test]);
    }
    const cases = [...byLength].map(([length, tests]) => `case ${length}: ${tests.join(' else ')} break;`).join('\n      ');
    const others = index.numbers === null && index.trueBranches === null && index.falseBranches === null && index.nullBranches === null
      ? '' : ` else ${generic}`;
    body = `if (typeof v === "string") {
      switch (v.length) {
      ${cases}
      }
    }${others}`;
  }
  return body;
}

function branchFunction(plan: RuleSetPlan, b: number): string {
  const rule = plan.branchRule[b]!;
  const rest: string[] = [];
  for (let q = plan.restStart[b]!; q < plan.restStart[b + 1]!; q++) rest.push(leafCall(plan.restLeaves[q]!));
  const checks = rest.length === 0 ? '' : `if (!(${rest.join(' && ')})) return; `;
  const arrays = plan.branchPaths[b]!.length >= 2 ? `if (checkArrays && !consistent(${b}, V, EV)) return; ` : '';
  return `function B${b}() { if (RS[${rule}] === epoch) return; ${checks}${arrays}RS[${rule}] = epoch; H[HC++] = ${rule}; }`;
}

function leafFunction(plan: RuleSetPlan, l: number, constant: (value: unknown) => string): string {
  const pathId = plan.leafPath[l]!;
  const test = valueTest(plan, l, constant);
  const absent = plan.leafAbsentMatches[l] === 1 ? 'true' : 'false';
  return `function L${l}() {
  let ok = false;
  const v = F[${pathId}];
  if (v === undefined) ok = ${absent};
  else if (${test}) ok = true;
  else if (M !== null && M[${pathId}] !== undefined) for (const v of M[${pathId}]) if (${test}) { ok = true; break; }
  LS[${l}] = ok ? yes : no;
  return ok;
}`;
}

/** JavaScript for "some condition of leaf l holds for value `v`", cheapest first as the plan orders them. */
function valueTest(plan: RuleSetPlan, l: number, constant: (value: unknown) => string): string {
  const conditions = [...plan.conditionList.subarray(plan.conditionStart[l]!, plan.conditionStart[l + 1]!)];
  const exactStrings: string[] = [];
  const others: string[] = [];
  for (const c of conditions) {
    const literal = plan.conditionExactString[c];
    if (literal !== undefined) exactStrings.push(literal);
    else others.push(conditionTest(plan, c, constant));
  }
  const parts: string[] = [];
  if (exactStrings.length > MAX_INLINE_EXACT) parts.push(`${constant(new Set(exactStrings))}.has(v)`);
  else parts.push(...exactStrings.map((s) => `v === ${JSON.stringify(s)}`));
  parts.push(...others);
  return parts.length === 0 ? 'false' : parts.map((p) => `(${p})`).join(' || ');
}

function conditionTest(plan: RuleSetPlan, c: number, constant: (value: unknown) => string): string {
  const wildcard = plan.conditionWildcard[c];
  if (wildcard !== undefined) {
    const { head, tail } = wildcard;
    const startsWithHead = constant(prefixTester(head));
    return `typeof v === "string" && v.length >= ${head.length + tail.length} && ${startsWithHead}(v) && v.endsWith(${JSON.stringify(tail)})`;
  }
  const prefix = plan.conditionPrefix[c];
  if (prefix !== undefined) return `typeof v === "string" && ${constant(prefixTester(prefix))}(v)`;
  const suffix = plan.conditionSuffix[c];
  if (suffix !== undefined) return `typeof v === "string" && v.endsWith(${JSON.stringify(suffix)})`;
  return `t${c}(v)`;
}
