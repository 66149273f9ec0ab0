import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyFixes } from '../../src/explain/index.js';
import { compilePattern, explainCompiled, matches, type PatternFailure } from '../../src/pattern/index.js';
import { generateEvents, sampleRuleFiles } from '../../src/sample/index.js';

/**
 * The fix invariant: applying every proposed fix yields a pattern that matches
 * the event the explanation was made for, keeps every condition that held, and
 * changes nothing else. Where the explainer proposes nothing, it says why.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Leaves keyed by their `$or` scope and path (written independently of the library's own checker). */
function leaves(pattern: unknown, scope = '', prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (typeof pattern !== 'object' || pattern === null || Array.isArray(pattern)) return out;
  for (const [key, value] of Object.entries(pattern)) {
    if (key === '$or' && Array.isArray(value)) {
      value.forEach((b, i) => leaves(b, `${scope}[${prefix}|${i}]`, prefix, out));
    } else {
      const path = prefix ? `${prefix}.${key}` : key;
      if (Array.isArray(value)) out.set(`${scope}${path}`, JSON.stringify(value));
      else leaves(value, scope, path, out);
    }
  }
  return out;
}

/** Scoped keys a fix may change: failing leaves and fix targets (in the branch the fix goes into). */
function changeable(failures: readonly PatternFailure[], scope = '', out = new Set<string>()): Set<string> {
  for (const f of failures) {
    if (f.code === 'no-branch-matched') {
      for (const b of f.branches ?? []) changeable(b.failures, `${scope}[${f.path}|${b.index}]`, out);
      continue;
    }
    out.add(`${scope}${f.path}`);
    if (f.fix) out.add(`${scope}${f.fix.path}`);
  }
  return out;
}

function hasFix(failures: readonly PatternFailure[]): boolean {
  return failures.some((f) => f.fix !== undefined || (f.branches ?? []).some((b) => hasFix(b.failures)));
}

/** Checks one (pattern, event); returns whether fixes were proposed. */
function checkInvariant(pattern: unknown, event: unknown): 'match' | 'fixed' | 'no-fix' {
  const explanation = explainCompiled(compilePattern(pattern as object), event);
  if (explanation.Result) return 'match';
  if (!hasFix(explanation.failures)) {
    assert.equal(typeof explanation.noFix, 'string', 'no fix proposed: the explanation says why');
    assert.equal(explanation.fixedPattern, undefined);
    return 'no-fix';
  }
  const { pattern: fixed, skipped } = applyFixes(pattern, explanation.failures);
  assert.deepEqual(skipped, [], 'every proposed fix can be applied');
  assert.deepEqual(fixed, explanation.fixedPattern, 'fixedPattern is the pattern with every fix applied');
  assert.ok(matches(compilePattern(JSON.stringify(fixed)), event), `the fixed pattern matches: ${JSON.stringify({ pattern, fixed, failures: explanation.failures })}`);
  const may = changeable(explanation.failures);
  const before = leaves(pattern);
  const after = leaves(fixed);
  for (const [key, conditions] of before) if (!may.has(key)) assert.equal(after.get(key), conditions, `kept ${key}`);
  for (const key of after.keys()) assert.ok(before.has(key) || may.has(key), `nothing else added: ${key}`);
  return 'fixed';
}

const ENVELOPE = { version: '0', id: 'e1', 'detail-type': 'v2.detail.events.conversation.{id}.customer.start', source: 'aws.partner/genesys.com/cloud/org/bus', account: '1', time: 't', region: 'r', resources: [] };
const key = fc.constantFrom('eventBody', 'conversationId', 'mediaType', 'queueId', 'a', 'B', 'metadata');
const scalar = fc.oneof(fc.constantFrom('CHAT', 'voice', 'VOICE', 'x', '12000', 'true'), fc.integer({ min: 0, max: 12000 }), fc.boolean(), fc.constant(null));
const value: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof({ maxDepth: 3, depthSize: 'small' }, scalar, scalar, fc.array(tie('v'), { maxLength: 2 }), fc.dictionary(key, tie('v'), { maxKeys: 3 })),
})).v;
const eventArb = fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 }).map((detail) => ({ ...ENVELOPE, detail }));

