import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose, doctorExitCode, formatFindingsJson, formatFindingsText, type DoctorFacts, type DoctorFinding } from '../../src/doctor/index.js';
import type { EventBridgeIntegration } from '../../src/genesys/integrations.js';
import { stubEngine } from './stub-engine.js';

const ORG = '32aa07aa-db1b-4987-abd0-9483601ec29d';
const SOURCE = `aws.partner/genesys.com/cloud/${ORG}/prod`;
const CUSTOMER_START = 'v2.detail.events.conversation.{id}.customer.start';

function integration(over: Partial<EventBridgeIntegration> = {}): EventBridgeIntegration {
  return {
    id: 'i1',
    name: 'EventBridge prod',
    intendedState: 'ENABLED',
    reportedState: 'ACTIVE',
    eventSourceSuffix: 'prod',
    awsAccountId: '123456789012',
    awsAccountRegion: 'us-east-1',
    eventFilter: [CUSTOMER_START, 'v2.users.{id}.presence'],
    orgId: ORG,
    eventSource: SOURCE,
    ...over,
  };
}

function event(detailType: string, body: Record<string, unknown>) {
  return { version: '0', id: `e-${detailType.length}`, 'detail-type': detailType, source: 'x', account: '1', time: 't', region: 'r', resources: [], detail: { eventBody: body } };
}

function healthyFacts(): DoctorFacts {
  return {
    genesys: { status: 'ok', integrations: [integration()] },
    aws: {
      status: 'ok',
      region: 'us-east-1',
      sources: [{ name: SOURCE, state: 'ACTIVE' }],
      buses: [{ name: SOURCE, arn: `arn:aws:events:us-east-1:123456789012:event-bus/${SOURCE}` }],
      busesInspected: [SOURCE, 'default'],
      rules: [
        {
          name: 'calls',
          eventBusName: SOURCE,
          state: 'ENABLED',
          eventPattern: JSON.stringify({ source: [{ prefix: 'aws.partner/genesys.com' }], 'detail-type': [CUSTOMER_START] }),
          targets: [{ id: '1', arn: 'arn:aws:sqs:us-east-1:123456789012:q' }],
        },
      ],
    },
    events: {
      status: 'ok',
      input: 'sample',
      rebrand: true,
      problems: [],
      events: [event(CUSTOMER_START, { mediaType: 'VOICE' }), event('v2.users.{id}.presence', {}), event('v2.detail.events.conversation.{id}.acd.start', {})],
    },
  };
}

const codes = (findings: DoctorFinding[]) => findings.map((f) => `${f.severity}:${f.code}`);

