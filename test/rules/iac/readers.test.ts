import { describe, it } from 'node:test';
import { join } from 'node:path';
import { tempFolder } from '../../helpers/temp-folder.js';
import assert from 'node:assert/strict';
import { iacKindOf, loadIacRules } from '../../../src/rules/iac/index.js';
import { loadRules } from '../../../src/rules/load.js';
import { UserError } from '../../../src/errors.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';
import { lineContaining } from '../../helpers/template-lines.js';

const folder = tempFolder('gceb-iac-');
const file = folder.file;

async function load(name: string, text: string) {
  const path = await file(name, text);
  const kind = await iacKindOf(path);
  assert.ok(kind, `${name} not recognised`);
  return loadIacRules(path, name, kind);
}

describe('CloudFormation / SAM', () => {
  it('short tags of every shape parse; !Sub and !Ref read parameter defaults; others stay unresolved', async () => {
    const { rules, notes } = await load('cfn/template.yaml', [
      'Parameters:',
      '  Org: {Type: String, Default: org-1}',
      '  Other: {Type: String}',
      'Resources:',
      '  Queue: {Type: AWS::SQS::Queue}',
      '  R:',
      '    Type: AWS::Events::Rule',
      '    Properties:',
      '      Name: !Join ["-", [!Ref AWS::StackName, rule]]',
      '      EventBusName: !GetAtt [Bus, Name]',
      '      Targets: [{Id: q, Arn: !GetAtt Queue.Arn}]',
      '      EventPattern:',
      '        source: [!Sub "aws.partner/genesys.com/cloud/${Org}/s"]',
      '        account: [!Ref AWS::AccountId]',
      '        detail:',
      '          eventBody:',
      '            queueId: [!Select [0, !Split [",", !Ref Other]]]',
      '',
    ].join('\n'));
    assert.equal(rules.length, 1);
    const r = rules[0]!;
    assert.deepEqual((r.pattern as { source: string[] }).source, ['aws.partner/genesys.com/cloud/org-1/s']);
    assert.deepEqual(r.unresolved.map((u) => [u.at, u.line]), [['account[0]', 14], ['detail.eventBody.queueId[0]', 17], ['EventBusName', 10]]);
    assert.match(r.unresolved[0]!.expression, /^!Ref AWS::AccountId$/);
    assert.deepEqual([r.location.line, r.location.patternLine, r.targets], [6, 12, 1]);
    assert.match(notes[0]!.message, /parameter Org read as its Default "org-1"/);
  });

  it('JSON templates with long-form intrinsics, and EventPattern as a JSON string in a | block (lines inside it)', async () => {
    const json = await load('cfn/t.json', JSON.stringify({
      Parameters: { Suffix: { Type: 'String', Default: 'sfx' } },
      Resources: { R: { Type: 'AWS::Events::Rule', Properties: { EventPattern: { source: [{ 'Fn::Sub': 'aws.partner/genesys.com/cloud/o/${Suffix}' }] } } } },
    }, null, 1));
    assert.deepEqual(json.rules[0]!.pattern, { source: ['aws.partner/genesys.com/cloud/o/sfx'] });
    assert.equal(json.rules[0]!.targets, 0);
    const block = await load('cfn/block.yaml', [
      'Resources:',
      '  R:',
      '    Type: AWS::Events::Rule',
      '    Properties:',
      '      EventPattern: |',
      '        {',
      '          "source": ["a"],',
      '          "detailType": ["b"]',
      '        }',
    ].join('\n'));
    const r = block.rules[0]!;
    assert.deepEqual([r.lines.get('source'), r.lines.get('detailType'), r.lines.get('detailType[0]')], [7, 8, 8]);
    assert.equal(r.encoding.text?.startsWith('{\n  "source"'), true);
  });

  it('a pattern string that is not JSON is a problem of the rule, and an error for gceb test', async () => {
    const { rules } = await load('cfn/bad.yaml', 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern: "{source: [a]}"\n');
    assert.match(rules[0]!.problem!, /not valid JSON/);
    await assert.rejects(loadRules(['cfn/bad.yaml'], { cwd: folder.path() }), (e: unknown) => e instanceof UserError && /cfn\/bad\.yaml:5: rule "R": the pattern string is not valid JSON/.test(e.message));
  });

  it('YAML syntax errors name the line', async () => {
    await file('cfn/broken.yaml', 'Resources:\n  R:\n    Type: AWS::Events::Rule\n   Properties: [\n');
    await assert.rejects(loadRules(['cfn/broken.yaml'], { cwd: folder.path() }), (e: unknown) => e instanceof UserError && /^cfn\/broken\.yaml:\d+: not valid YAML\/JSON/.test(e.message));
  });

  it('gceb test rules keep their origin: file, line, logical id', async () => {
    const rules = await loadRules(['examples/iac/sam/template.yaml'], { cwd: REPO_ROOT, onWarning: () => {} });
    const sam = 'examples/iac/sam/template.yaml';
    const first = rules[0]!;
    assert.equal(first.name, 'CustomerStartFunction.CustomerStart');
    assert.equal(first.origin, `${sam}:${lineContaining(sam, 'CustomerStart:')}`);
    assert.deepEqual(first.location, { file: sam, line: lineContaining(sam, 'CustomerStart:'), id: 'CustomerStartFunction.CustomerStart', kind: 'cloudformation', patternLine: lineContaining(sam, 'Pattern:') });
    assert.equal(first.eventBusName, 'aws.partner/genesys.com/cloud/7c1d2a4e-5b6f-4a3c-9d8e-0f1a2b3c4d5e/gceb-sample');
  });
});

describe('Terraform .tf', () => {
  it('terraform.tfvars wins over a default; a variable without either is unresolved, with its line', async () => {
    await file('tf/variables.tf', 'variable "org" {\n  default = "from-default"\n}\nvariable "queue" {}\n');
    await file('tf/terraform.tfvars', 'org = "from-tfvars"\n');
    await file('tf/main.tf', [
      'resource "aws_cloudwatch_event_rule" "a" {',
      '  event_pattern = jsonencode({',
      '    source = ["aws.partner/genesys.com/cloud/${var.org}/x"]',
      '  })',
      '}',
      'resource "aws_cloudwatch_event_rule" "b" {',
      '  event_pattern = jsonencode({ detail = { eventBody = { queueId = [var.queue] } } })',
      '}',
      'resource "aws_cloudwatch_event_rule" "schedule" {',
      '  schedule_expression = "rate(5 minutes)"',
      '}',
    ].join('\n'));
    const { rules, notes } = await loadIacRules(join(folder.path(), 'tf'), 'tf', 'terraform');
    assert.deepEqual(rules.map((r) => r.name), ['aws_cloudwatch_event_rule.a', 'aws_cloudwatch_event_rule.b']);
    assert.deepEqual(rules[0]!.pattern, { source: ['aws.partner/genesys.com/cloud/from-tfvars/x'] });
    assert.deepEqual([rules[0]!.lines.get('source'), rules[0]!.location.line, rules[0]!.location.patternLine], [3, 1, 2]);
    assert.deepEqual(rules[1]!.unresolved.map((u) => [u.at, u.line]), [['detail.eventBody.queueId[0]', 7]]);
    assert.ok(notes.some((n) => /schedule: no event_pattern/.test(n.message)));
  });

  it("HashiCorp's parser reports syntax errors with the line", async () => {
    await file('tfbad/main.tf', 'resource "aws_cloudwatch_event_rule" "a" {\n  event_pattern = \n}\n');
    await assert.rejects(loadRules(['tfbad/main.tf'], { cwd: folder.path() }), (e: unknown) => e instanceof UserError && /^tfbad\/main\.tf:2: not valid Terraform: Invalid expression/.test(e.message));
  });

  it('functions and expressions it cannot evaluate are reported, not guessed', async () => {
    await file('tffn/main.tf', 'resource "aws_cloudwatch_event_rule" "a" {\n  event_pattern = jsonencode({ source = [format("%s", "x")] })\n}\n');
    const { rules } = await loadIacRules(join(folder.path(), 'tffn'), 'tffn', 'terraform');
    assert.match(rules[0]!.unresolved[0]!.expression, /^format\("%s", "x"\)$/);
  });
});

describe('Terraform plan, CDK, Serverless', () => {
  it('plan: modules, targets by rule name, values known only after apply', async () => {
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: { resources: [
        { address: 'aws_cloudwatch_event_rule.r', type: 'aws_cloudwatch_event_rule', values: { name: 'r', event_pattern: '{"source":["x"]}' } },
        { address: 'aws_cloudwatch_event_rule.later', type: 'aws_cloudwatch_event_rule', values: { name: 'later' } },
        { address: 'aws_cloudwatch_event_target.t', type: 'aws_cloudwatch_event_target', values: { rule: 'r' } },
      ] } },
      resource_changes: [{ address: 'aws_cloudwatch_event_rule.later', change: { after_unknown: { event_pattern: true } } }],
    };
    const { rules } = await load('plan.json', JSON.stringify(plan, null, 2));
    assert.deepEqual(rules.map((r) => [r.name, r.targets, r.unresolved.map((u) => u.expression)]), [
      ['aws_cloudwatch_event_rule.r', 1, []],
      ['aws_cloudwatch_event_rule.later', 0, ['event_pattern (known after apply)']],
    ]);
  });

  it('CDK: the manifest file itself works too, rules are Stack/LogicalId', async () => {
    const rules = await loadRules(['examples/iac/cdk.out/manifest.json'], { cwd: REPO_ROOT });
    assert.deepEqual(rules.map((r) => r.name), ['GenesysRulesStack/AgentState3C5E2F1A', 'GenesysRulesStack/AcdWaitsCfnRule', 'GenesysRulesStack/PresenceRule9A8B7C6D']);
    assert.equal(rules[0]!.location?.file, 'examples/iac/cdk.out/GenesysRulesStack.template.json');
  });

  it('Serverless: ${self:} variables (nested) resolved; the bus ARN read as its name', async () => {
    const { rules } = await load('sls/serverless.yml', [
      'service: s',
      'custom:',
      '  org: o1',
      '  src: aws.partner/genesys.com/cloud/${self:custom.org}/x',
      'functions:',
      '  f:',
      '    handler: h',
      '    events:',
      '      - eventBridge:',
      '          eventBus: arn:aws:events:us-east-1:123456789012:event-bus/aws.partner/genesys.com/cloud/o1/x',
      '          pattern:',
      '            source: ["${self:custom.src}"]',
    ].join('\n'));
    assert.deepEqual(rules[0]!.pattern, { source: ['aws.partner/genesys.com/cloud/o1/x'] });
    assert.equal(rules[0]!.eventBusName, 'aws.partner/genesys.com/cloud/o1/x');
    assert.equal(rules[0]!.lines.get('source[0]'), 12);
  });

  it('plain rule files and folders load as before', async () => {
    await file('plain/p.json', '{"source":["x"]}');
    assert.equal(await iacKindOf(join(folder.path(), 'plain/p.json')), undefined);
    assert.equal(await iacKindOf(join(folder.path(), 'plain')), undefined);
    const rules = await loadRules(['plain'], { cwd: folder.path() });
    assert.deepEqual(rules.map((r) => r.name), ['p']);
  });
});
