/**
 * Turns a rule-set plan into JavaScript, compiled once per rule set (as ajv
 * does for JSON schemas), with the pattern's literals inlined where the
 * engine's test is a plain comparison (exact strings, case-sensitive prefix
 * and suffix, one-star wildcards) and the engine's own condition test called
 * otherwise. The code only follows the plan: which branches an event's
 * anchors select, and the order in which leaves are tried, are the plan's,
 * so results are the engine's (test/pattern/ruleset.test.ts and the property
 * tests hold it to that).
 *
 * Two shapes, by size:
 * - small rule sets: one function; leaf results in locals, every branch
 *   written out where its anchor selects it;
 * - large ones: the branches an anchor selects together (one exact value,
 *   or one evaluated leaf) form a group, checked by one loop over the plan's
 *   tables that calls the generated leaf functions; leaf results live in a
 *   table stamped per event.
 *
 * Only values produced here reach the source: numbers, and strings through
 * JSON.stringify. Patterns never become code.
 */
import type { EventValues } from './event-values.js';
import { ipKey, parseIp } from './ip.js';
import type { Exclusion } from './conditions.js';
import { prefixTester } from './literal-regex.js';
import type { ExactIndex, RuleSetPlan } from './ruleset-plan.js';
import { StringTable } from './string-table.js';

/** Decides the branches of one event; returns how many rules it wrote to `hits` (in no particular order). */
export type RuleSetEvaluator = (values: EventValues, event: object, hits: Int32Array) => number;

/** The engine's exact array-consistency check for a branch whose leaves all hold. */
export type ConsistencyCheck = (branch: number, values: EventValues, event: object) => boolean;

/** Above this many exact strings a leaf tests membership with a Set instead of a chain of `===`. */
const MAX_INLINE_EXACT = 8;
/** Up to this many exact strings at an anchor path are found by a switch on their length instead of a table lookup. */
const MAX_SWITCHED_STRINGS = 64;
/**
 * Rule sets up to this many branches, and leaf uses, get the single
 * function; from about 300 branches on it is slower than the group loop
 * (measured with the benchmark's rule sets: 20–300 rules faster in one
 * function, 400 and more faster in groups).
 */
const MAX_INLINED_BRANCHES = 256;
const MAX_INLINED_LEAF_USES = 1024;

interface Emitter {
  /** Code that evaluates these branches, for the event's current values. */
  run(branches: ArrayLike<number>): string;
  /** Code that runs group `g` (an expression for the id) out of `groups` (the ones that expression can yield). */
  runGroup(g: string, groups: number[]): string;
}

export function compileEvaluator(plan: RuleSetPlan, ruleCount: number, consistent: ConsistencyCheck): RuleSetEvaluator {
  const small = plan.branchCount <= MAX_INLINED_BRANCHES && plan.restLeaves.length + plan.anchorLeaves.length <= MAX_INLINED_LEAF_USES;
  const code = new CodeBuilder(plan);
  const source = small ? singleFunction(plan, ruleCount, code) : groupLoop(plan, ruleCount, code);
  const factory = new Function('T', 'C', 'consistent', 'parseIp', 'ipKey', source) as (
    tests: RuleSetPlan['conditionTests'],
    constants: unknown[],
    check: ConsistencyCheck,
    ip: typeof parseIp,
    key: typeof ipKey,
  ) => RuleSetEvaluator;
  return factory(plan.conditionTests, code.constants, consistent, parseIp, ipKey);
}

/** What a condition's test can be written as inline (see the plan's condition tables). */
export interface InlineCondition {
  wildcard?: { head: string; tail: string } | undefined;
  prefix?: string | undefined;
  suffix?: string | undefined;
  exclusion?: Exclusion | undefined;
}

/**
 * JavaScript for "the condition holds for `v`" with its literal inlined;
 * `constant` names a value the code may refer to, `startsWith` writes "the
 * string v starts with this". Undefined when only the condition's own test
 * can say.
 */
export function inlineConditionTest(
  c: InlineCondition,
  constant: (value: unknown) => string,
  startsWith: (prefix: string) => string = (prefix) => `${constant(prefixTester(prefix))}(v)`,
): string | undefined {
  if (c.wildcard !== undefined) {
    const { head, tail } = c.wildcard;
    return `typeof v === "string" && v.length >= ${head.length + tail.length} && ${startsWith(head)} && v.endsWith(${JSON.stringify(tail)})`;
  }
  if (c.prefix !== undefined) return `typeof v === "string" && ${startsWith(c.prefix)}`;
  if (c.suffix !== undefined) return `typeof v === "string" && v.endsWith(${JSON.stringify(c.suffix)})`;
  if (c.exclusion !== undefined) {
    const excluded = excludedTest(c.exclusion, constant);
    if (excluded !== undefined && excluded !== '') return `!(typeof v === "string" && (${excluded}))`;
  }
  return undefined;
}

