/**
 * Generated code that decides many leaves on one event's gathered values at
 * once, with literals inlined as the rule set's evaluator does (see
 * ruleset-code.ts): for callers that need every leaf's result, not only the
 * rules that match (the main job's miss classes).
 */
import type { Condition, Scalar } from './conditions.js';
import type { EventValues } from './event-values.js';
import { parseIp } from './ip.js';
import { anyConditionTest, inlineConditionTest } from './ruleset-code.js';
import { prefixTester } from './literal-regex.js';
import { cidrTest, exactStringOf, inlineFormOf, lastResultMemo } from './ruleset-plan.js';

export interface ProbedLeaf {
  pathId: number;
  conditions: readonly Condition[];
  /**
   * For a failure on one string: whether more than a plain mismatch could
   * be wrong (a type or case problem). When false the probe says
   * PROBE_FAILS_PLAIN; `lowerLiterals`: it is false for every lower-case string.
   */
  maybeTypeOrCase?: (value: string) => boolean;
  lowerLiterals?: boolean;
  /** The leaf holds when its path has no value (`exists: false`, `anything-but`...). */
  absentMatches?: boolean;
}

/** Per leaf k, into out[k]: PROBE_HOLDS when it holds, else why not (PROBE_ABSENT, PROBE_OBJECT or a PROBE_FAILS code). */
export type LeafProbe = (values: EventValues, out: Uint8Array) => void;

/** Its path has no value (and the leaf needs one). */
export const PROBE_ABSENT = 0;
export const PROBE_FAILS = 1;
export const PROBE_HOLDS = 2;
/** Fails on the path's only value, a string, and `maybeTypeOrCase` says no more than that. */
export const PROBE_FAILS_PLAIN = 3;
/** Its path has no value, only objects. */
export const PROBE_OBJECT = 4;

export function compileLeafProbe(leaves: readonly ProbedLeaf[]): LeafProbe {
  const constants: unknown[] = [];
  const constant = (value: unknown): string => {
    constants.push(value);
    return `C[${constants.length - 1}]`;
  };
  const parseIpOnce = lastResultMemo(parseIp);
  // Leaves of one path often share a prefix (topic-name wildcards): each is tested once per value.
  let prefixes = new Map<string, string>();
  // (only for the path's first value: the others get their own tests)
  let cachePrefixes = true;
  const startsWith = (prefix: string): string => {
    if (!cachePrefixes) return `${constant(prefixTester(prefix))}(v)`;
    let name = prefixes.get(prefix);
    if (name === undefined) {
      name = `p${prefixes.size}`;
      prefixes.set(prefix, name);
    }
    return `(${name} === 0 ? (${name} = ${constant(prefixTester(prefix))}(v) ? 2 : 1) : ${name}) === 2`;
  };
  const test = (c: Condition): string =>
    inlineConditionTest(inlineFormOf(c), constant, startsWith) ?? `${constant(c.kind === 'cidr' ? cidrTest(c, parseIpOnce) : c.test)}(v)`;
  const holds = (conditions: readonly Condition[]): string => {
    const exact: string[] = [];
    const others: string[] = [];
    for (const c of conditions) {
      const literal = exactStringOf(c);
      if (literal !== undefined) exact.push(literal);
      else others.push(test(c));
    }
    return anyConditionTest(exact, others, constant);
  };
  const byPath = new Map<number, number[]>();
  leaves.forEach((leaf, k) => byPath.set(leaf.pathId, [...(byPath.get(leaf.pathId) ?? []), k]));
  const body: string[] = [];
  for (const [pathId, ks] of byPath) {
    const absent = `const object = values.hasObject(${pathId}); ` + ks.map((k) => `out[${k}] = ${leaves[k]!.absentMatches ? 2 : 'object ? 4 : 0'};`).join(' ');
    prefixes = new Map();
    const decided = ks.map((k) => {
      const h = holds(leaves[k]!.conditions);
      const { maybeTypeOrCase, lowerLiterals } = leaves[k]!;
      const lowerCase = lowerLiterals ? '(lower === 0 ? (lower = v === v.toLowerCase() ? 2 : 1) : lower) === 2 || ' : '';
      const fails = maybeTypeOrCase === undefined ? '1' : `(more === undefined && typeof v === "string" && (${lowerCase}!${constant(maybeTypeOrCase)}(v)) ? 3 : 1)`;
      cachePrefixes = false;
      const hMore = holds(leaves[k]!.conditions);
      cachePrefixes = true;
      return `{ let ok = ${h}; if (!ok && more !== undefined) for (const v of more) if (${hMore}) { ok = true; break; } out[${k}] = ok ? 2 : ${fails}; }`;
    });
    const cached = [...prefixes.values()].map((name) => `${name} = 0`);
    body.push(`{ const v = F[${pathId}]; if (v === undefined) { ${absent} } else { const more = M === null ? undefined : M[${pathId}]; let lower = 0${cached.map((c) => `, ${c}`).join('')}; ${decided.join(' ')} } }`);
  }
  const source = `"use strict";\nreturn function probe(values, out) {\n  const F = values.first, M = values.more;\n  ${body.join('\n  ')}\n};`;
  return (new Function('C', source) as (c: unknown[]) => LeafProbe)(constants);
}

