/**
 * Worst-case section: inputs built to make a pattern engine backtrack, blow up
 * or overflow — long strings against many-star wildcards, wide and nested
 * `$or`, deep nesting in patterns and events — with the time each takes per
 * event (single pattern and rule set), or to be rejected.
 */
import { compilePattern, compileRuleSet, matches, matchRuleSet, type CompiledPattern, type CompiledRuleSet } from '../../src/pattern/index.js';
import { median, textTable, type BenchOptions, type BenchResult, type BenchSection } from './section.js';

interface Case {
  label: string;
  pattern: string | object;
  event: () => object;
}

const ENVELOPE = { version: '0', id: '1', account: '1', source: 's', time: 't', region: 'r', 'detail-type': 'd', resources: [] };
const withA = (a: unknown): object => ({ ...ENVELOPE, detail: { a } });
const MB = 1 << 20;

function twoBranchOrs(count: number): string {
  return `{"detail":{${Array.from({ length: count }, (_, i) => `"k${i}":{"$or":[{"f":["x"]},{"g":["y"]}]}`).join(',')}}}`;
}

function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

function nestedArrays(depth: number): unknown {
  return JSON.parse(`${'['.repeat(depth)}"x"${']'.repeat(depth)}`) as unknown;
}

const CASES: Case[] = [
  { label: 'wildcard *a*a*a*a*b vs 1 MB of a', pattern: { detail: { a: [{ wildcard: '*a*a*a*a*b' }] } }, event: () => withA('a'.repeat(MB)) },
  { label: 'wildcard *a*a*a*a*b vs 1 MB of a + b', pattern: { detail: { a: [{ wildcard: '*a*a*a*a*b' }] } }, event: () => withA(`${'a'.repeat(MB)}b`) },
  { label: 'wildcard *error*timeout* vs 1 MB transcript', pattern: { detail: { a: [{ wildcard: '*error*timeout*' }] } }, event: () => withA(`${'word '.repeat(MB / 5)}error ${'x'.repeat(1000)} timeout`) },
  { label: 'anything-but wildcard *a*b vs 1 MB of a', pattern: { detail: { a: [{ 'anything-but': { wildcard: '*a*b' } }] } }, event: () => withA('a'.repeat(MB)) },
  { label: 'equals-ignore-case vs 1 MB value', pattern: { detail: { a: [{ 'equals-ignore-case': 'us-east-1' }, { prefix: { 'equals-ignore-case': 'customer-' } }] } }, event: () => withA('C'.repeat(MB)) },
  { label: '$or: 12 fields × 2 branches (4,096 combinations)', pattern: twoBranchOrs(12), event: () => ({ ...ENVELOPE, detail: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, { g: 'y' }])) }) },
  { label: '$or: 18 fields × 2 branches (rejected)', pattern: twoBranchOrs(18), event: () => withA('x') },
  { label: 'pattern nested 999 deep', pattern: nested(999, ['x']) as object, event: () => nested(999, 'x') as object },
  { label: 'pattern nested 10,000 deep (rejected)', pattern: `${'{"a":'.repeat(10_000)}["x"]${'}'.repeat(10_000)}`, event: () => withA('x') },
  { label: 'event: arrays nested 100,000 deep', pattern: { detail: { a: ['x'] } }, event: () => withA(nestedArrays(100_000)) },
  { label: 'event: objects nested 100,000 deep', pattern: { detail: { a: { a: ['x'] } } }, event: () => withA(nested(100_000, 'x')) },
];

interface Row {
  label: string;
  outcome: string;
  compileMs: number;
  patternMsPerEvent?: number;
  ruleSetMsPerEvent?: number;
}

function timeEach(passes: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < passes; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const passes = Math.max(3, options.passes);
  const rows: Row[] = [];
  for (const c of CASES) {
    options.progress(`worst-case: ${c.label}`);
    const event = c.event();
    const compileStart = process.hrtime.bigint();
    let compiled: CompiledPattern;
    try {
      compiled = compilePattern(c.pattern);
    } catch (error) {
      const compileMs = Number(process.hrtime.bigint() - compileStart) / 1e6;
      const set = compileRuleSet([{ name: 'r', pattern: c.pattern }]);
      rows.push({ label: c.label, outcome: `rejected: ${set.problems[0]?.error.reason.slice(0, 48) ?? (error as Error).message}`, compileMs });
      continue;
    }
    const compileMs = Number(process.hrtime.bigint() - compileStart) / 1e6;
    const set: CompiledRuleSet = compileRuleSet([{ name: 'r', pattern: c.pattern }, { name: 'other', pattern: { source: ['other'] } }]);
    let result = false;
    const patternMsPerEvent = timeEach(passes, () => {
      result = matches(compiled, event);
    });
    let names: string[] = [];
    const ruleSetMsPerEvent = timeEach(passes, () => {
      names = matchRuleSet(set, event);
    });
    if (names.includes('r') !== result) throw new Error(`worst-case bench: rule set and pattern disagree on "${c.label}"`);
    rows.push({ label: c.label, outcome: result ? 'match' : 'no match', compileMs, patternMsPerEvent, ruleSetMsPerEvent });
  }
  const ms = (v: number | undefined): string => (v === undefined ? '' : v.toFixed(3));
  const text = [
    `worst-case: time per event (median of ${passes} runs; events built in memory, parse time excluded)`,
    textTable(
      ['case', 'outcome', 'compile ms', 'pattern ms/event', 'rule set ms/event'],
      rows.map((r) => [r.label, r.outcome, r.compileMs.toFixed(1), ms(r.patternMsPerEvent), ms(r.ruleSetMsPerEvent)]),
    ),
  ].join('\n');
  return { figures: { passes, rows }, text };
}

export const worstCaseSection: BenchSection = {
  name: 'worst-case',
  summary: 'time per event for long strings × wildcards, wide $or, deep nesting',
  run,
};