/** JavaScript for "v equals one of `exactStrings`, or one of the `others` tests holds". */
export function anyConditionTest(exactStrings: readonly string[], others: readonly string[], constant: (value: unknown) => string): string {
  const parts = exactStrings.length > MAX_INLINE_EXACT ? [`${constant(new Set(exactStrings))}.has(v)`] : exactStrings.map((s) => `v === ${JSON.stringify(s)}`);
  parts.push(...others);
  return parts.length === 0 ? 'false' : parts.map((p) => `(${p})`).join(' || ');
}

/** For string exclusions, JavaScript for "the string `v` is excluded". */
function excludedTest(exclusion: Exclusion, constant: (value: unknown) => string): string | undefined {
  switch (exclusion.type) {
    case 'strings':
      return exclusion.values.size > MAX_INLINE_EXACT ? `${constant(exclusion.values)}.has(v)` : [...exclusion.values].map((s) => `v === ${JSON.stringify(s)}`).join(' || ');
    case 'prefix':
      return exclusion.values.map((p) => `${constant(prefixTester(p))}(v)`).join(' || ');
    case 'suffix':
      return exclusion.values.map((s) => `v.endsWith(${JSON.stringify(s)})`).join(' || ');
    default:
      return undefined;
  }
}

/** Constants the generated code refers to (`C[i]`), and the branch lists the anchors select (groups). */
class CodeBuilder {
  readonly constants: unknown[] = [];
  readonly groups: number[][] = [];
  private readonly groupIds = new Map<ArrayLike<number>, number>();

  constructor(readonly plan: RuleSetPlan) {}

  constant(value: unknown): string {
    this.constants.push(value);
    return `C[${this.constants.length - 1}]`;
  }

  group(branches: ArrayLike<number>): number {
    let id = this.groupIds.get(branches);
    if (id === undefined) {
      id = this.groups.length;
      this.groupIds.set(branches, id);
      this.groups.push(Array.from(branches));
    }
    return id;
  }

  /** The condition tests as constants, and `function L<l>()`: 2 when leaf l holds for the event's values, else 1. */
  leafFunctions(): string[] {
    const { plan } = this;
    const out: string[] = plan.conditionTests.map((_, c) => `const t${c} = T[${c}];`);
    for (let l = 0; l < plan.leafCount; l++) {
      const pathId = plan.leafPath[l]!;
      const test = this.valueTest(l);
      const absent = plan.leafAbsentMatches[l] === 1 ? 2 : 1;
      const otherwise = plan.leafAbsentInArrays[l] === 1 ? `V.inArray(${pathId}) ? 2 : 1` : '1';
      out.push(`function L${l}() {
  const v = F[${pathId}];
  if (v === undefined) return ${absent};
  if (${test}) return 2;
  if (M !== null && M[${pathId}] !== undefined) for (const v of M[${pathId}]) if (${test}) return 2;
  return ${otherwise};
}`);
    }
    return out;
  }

  /** JavaScript for "some condition of leaf l holds for value `v`", cheapest first as the plan orders them. */
  private valueTest(l: number): string {
    const { plan } = this;
    const exactStrings: string[] = [];
    const others: string[] = [];
    for (const c of plan.conditionList.subarray(plan.conditionStart[l]!, plan.conditionStart[l + 1]!)) {
      const literal = plan.conditionExactString[c];
      if (literal !== undefined) exactStrings.push(literal);
      else others.push(this.conditionTest(c));
    }
    return anyConditionTest(exactStrings, others, (value) => this.constant(value));
  }

  private conditionTest(c: number): string {
    const { plan } = this;
    const inline = { wildcard: plan.conditionWildcard[c], prefix: plan.conditionPrefix[c], suffix: plan.conditionSuffix[c], exclusion: plan.conditionExclusion[c] };
    return inlineConditionTest(inline, (value) => this.constant(value)) ?? `t${c}(v)`;
  }

