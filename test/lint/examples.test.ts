import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectLintRules, lintRules, type LintFinding } from '../../src/lint/index.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { lineContaining } from '../helpers/template-lines.js';

async function lint(spec: string): Promise<LintFinding[]> {
  const { rules, notes } = await collectLintRules([spec], { cwd: REPO_ROOT });
  return lintRules(rules, { extra: notes }).findings;
}

/** Asserts a finding with `code` for `rule` at `line` of `file`. */
function found(findings: LintFinding[], code: string, rule: string | undefined, file: string, line: number): LintFinding {
  const hit = findings.find((f) => f.code === code && (rule === undefined || f.rule === rule) && f.file === file && f.line === line);
  assert.ok(hit, `expected ${code} for ${rule} at ${file}:${line}; got\n${findings.map((f) => `${f.file}:${f.line} ${f.code} ${f.rule}`).join('\n')}`);
  return hit;
}

describe('lint over the examples: every trap at its template line', () => {
  it('SAM: lower-case enum, partner source, invented detail-type, field outside eventBody, camelCase key, double encoding, Pipes', async () => {
    const file = 'examples/iac/sam/template.yaml';
    const f = await lint(file);
    found(f, 'genesys-lower-case-enum', 'VoicemailFunction.VoicemailEnd', file, lineContaining(file, '- voice'));
    found(f, 'genesys-source', 'VoicemailFunction.AnyCall', file, lineContaining(file, 'source: [genesys.cloud]'));
    found(f, 'genesys-detail-type', 'VoicemailFunction.AnyCall', file, lineContaining(file, 'detail-type: [ConversationEvent]'));
    found(f, 'genesys-outside-event-body', 'VoicemailFunction.AnyCall', file, lineContaining(file, 'conversationId: [{ exists: true }]'));
    found(f, 'genesys-default-bus', 'VoicemailFunction.AnyCall', file, lineContaining(file, 'AnyCall:'));
    found(f, 'iac-envelope-key', 'TranscriptionRule', file, lineContaining(file, 'detailType:'));
    found(f, 'iac-double-encoded', 'LongCallsRule', file, lineContaining(file, `EventPattern: '"{`));
    const aws = found(f, 'aws-invalid-pattern', 'LongCallsRule', file, lineContaining(file, `EventPattern: '"{`));
    assert.match(aws.message, /Event pattern is not valid\. Reason: Filter is not an object/);
    found(f, 'iac-pipes-filter', 'AcdPipe.Filters[0]', file, lineContaining(file, '- Pattern:'));
    // The good rule has no finding at all.
    assert.deepEqual(f.filter((x) => x.rule === 'CustomerStartFunction.CustomerStart'), []);
  });

  it('CDK assembly: camelCase detailType, a number quoted as a string, a concrete topic, no targets', async () => {
    const file = 'examples/iac/cdk.out/GenesysRulesStack.template.json';
    const f = await lint('examples/iac/cdk.out');
    found(f, 'iac-envelope-key', 'GenesysRulesStack/AcdWaitsCfnRule', file, lineContaining(file, '"detailType"'));
    found(f, 'genesys-quoted-number', 'GenesysRulesStack/AcdWaitsCfnRule', file, lineContaining(file, '"30000"'));
    const topic = found(f, 'genesys-concrete-topic', 'GenesysRulesStack/PresenceRule9A8B7C6D', file, lineContaining(file, '.presence"'));
    assert.deepEqual(topic.fix, { path: 'detail-type', expected: ['v2.users.{id}.presence'] });
    found(f, 'iac-no-targets', 'GenesysRulesStack/PresenceRule9A8B7C6D', file, lineContaining(file, '"PresenceRule9A8B7C6D"'));
    assert.deepEqual(f.filter((x) => x.rule === 'GenesysRulesStack/AgentState3C5E2F1A'), []);
  });

  it('Terraform module: a list(string) variable coercing a number, heredoc lower-case enum, unresolved variable, jsonencode of a JSON string', async () => {
    const file = 'examples/iac/terraform/main.tf';
    const f = await lint(file);
    const coerced = found(f, 'iac-coerced-to-string', 'aws_cloudwatch_event_rule.long_waits', file, lineContaining(file, 'interactingDurationMs = var.min_wait_ms'));
    assert.match(coerced.message, /list\(string\) turned \[12000\] into strings/);
    found(f, 'genesys-quoted-number', 'aws_cloudwatch_event_rule.long_waits', file, lineContaining(file, 'interactingDurationMs = var.min_wait_ms'));
    found(f, 'genesys-lower-case-enum', 'aws_cloudwatch_event_rule.voicemail', file, lineContaining(file, '"mediaType": ["voice"]'));
    const unresolved = found(f, 'iac-unresolved', 'aws_cloudwatch_event_rule.abandoned', file, lineContaining(file, 'queueId    = [var.queue_id]'));
    assert.match(unresolved.message, /var\.queue_id/);
    found(f, 'iac-double-encoded', 'aws_cloudwatch_event_rule.presence', file, lineContaining(file, 'jsonencode(var.presence_pattern)'));
    found(f, 'iac-no-targets', 'aws_cloudwatch_event_rule.voicemail', file, lineContaining(file, 'resource "aws_cloudwatch_event_rule" "voicemail"'));
    // Defaults are read, and said to be read.
    found(f, 'iac-note', undefined, 'examples/iac/terraform/variables.tf', lineContaining('examples/iac/terraform/variables.tf', 'default     = "7c1d2a4e'));
    assert.deepEqual(f.filter((x) => x.rule === 'aws_cloudwatch_event_rule.customer_start'), []);
  });

  it('Terraform plan: \\u003e escapes noted, an escape written twice, the 2,048-character quota', async () => {
    const file = 'examples/iac/terraform/plan/plan.json';
    const f = await lint(file);
    found(f, 'iac-unicode-escapes', 'module.genesys_rules.aws_cloudwatch_event_rule.long_calls', file, lineContaining(file, '"event_pattern"', 1));
    found(f, 'iac-escaped-twice', 'module.genesys_rules.aws_cloudwatch_event_rule.long_waits', file, lineContaining(file, '"event_pattern"', 2));
    const aws = found(f, 'aws-invalid-pattern', 'module.genesys_rules.aws_cloudwatch_event_rule.long_waits', file, lineContaining(file, '"event_pattern"', 2));
    assert.match(aws.message, /Unrecognized numeric range operator/);
    const quota = found(f, 'quota-pattern-size', 'module.genesys_rules.aws_cloudwatch_event_rule.vip_queues', file, lineContaining(file, '"event_pattern"', 3));
    assert.equal(quota.severity, 'warning');
  });

  it('Serverless: a source without the suffix, a capitalised Detail key, unresolved ${param:...}', async () => {
    const file = 'examples/iac/serverless/serverless.yml';
    const f = await lint(file);
    const source = found(f, 'genesys-source', 'agentPresence.events[0].eventBridge', file, lineContaining(file, '- aws.partner/genesys.com/cloud/${self:custom.genesysOrgId}'));
    assert.deepEqual(source.fix?.expected, [{ prefix: 'aws.partner/genesys.com/cloud/7c1d2a4e-5b6f-4a3c-9d8e-0f1a2b3c4d5e/' }]);
    found(f, 'iac-envelope-key', 'wrapup.events[0].eventBridge', file, lineContaining(file, 'Detail:'));
    found(f, 'iac-unresolved', 'wrapup.events[0].eventBridge', file, lineContaining(file, '${param:wrapupCodeId}'));
    found(f, 'iac-unresolved', 'wrapup.events[0].eventBridge', file, lineContaining(file, 'eventBus: ${param:partnerBus}'));
    assert.deepEqual(f.filter((x) => x.rule === 'callbackRequested.events[0].eventBridge'), []);
  });
});
