import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowStatement, evaluateDeliveryPolicy, previewInputTransformer, doctorWindow, valueAtJsonPath } from '../../src/doctor/index.js';

const RULE = 'arn:aws:events:us-east-1:123456789012:rule/aws.partner/genesys.com/cloud/o/prod/calls';
const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:calls';
const req = { actions: ['sqs:SendMessage'], resource: QUEUE, ruleArn: RULE, account: '123456789012' };
const policy = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const allow = (extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: QUEUE, ...extra });

test('resource policies: allow with the rule ARN, wildcards, other rules, explicit deny, unknown conditions', () => {
  assert.equal(evaluateDeliveryPolicy(undefined, req).verdict, 'not-allowed');
  assert.equal(evaluateDeliveryPolicy(policy(allow({ Condition: { ArnEquals: { 'aws:SourceArn': RULE } } })), req).verdict, 'allowed');
  assert.equal(evaluateDeliveryPolicy(policy(allow({ Action: 'sqs:*', Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:events:*:123456789012:rule/*' } } })), req).verdict, 'allowed', 'keys are case-insensitive, wildcards work');
  assert.equal(evaluateDeliveryPolicy(policy(allow({ Condition: { ArnEquals: { 'aws:SourceArn': `${RULE}-other` } } })), req).verdict, 'not-allowed');
  assert.equal(evaluateDeliveryPolicy(policy(allow({ Principal: { Service: 'sns.amazonaws.com' } })), req).verdict, 'not-allowed');
  assert.equal(evaluateDeliveryPolicy(policy(allow({ Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } })), req).verdict, 'allowed');
  const denied = evaluateDeliveryPolicy(policy(allow(), { Sid: 'NoEvents', Effect: 'Deny', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' }), req);
  assert.deepEqual(denied, { verdict: 'denied', sid: 'NoEvents' });
  const vpc = evaluateDeliveryPolicy(policy(allow({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } })), req);
  assert.equal(vpc.verdict, 'uncertain');
  assert.equal(evaluateDeliveryPolicy('not json', req).verdict, 'uncertain');
  const logs = { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resource: 'arn:aws:logs:us-east-1:1:log-group:/aws/events/x:*', ruleArn: RULE };
  assert.equal(evaluateDeliveryPolicy(policy({ Effect: 'Allow', Principal: { Service: ['events.amazonaws.com'] }, Action: ['logs:CreateLogStream'], Resource: 'arn:aws:logs:us-east-1:1:log-group:/aws/events/*:*' }), logs).verdict, 'not-allowed', 'every action is needed');
});

test('the statement to paste allows exactly what was missing', () => {
  const s = allowStatement(req, 'AllowEventBridge-calls');
  assert.equal(evaluateDeliveryPolicy(policy(s), req).verdict, 'allowed');
  assert.equal(evaluateDeliveryPolicy(policy(s), { ...req, ruleArn: `${RULE}x` }).verdict, 'not-allowed', 'only for this rule');
});

test('input transformer preview: absent paths, undefined placeholders, JSON validity, no prototype reach', () => {
  const event = { id: 'e1', time: '2026-01-01T00:00:00Z', detail: { eventBody: { conversationId: 'c1', n: 3, list: ['a', 'b'] } } };
  const ok = previewInputTransformer({ inputPathsMap: { c: '$.detail.eventBody.conversationId', n: '$.detail.eventBody.n', second: '$.detail.eventBody.list[1]' }, inputTemplate: '{"c": "<c>", "n": <n>, "s": "<second>", "rule": "<aws.events.rule-name>"}' }, [event], { ruleArn: RULE, ruleName: 'calls' });
  assert.equal(ok.output, '{"c": "c1", "n": 3, "s": "b", "rule": "calls"}');
  assert.deepEqual([ok.absentPaths, ok.undefinedPlaceholders, ok.invalidJson], [[], [], undefined]);
  const bad = previewInputTransformer({ inputPathsMap: { c: '$.detail.conversationId' }, inputTemplate: '{"c": <c>, "x": "<missing>"}' }, [event], { ruleArn: RULE, ruleName: 'calls' });
  assert.deepEqual(bad.absentPaths, [{ name: 'c', path: '$.detail.conversationId' }]);
  assert.deepEqual(bad.undefinedPlaceholders, ['missing']);
  assert.match(bad.invalidJson ?? '', /JSON/);
  assert.equal(valueAtJsonPath(event, '$.__proto__'), undefined);
  assert.equal(valueAtJsonPath(event, '$.detail.constructor'), undefined);
});

test('--since: durations and ISO starts; bad input is a UserError', () => {
  const now = new Date('2026-12-02T06:00:00Z');
  assert.deepEqual(doctorWindow(undefined, now), { start: '2026-12-01T06:00:00.000Z', end: '2026-12-02T06:00:00.000Z', since: '24h' });
  assert.equal(doctorWindow('30m', now).start, '2026-12-02T05:30:00.000Z');
  assert.equal(doctorWindow('2026-11-30T00:00:00Z', now).start, '2026-11-30T00:00:00.000Z');
  assert.throws(() => doctorWindow('soon', now), /neither a duration nor a date/);
  assert.throws(() => doctorWindow('2027-01-01', now), /not in the past/);
});