  /**
   * For each of the event's values at an anchor path (first, then more),
   * the branches anchored on that value. Few strings: a switch on the
   * length, then `===`; many strings, IP addresses and other types: tables
   * of group ids.
   */
  exactAnchor(pathId: number, index: ExactIndex, emit: Emitter): string {
    const parts: string[] = [];
    const strings = index.strings?.entries;
    if (strings !== undefined && strings.size <= MAX_SWITCHED_STRINGS) {
      const byLength = new Map<number, string[]>();
      for (const [text, branches] of strings) {
        const test = `if (v === ${JSON.stringify(text)}) { ${emit.run(branches)} }`;
        byLength.set(text.length, [...(byLength.get(text.length) ?? []), test]);
      }
      const cases = [...byLength].map(([length, tests]) => `case ${length}: ${tests.join(' else ')} break;`);
      parts.push(`if (typeof v === "string") switch (v.length) { ${cases.join(' ')} }`);
    } else if (strings !== undefined) {
      const ids = this.groupIdsOf(strings);
      parts.push(`if (typeof v === "string") ${this.tableLookup(new StringTable(ids), ids, 'v', emit)}`);
    }
    if (index.ips !== null) {
      const ids = this.groupIdsOf(index.ips);
      parts.push(`if (typeof v === "string") { const ip = parseIp(v); if (ip !== undefined) ${this.tableLookup(ids, ids, 'ipKey(ip)', emit)} }`);
    }
    if (index.numbers !== null) {
      const ids = this.groupIdsOf(index.numbers);
      parts.push(`if (typeof v === "number") ${this.tableLookup(ids, ids, 'v', emit)}`);
    }
    if (index.trueBranches !== null) parts.push(`if (v === true) { ${emit.run(index.trueBranches)} }`);
    if (index.falseBranches !== null) parts.push(`if (v === false) { ${emit.run(index.falseBranches)} }`);
    if (index.nullBranches !== null) parts.push(`if (v === null) { ${emit.run(index.nullBranches)} }`);
    return `{
    let v = F[${pathId}];
    if (v !== undefined) {
      const more = M === null ? undefined : M[${pathId}];
      for (let j = 0; ; j++) {
        ${parts.join('\n        ')}
        if (more === undefined || j >= more.length) break;
        v = more[j];
      }
    }
  }`;
  }

  private groupIdsOf<K>(map: ReadonlyMap<K, number[]>): Map<K, number> {
    return new Map([...map].map(([key, branches]) => [key, this.group(branches)]));
  }

  /** `table.get(key)` → a group id (one of `ids`' values) to run. */
  private tableLookup<K>(table: { get(key: K): number | undefined }, ids: ReadonlyMap<K, number>, key: string, emit: Emitter): string {
    return `{ const g = ${this.constant(table)}.get(${key}); if (g !== undefined) ${emit.runGroup('g', [...new Set(ids.values())])} }`;
  }

  /** `if (!<rule hit> && <rest leaves> && <array consistency>)`: the condition under which branch b matches. */
  branchCondition(b: number, ruleHit: string, leaf: (l: number) => string, valuesName: string, eventName: string): string {
    const { plan } = this;
    const tests = [`!${ruleHit}`];
    for (let q = plan.restStart[b]!; q < plan.restStart[b + 1]!; q++) tests.push(leaf(plan.restLeaves[q]!));
    if (plan.branchOrdered[b] === 1) tests.push(`consistent(${b}, ${valuesName}, ${eventName})`);
    else if (plan.branchPaths[b]!.length >= 2) tests.push(`(!checkArrays || consistent(${b}, ${valuesName}, ${eventName}))`);
    return tests.join(' && ');
  }
}