test('a healthy chain is reported healthy, in chain order, exit 0', () => {
  const findings = diagnose(healthyFacts(), stubEngine);
  assert.deepEqual(codes(findings), [
    'ok:INTEGRATION_ACTIVE',
    'info:INTEGRATION_TOPICS',
    'ok:SOURCE_ACTIVE',
    'ok:BUS_PRESENT',
    'ok:RULE_MATCHES',
    'ok:CHAIN_HEALTHY',
  ]);
  assert.match(findings[4]!.message, /matches 1 of 2 event\(s\) of the integration's topics in sample/);
  assert.equal(doctorExitCode(findings), 0);
  assert.match(formatFindingsText(findings), /Healthy: 0 error\(s\), 0 warning\(s\), 1 info, 5 ok\./);
  assert.equal(JSON.parse(formatFindingsJson(findings)).healthy, true);
});

test('each planted fault is an error with a concrete fix', () => {
  const facts = healthyFacts();
  const aws = facts.aws as Extract<DoctorFacts['aws'], { status: 'ok' }>;
  aws.sources[0]!.state = 'PENDING';
  aws.rules.push(
    { name: 'off', eventBusName: SOURCE, state: 'DISABLED', eventPattern: '{"source":[{"prefix":"aws.partner/genesys.com"}]}', targets: [{ id: '1', arn: 'a' }] },
    { name: 'lonely', eventBusName: SOURCE, state: 'ENABLED', eventPattern: '{"source":[{"prefix":"aws.partner/genesys.com"}]}', targets: [] },
    { name: 'acd', eventBusName: SOURCE, state: 'ENABLED', eventPattern: '{"detail-type":["v2.detail.events.conversation.{id}.acd.start"]}', targets: [{ id: '1', arn: 'a' }] },
    { name: 'voice', eventBusName: SOURCE, state: 'ENABLED', eventPattern: '{"detail":{"eventBody":{"mediaType":["voice"]}}}', targets: [{ id: '1', arn: 'a' }] },
    { name: 'broken', eventBusName: SOURCE, state: 'ENABLED', eventPattern: '{}', targets: [{ id: '1', arn: 'a' }] },
    { name: 'on-default', eventBusName: 'default', state: 'ENABLED', eventPattern: '{"source":["genesys.cloud"]}' },
    { name: 'unrelated', eventBusName: 'default', state: 'ENABLED', eventPattern: '{"source":["aws.ec2"]}' },
  );
  const findings = diagnose(facts, stubEngine);
  const byCode = (code: string) => findings.filter((f) => f.code === code);
  const pending = byCode('SOURCE_PENDING')[0]!;
  assert.equal(pending.severity, 'error');
  assert.equal(pending.fix.split('   ')[0], `aws events create-event-bus --region us-east-1 --name ${SOURCE} --event-source-name ${SOURCE}`);
  assert.equal(byCode('RULE_DISABLED')[0]!.fix, `aws events enable-rule --region us-east-1 --name off --event-bus-name ${SOURCE}`);
  assert.match(byCode('RULE_NO_TARGETS')[0]!.fix, /^aws events put-targets --region us-east-1 --rule lonely --event-bus-name .+ --targets Id=1,Arn=<target ARN>/);
  const topic = byCode('TOPIC_NOT_IN_FILTER')[0]!;
  assert.match(topic.message, /expects topic v2\.detail\.events\.conversation\.\{id\}\.acd\.start, which integration 'EventBridge prod' does not forward/);
  assert.match(topic.fix, /Topic Filtering: add v2\.detail\.events\.conversation\.\{id\}\.acd\.start/);
  const nothing = byCode('RULE_MATCHES_NOTHING');
  assert.deepEqual(nothing.map((f) => f.subject), [`rule 'voice' on ${SOURCE}`], 'the acd rule is explained by its topic, not twice');
  assert.match(nothing[0]!.message, /matches none of the 2 event\(s\).*detail\.eventBody\.mediaType is "VOICE", not one of \["voice"\]/);
  assert.match(byCode('RULE_PATTERN_INVALID')[0]!.message, /Empty objects are not allowed/);
  const wrongBus = byCode('RULE_ON_WRONG_BUS');
  assert.deepEqual(wrongBus.map((f) => f.subject), ["rule 'on-default' on default"]);
  assert.match(wrongBus[0]!.fix, new RegExp(`^aws events put-rule --region us-east-1 --name on-default --event-bus-name ${SOURCE.replace(/[/.]/g, '\\$&')} --event-pattern '\\{"source":\\["genesys.cloud"\\]\\}'`));
  assert.ok(!findings.some((f) => f.code === 'CHAIN_HEALTHY'));
  assert.equal(doctorExitCode(findings), 1);
  for (const f of findings.filter((x) => x.severity === 'error')) assert.ok(f.fix.length > 10, `${f.code} has a fix`);
});

test('integration faults: disabled, error state, empty topic filter, region mismatch, no integration', () => {
  const facts = healthyFacts();
  facts.genesys = {
    status: 'ok',
    integrations: [
      integration({ name: 'off', intendedState: 'DISABLED' }),
      integration({ name: 'err', reportedState: 'ERROR', eventFilter: [], awsAccountRegion: 'eu-west-1' }),
    ],
  };
  const findings = diagnose(facts, stubEngine);
  assert.deepEqual(
    codes(findings).filter((c) => /INTEGRATION|REGION/.test(c)),
    ['error:INTEGRATION_DISABLED', 'info:INTEGRATION_TOPICS', 'error:INTEGRATION_NOT_ACTIVE', 'error:INTEGRATION_NO_TOPICS', 'warning:REGION_MISMATCH'],
  );
  assert.match(findings.find((f) => f.code === 'REGION_MISMATCH')!.fix, /gceb doctor --aws-region eu-west-1/);
  facts.genesys = { status: 'ok', integrations: [] };
  assert.equal(diagnose(facts, stubEngine)[0]!.code, 'NO_INTEGRATION');
});

test('missing source and bus, absent pattern fields, no rules', () => {
  const facts = healthyFacts();
  const aws = facts.aws as Extract<DoctorFacts['aws'], { status: 'ok' }>;
  aws.sources = [];
  aws.buses = [];
  let findings = diagnose(facts, stubEngine);
  assert.deepEqual(codes(findings).filter((c) => c.startsWith('error')), ['error:SOURCE_MISSING', 'error:BUS_MISSING']);
  assert.match(findings.find((f) => f.code === 'SOURCE_MISSING')!.fix, /aws events list-event-sources --name-prefix aws.partner\/genesys.com --region us-east-1/);

  const fresh = healthyFacts();
  const a2 = fresh.aws as Extract<DoctorFacts['aws'], { status: 'ok' }>;
  a2.rules[0]!.eventPattern = '{"detail":{"conversationId":["abc"]}}';
  findings = diagnose(fresh, stubEngine);
  const absent = findings.find((f) => f.code === 'PATTERN_FIELD_ABSENT')!;
  assert.match(absent.message, /tests detail\.conversationId, a field that none of the 2 event\(s\)/);
  a2.rules = [];
  assert.ok(diagnose(fresh, stubEngine).some((f) => f.code === 'NO_RULES' && f.severity === 'warning'));
});

test('only Genesys, only AWS, nothing: does what it can and says what it skipped', () => {
  const facts = healthyFacts();
  facts.aws = { status: 'skipped', reason: 'no AWS credentials.', fix: 'Set AWS_PROFILE' };
  let findings = diagnose(facts, stubEngine);
  assert.deepEqual(codes(findings), ['ok:INTEGRATION_ACTIVE', 'info:INTEGRATION_TOPICS', 'info:AWS_SKIPPED', 'ok:CHAIN_HEALTHY']);

  const awsOnly = healthyFacts();
  awsOnly.genesys = { status: 'skipped', reason: 'no Genesys Cloud credentials', fix: 'export GENESYSCLOUD_OAUTHCLIENT_ID=...' };
  findings = diagnose(awsOnly, stubEngine);
  assert.deepEqual(codes(findings), ['info:GENESYS_SKIPPED', 'ok:SOURCE_ACTIVE', 'ok:BUS_PRESENT', 'ok:RULE_MATCHES', 'ok:CHAIN_HEALTHY']);
  assert.match(findings[3]!.message, /matches 1 of 3 event\(s\) in sample/, 'without a topic filter every event is tested');

  awsOnly.aws = { status: 'failed', message: 'AWS denied events:ListRules', fix: '{"Version":"2012-10-17"}' };
  findings = diagnose(awsOnly, stubEngine);
  assert.deepEqual(codes(findings), ['info:GENESYS_SKIPPED', 'error:AWS_UNAVAILABLE']);
});

test('with neither Genesys Cloud nor AWS credentials nothing is checked: not "healthy", exit 2', () => {
  const facts = healthyFacts();
  facts.genesys = { status: 'skipped', reason: 'no Genesys Cloud credentials', fix: 'export GENESYSCLOUD_OAUTHCLIENT_ID=...' };
  facts.aws = { status: 'skipped', reason: 'no AWS region.', fix: 'Pass --aws-region' };
  const findings = diagnose(facts, stubEngine);
  assert.ok(codes(findings).includes('warning:NOTHING_CHECKED'));
  assert.ok(!codes(findings).includes('ok:CHAIN_HEALTHY'));
  assert.equal(doctorExitCode(findings), 2);
  assert.match(formatFindingsText(findings), /Nothing checked: 0 error\(s\), 1 warning\(s\)/);
  assert.equal(JSON.parse(formatFindingsJson(findings)).checked, false);
});