/** The event's scalar leaves, as [segments, value]. */
function scalarLeaves(value: unknown, path: string[] = [], out: Array<[string[], unknown]> = []): Array<[string[], unknown]> {
  if (Array.isArray(value)) value.forEach((v) => scalarLeaves(v, path, out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) scalarLeaves(v, [...path, k], out);
  else if (path.length > 0) out.push([path, value]);
  return out;
}

type Mutation = 'same' | 'case-value' | 'type' | 'drop-eventBody' | 'add-eventBody' | 'case-key' | 'other-value' | 'exists';

function mutate(segments: string[], v: unknown, how: Mutation): [string[], unknown[]] {
  switch (how) {
    case 'case-value':
      return [segments, [typeof v === 'string' ? (v === v.toLowerCase() ? v.toUpperCase() : v.toLowerCase()) : v]];
    case 'type':
      return [segments, [typeof v === 'number' ? String(v) : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v]];
    case 'drop-eventBody':
      return [segments.filter((s) => s !== 'eventBody'), [v]];
    case 'add-eventBody':
      return [segments[0] === 'detail' && segments[1] !== 'eventBody' ? ['detail', 'eventBody', ...segments.slice(1)] : segments, [v]];
    case 'case-key': {
      const last = segments[segments.length - 1]!;
      return [[...segments.slice(0, -1), last === last.toLowerCase() ? last.toUpperCase() : last.toLowerCase()], [v]];
    }
    case 'other-value':
      return [segments, ['no such value']];
    case 'exists':
      return [segments, [{ exists: true }]];
    default:
      return [segments, [v]];
  }
}

function setPath(pattern: Record<string, unknown>, segments: string[], conditions: unknown[]): void {
  let node = pattern;
  for (const s of segments.slice(0, -1)) {
    if (typeof node[s] !== 'object' || node[s] === null || Array.isArray(node[s])) node[s] = {};
    node = node[s] as Record<string, unknown>;
  }
  node[segments[segments.length - 1]!] = conditions;
}

const mutationArb = fc.constantFrom<Mutation>('same', 'case-value', 'type', 'drop-eventBody', 'add-eventBody', 'case-key', 'other-value', 'exists');

test('property: every proposed fix set makes the pattern match, keeps what held and changes nothing else', () => {
  const seen = { match: 0, fixed: 0, 'no-fix': 0 };
  fc.assert(
    fc.property(eventArb, fc.array(fc.tuple(fc.nat(), mutationArb), { minLength: 1, maxLength: 4 }), fc.boolean(), (event, picks, useOr) => {
      const pool = scalarLeaves(event).filter(([segments]) => segments.length > 0);
      if (pool.length === 0) return;
      const parts = picks.map(([i, how]) => {
        const [segments, v] = pool[i % pool.length]!;
        return mutate(segments, v, how);
      });
      const pattern: Record<string, unknown> = {};
      if (useOr && parts.length >= 2) {
        const branches = parts.map(([segments, conditions]) => {
          const branch: Record<string, unknown> = {};
          setPath(branch, segments, conditions);
          return branch;
        });
        pattern.$or = branches;
      } else {
        for (const [segments, conditions] of parts) setPath(pattern, segments, conditions);
      }
      try {
        compilePattern(pattern);
      } catch {
        return; // not a valid pattern (e.g. a leaf and an object at one path): nothing to explain
      }
      seen[checkInvariant(pattern, event)]++;
    }),
    { numRuns: 600, seed: 13 },
  );
  console.log(JSON.stringify(seen));
  assert.ok(seen.fixed > 50, `fixes are proposed often enough for the test to mean something: ${JSON.stringify(seen)}`);
  assert.ok(seen['no-fix'] > 10, `and withheld where they cannot work: ${JSON.stringify(seen)}`);
});

test('every sample rule against the sample events: the invariant holds, and the classic mistakes get a working fix', () => {
  const events = [...generateEvents({ seed: 7, count: 400 })].map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);
  const fixedRules = new Set<string>();
  for (const file of sampleRuleFiles(events as never)) {
    for (const rule of file.rules) {
      for (const event of events) if (checkInvariant(rule.pattern, event) === 'fixed') fixedRules.add(rule.name);
    }
  }
  for (const name of ['lower-case-voice', 'quoted-number', 'conversation-id-under-detail', 'wrong-case-key', 'concrete-topic-in-detail-type', 'tutorial-conversation-event']) {
    assert.ok(fixedRules.has(name), `${name} gets a fix that works on some sample event (fixed: ${[...fixedRules].join(', ')})`);
  }
});

test('the misplaced-field fix moves the condition: the wrong path goes', () => {
  const event = { ...ENVELOPE, detail: { eventBody: { conversationId: 'c1', mediaType: 'CHAT' } } };
  const explanation = explainCompiled(compilePattern({ source: [{ prefix: 'aws.' }], detail: { conversationId: ['c1'] } }), event);
  assert.deepEqual(explanation.failures[0]!.fix, { path: 'detail.eventBody.conversationId', expected: ['c1'], replaces: 'detail.conversationId' });
  assert.deepEqual(explanation.fixedPattern, { source: [{ prefix: 'aws.' }], detail: { eventBody: { conversationId: ['c1'] } } });
  const wrongCase = explainCompiled(compilePattern({ detail: { eventbody: { mediaType: ['CHAT'] }, 'eventbody.x': [{ exists: false }] } }), event);
  assert.deepEqual(wrongCase.fixedPattern, { detail: { eventBody: { mediaType: ['CHAT'] }, 'eventbody.x': [{ exists: false }] } });
});

test('an $or is fixed in its nearest fixable branch; the other branches stay as written', () => {
  const event = { ...ENVELOPE, detail: { eventBody: { mediaType: 'CHAT', direction: 'INBOUND' } } };
  const pattern = { detail: { eventBody: { $or: [{ mediaType: ['voice'], direction: ['OUTBOUND'] }, { mediaType: ['chat'] }] } } };
  const explanation = explainCompiled(compilePattern(pattern), event);
  assert.deepEqual(explanation.fixedPattern, { detail: { eventBody: { $or: [{ mediaType: ['voice'], direction: ['OUTBOUND'] }, { mediaType: ['CHAT'] }] } } });
  assert.equal(checkInvariant(pattern, event), 'fixed');
});

test('no fix when the fixes cannot make a match: nothing is proposed and the explanation says so', () => {
  const event = { ...ENVELOPE, detail: { eventBody: { mediaType: 'CHAT', direction: 'INBOUND' } } };
  const explanation = explainCompiled(compilePattern({ detail: { eventBody: { mediaType: ['chat'], direction: ['OUTBOUND'] } } }), event);
  assert.equal(explanation.Result, false);
  assert.ok(explanation.failures.every((f) => f.fix === undefined), JSON.stringify(explanation.failures));
  assert.match(explanation.noFix ?? '', /by hand/);
  assert.match(explanation.failures.find((f) => f.path.endsWith('mediaType'))!.hint, /"CHAT"/, 'the hint still says what to write');
});