/** Small rule sets: everything in `evaluate`; hits come out in rule order. */
function singleFunction(plan: RuleSetPlan, ruleCount: number, code: CodeBuilder): string {
  const leaf = (l: number): string => `(l${l} === 0 ? (l${l} = L${l}()) : l${l}) === 2`;
  const run = (branches: ArrayLike<number>): string =>
    Array.from(branches, (b) => `if (${code.branchCondition(b, `h${plan.branchRule[b]!}`, leaf, 'values', 'event')}) h${plan.branchRule[b]!} = true;`).join(' ');
  const emit: Emitter = {
    run,
    runGroup: (g, groups) => `switch (${g}) { ${groups.map((id) => `case ${id}: ${run(code.groups[id]!)} break;`).join(' ')} }`,
  };
  const body: string[] = ['F = values.first; M = values.more; V = values;', 'const checkArrays = values.arrayPathCount >= 2;'];
  if (plan.leafCount > 0) body.push(`let ${Array.from({ length: plan.leafCount }, (_, l) => `l${l} = 0`).join(', ')};`);
  if (ruleCount > 0) body.push(`let ${Array.from({ length: ruleCount }, (_, r) => `h${r} = false`).join(', ')};`);
  for (const p of plan.anchorPaths) body.push(code.exactAnchor(p, plan.exactIndex[p]!, emit));
  for (let k = 0; k < plan.anchorLeaves.length; k++) body.push(`if (${leaf(plan.anchorLeaves[k]!)}) { ${run(plan.anchorLeafBranches[k]!)} }`);
  body.push('let HC = 0;');
  for (let r = 0; r < ruleCount; r++) body.push(`if (h${r}) hits[HC++] = ${r};`);
  body.push('F = null; M = null; V = null;', 'return HC;');
  return ['"use strict";', 'let F = null, M = null, V = null;', ...code.leafFunctions(), `return function evaluate(values, event, hits) {\n  ${body.join('\n  ')}\n};`].join('\n');
}

/**
 * Large rule sets: the branches an anchor selects together (a group) are
 * checked by one loop over the plan's tables, calling the generated leaf
 * functions; leaf results in LS, rule hits in RS, stamped per event. (A
 * function per group was slower beyond a few thousand rules: most of them
 * ran too rarely to be optimised.)
 */
function groupLoop(plan: RuleSetPlan, ruleCount: number, code: CodeBuilder): string {
  const leaf = (l: number): string => `(LS[${l}] === yes || (LS[${l}] !== no && leafHolds(${l}, L${l}())))`;
  const emit: Emitter = {
    run: (branches) => `run(G[${code.group(branches)}]);`,
    runGroup: (g) => `run(G[${g}]);`,
  };
  const body: string[] = [];
  for (const p of plan.anchorPaths) body.push(code.exactAnchor(p, plan.exactIndex[p]!, emit));
  for (let k = 0; k < plan.anchorLeaves.length; k++) body.push(`if (${leaf(plan.anchorLeaves[k]!)}) run(G[${code.group(plan.anchorLeafBranches[k]!)}]);`);
  // 2: always checked (absence under arrays); 1: checked when two paths took values from arrays.
  const arrayChecked = Uint8Array.from(plan.branchPaths, (paths, b) => (plan.branchOrdered[b] === 1 ? 2 : paths.length >= 2 ? 1 : 0));
  return [
    '"use strict";',
    `const LS = new Int32Array(${plan.leafCount}), RS = new Int32Array(${ruleCount});`,
    `const G = ${code.constant(code.groups.map((g) => Int32Array.from(g)))}, BR = ${code.constant(plan.branchRule)}, RST = ${code.constant(plan.restStart)}, RL = ${code.constant(plan.restLeaves)}, AC = ${code.constant(arrayChecked)};`,
    'let epoch = 0, no = 0, yes = 0, V = null, F = null, M = null, EV = null, checkArrays = false, H = null, HC = 0;',
    'function leafHolds(l, result) { LS[l] = result === 2 ? yes : no; return result === 2; }',
    ...code.leafFunctions(),
    `const LF = [${Array.from({ length: plan.leafCount }, (_, l) => `L${l}`).join(', ')}];`,
    `function run(branches) {
  for (let i = 0; i < branches.length; i++) {
    const b = branches[i], r = BR[b];
    if (RS[r] === epoch) continue;
    let ok = true;
    for (let q = RST[b], end = RST[b + 1]; q < end; q++) {
      const l = RL[q], s = LS[l];
      if (s === yes) continue;
      if (s === no || !leafHolds(l, LF[l]())) { ok = false; break; }
    }
    if (!ok || (AC[b] !== 0 && (checkArrays || AC[b] === 2) && !consistent(b, V, EV))) continue;
    RS[r] = epoch;
    H[HC++] = r;
  }
}`,
    `return function evaluate(values, event, hits) {
  if (++epoch === 0x3fffffff) { LS.fill(0); RS.fill(0); epoch = 1; }
  no = epoch * 2; yes = no + 1;
  V = values; F = values.first; M = values.more; EV = event; checkArrays = values.arrayPathCount >= 2; H = hits; HC = 0;
  ${body.join('\n  ')}
  EV = null; V = null; F = null; M = null; H = null;
  return HC;
};`,
  ].join('\n');
}
