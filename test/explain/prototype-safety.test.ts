import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { applyFixes, structuralDiff } from '../../src/explain/index.js';
import { explainEventPattern, formatExplanation, type PatternFailure } from '../../src/pattern/index.js';
import { createCoverage, presenceBarChart, presenceHeatmap, rulePathsHeatmap } from '../../src/coverage/index.js';
import { renderHtml, renderJson, renderMarkdown, renderText, runRuleTests } from '../../src/report/index.js';

/**
 * Event data is attacker-controlled: after JSON.parse, `__proto__`,
 * `constructor` and `prototype` are ordinary own keys. Nothing gceb does with
 * such an event may write to Object.prototype.
 */

const base = JSON.parse(readFileSync(new URL('../../examples/event.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const hostileText = JSON.stringify(base).replace(
  '"detail":{',
  '"detail":{"__proto__":{"polluted":"yes","conversationId":"c1","mediaType":"chat"},"constructor":{"prototype":{"polluted2":"yes"}},"prototype":{"polluted3":1},',
);
const hostile = JSON.parse(hostileText) as Record<string, unknown>;
const patterns = [
  '{"detail":{"conversationId":["c1"]}}',
  '{"detail":{"polluted":["yes"]}}',
  '{"detail":{"__proto__":{"polluted":["YES"]}}}',
  '{"__proto__":{"polluted":["x"]},"source":["genesys.cloud"]}',
  '{"detail":{"constructor":{"prototype":{"polluted2":["YES"]}}}}',
  '{"detail":{"prototype":{"polluted3":["1"]}}}',
  '{"detail":{"eventBody":{"mediaType":["chat"]}, "__proto__":{"mediaType":["CHAT"]}}}',
];

function prototypeSnapshot(): string {
  return JSON.stringify([Object.getOwnPropertyNames(Object.prototype).sort(), Object.getOwnPropertyNames(Array.prototype).sort(), Object.getOwnPropertyNames(Function.prototype).sort()]);
}

test('fixes, explanations, coverage and reports on events holding __proto__/constructor/prototype keys leave Object.prototype clean', async () => {
  assert.ok(Object.hasOwn(hostile.detail as object, '__proto__'), 'the event really holds an own __proto__ key');
  const before = prototypeSnapshot();

  for (const pattern of patterns) {
    const explanation = explainEventPattern({ Event: hostileText, EventPattern: pattern });
    formatExplanation(explanation);
    structuralDiff(JSON.parse(pattern), hostile, explanation.failures);
    applyFixes(JSON.parse(pattern), explanation.failures);
    for (const f of explanation.failures) {
      for (const path of [f.fix?.path, f.fix?.replaces].filter((p): p is string => p !== undefined)) {
        assert.ok(!path.split('.').some((s) => ['__proto__', 'constructor', 'prototype'].includes(s)), `no fix path through an unsafe key: ${path}`);
      }
    }
  }
  // Fixes written by hand (or by an older gceb) through unsafe keys are refused, not followed.
  const evil: PatternFailure[] = ['__proto__.polluted', 'constructor.prototype.polluted', 'detail.__proto__.polluted', 'a.prototype.b'].map((path) => ({
    path: 'detail.x', code: 'missing-field', expected: [], hint: '', fix: { path, expected: ['yes'], replaces: '__proto__.polluted' },
  }));
  const applied = applyFixes({ detail: { x: ['1'] } }, evil);
  assert.equal(applied.applied.length, 0);
  assert.equal(applied.skipped.length, evil.length);
  const kept = applyFixes(JSON.parse('{"__proto__":{"a":["1"]},"b":["2"]}'), [{ path: 'b', code: 'value-mismatch', expected: ['2'], hint: '', fix: { path: 'b', expected: ['3'] } }]);
  assert.ok(Object.hasOwn(kept.pattern as object, '__proto__'), 'an own __proto__ key of the pattern is copied as an own key');
  assert.equal(JSON.stringify(kept.pattern), '{"__proto__":{"a":["1"]},"b":["3"]}');

  const coverage = createCoverage();
  coverage.add(hostile);
  coverage.add(JSON.parse(hostileText));
  const result = coverage.result();
  presenceHeatmap(result);
  presenceBarChart(result, String(hostile['detail-type']));
  rulePathsHeatmap(result, JSON.parse(patterns[2]!));

  const rules = patterns.map((p, i) => ({ name: `r${i}`, origin: 'test', pattern: JSON.parse(p) as object }));
  const run = await runRuleTests({ rules: rules as never, events: [{ event: hostile, source: 'hostile.json', line: 1 }] });
  renderHtml(run.summary, run.verdicts);
  renderJson(run.summary, run.verdicts);
  renderMarkdown(run.summary);
  renderText(run.summary, { color: false, cwd: '/' });

  assert.equal(prototypeSnapshot(), before, 'no property was added to Object/Array/Function.prototype');
  const probe = {} as Record<string, unknown>;
  for (const key of ['polluted', 'polluted2', 'polluted3', 'conversationId', 'mediaType', 'a', 'b']) assert.equal(probe[key], undefined, `Object.prototype.${key}`);
});
