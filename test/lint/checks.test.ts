import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintRules, lintRuleFromTest, collectLintRules, RULES_PER_BUS_QUOTA, WILDCARD_RULES_PER_BUS_QUOTA } from '../../src/lint/index.js';
import { renderLintText } from '../../src/report/lint-text.js';
import { loadIacRules } from '../../src/rules/iac/index.js';

const BUS = 'aws.partner/genesys.com/cloud/o/s';
const rule = (name: string, pattern: unknown, bus = BUS) => lintRuleFromTest({ name, pattern, origin: 'rules.json', eventBusName: bus });

describe('lint checks', () => {
  it('quotas per bus: rules and wildcard rules, as warnings', () => {
    const many = Array.from({ length: RULES_PER_BUS_QUOTA + 1 }, (_, i) => rule(`r${i}`, { source: [{ prefix: 'aws.partner/genesys.com' }], 'detail-type': ['v2.users.{id}.presence'] }));
    const wild = Array.from({ length: WILDCARD_RULES_PER_BUS_QUOTA + 1 }, (_, i) => rule(`w${i}`, { 'detail-type': [{ wildcard: 'v2.users.*.presence' }] }, 'other-bus'));
    const codes = lintRules([...many, ...wild]).findings.filter((f) => f.code.startsWith('quota-'));
    assert.deepEqual(codes.map((f) => [f.code, f.severity]), [['quota-rules-per-bus', 'warning'], ['quota-wildcard-rules', 'warning']]);
    assert.match(codes[0]!.message, /301 rules on event bus aws\.partner/);
    assert.match(codes[1]!.message, /31 rules with wildcards on event bus other-bus/);
  });

  it('Genesys traps apply only to rules meant for Genesys', () => {
    const aws = lintRules([rule('s3', { source: ['aws.s3'], 'detail-type': ['Object Created'] }, 'default')]);
    assert.deepEqual(aws.findings, []);
  });

  it('a known concrete topic is turned into its catalogue template; unknown v2 topics are warnings', () => {
    const { findings } = lintRules([rule('t', { source: [{ prefix: 'aws.partner/genesys.com' }], 'detail-type': ['v2.users.{id}.presense', 'v2.audits.entitytype.Queue.entityid.1b2c3d4e-0000-4000-8000-000000000001'] })]);
    // Same file and line: errors first.
    assert.deepEqual(findings.map((f) => [f.code, f.severity, f.path]), [
      ['genesys-concrete-topic', 'error', 'detail-type[1]'],
      ['genesys-unknown-topic', 'warning', 'detail-type[0]'],
    ]);
    assert.deepEqual(findings[0]!.fix?.expected, ['v2.audits.entitytype.{id}.entityid.{id}']);
  });

  it('control characters and escape sequences from a template never reach the terminal', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gceb-lint-'));
    try {
      await writeFile(join(dir, 't.yaml'), 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        "detail\\u001b[2J": ["x"]\n        source: ["genesys\\u0007"]\n');
      const load = await loadIacRules(join(dir, 't.yaml'), 't.yaml', 'cloudformation');
      const { rules } = { rules: load.rules };
      const text = renderLintText(lintRules(rules.map((r) => ({ ...r, origin: 't.yaml:2', located: true }))));
      assert.ok(!/[\u0000-\u0008\u000b-\u001f]/.test(text), text);
      assert.match(text, /\\u001b\[2J/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('__proto__ keys in templates stay keys', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gceb-lint-'));
    try {
      await writeFile(join(dir, 'main.tf'), 'resource "aws_cloudwatch_event_rule" "a" {\n  event_pattern = jsonencode(merge({ "__proto__" = { polluted = ["x"] } }, { source = ["y"] }))\n}\n');
      await writeFile(join(dir, 't.yaml'), 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        __proto__: {polluted: [x]}\n');
      const { rules } = await collectLintRules(['main.tf', 't.yaml'], { cwd: dir });
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.deepEqual(Object.keys(rules[0]!.pattern as object), ['__proto__', 'source']);
      assert.deepEqual(Object.keys(rules[1]!.pattern as object), ['__proto__']);
      lintRules(rules);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
