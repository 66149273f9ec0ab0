import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeCloudWatch } from '../fakes/aws/cloudwatch-server.js';
import { startFakeSqs } from '../fakes/aws/sqs-server.js';
import { startFakeSns } from '../fakes/aws/sns-server.js';
import { startFakeLambda } from '../fakes/aws/lambda-server.js';
import { startFakeBusLogs } from '../fakes/aws/bus-logs-server.js';
import {
  createCloudWatchClient, createLambdaClient, createLogsClient, createSnsClient, createSqsClient, readBusLogRecords, readEventsMetricSums,
  readEvidence, readLambdaPolicy, readQueueAccess, readTopicAccess, ruleMetricQueries, sourceMetricQuery, minimalIamPolicy, GCEB_DOCTOR_EVIDENCE_ACTIONS,
} from '../../src/aws/index.js';

const env = { AWS_ACCESS_KEY_ID: 'AKIDFAKEEVIDENCE', AWS_SECRET_ACCESS_KEY: 'fake-secret-evidence', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };
const window = { start: new Date('2026-12-01T00:00:00Z'), end: new Date('2026-12-02T00:00:00Z') };

test('GetMetricData over AWS JSON 1.0: sums per series, no data stays undefined, the custom bus uses EventBusName + RuleName', async () => {
  const cw = await startFakeCloudWatch({ series: [{ metric: 'Invocations', dimensions: { EventBusName: 'b', RuleName: 'r' }, values: [2, 3] }, { metric: 'Invocations', dimensions: { RuleName: 'd' }, values: [1] }] });
  const client = createCloudWatchClient({ env: { ...env, AWS_ENDPOINT_URL_CLOUDWATCH: cw.url } });
  try {
    const queries = [...ruleMetricQueries('r', 'b'), ...ruleMetricQueries('d', 'default'), sourceMetricQuery('s')];
    const sums = await readEventsMetricSums(client, queries, window);
    assert.equal(sums.get(ruleMetricQueries('r', 'b').find((q) => q.metric === 'Invocations')!.key), 5);
    assert.equal(sums.get(ruleMetricQueries('d', 'default').find((q) => q.metric === 'Invocations')!.key), 1);
    assert.equal(sums.get(ruleMetricQueries('r', 'b').find((q) => q.metric === 'FailedInvocations')!.key), undefined);
    assert.equal(sums.get(sourceMetricQuery('s').key), undefined);
    const body = cw.calls[0]!.body as { StartTime: number; MetricDataQueries: Array<{ MetricStat: { Period: number } }> };
    assert.equal(body.StartTime, window.start.getTime() / 1000, 'epoch seconds on the wire');
    assert.equal(body.MetricDataQueries[0]!.MetricStat.Period, 3600);
    cw.faults.push({ operation: 'GetMetricData', error: 'AccessDeniedException' });
    const read = await readEvidence({ action: 'cloudwatch:GetMetricData', what: 'metrics' }, env, undefined, () => readEventsMetricSums(client, queries, window));
    assert.equal(read.ok, false);
    if (!read.ok) assert.deepEqual([read.unreadable.code, read.unreadable.action, read.unreadable.denied], ['AccessDenied', 'cloudwatch:GetMetricData', true]);
  } finally {
    client.destroy();
    await cw.close();
  }
});

test('SQS (JSON 1.0), SNS (Query), Lambda (restJson1), Logs (JSON 1.1) read policies; missing things are answered as AWS does', async () => {
  const sqs = await startFakeSqs({ queues: [{ name: 'q', policy: { Statement: [] }, kmsMasterKeyId: 'alias/aws/sqs' }] });
  const sns = await startFakeSns({ topics: [{ arn: 'arn:aws:sns:us-east-1:123456789012:t', policy: '{"Statement":[]}' }], faults: [{ operation: 'GetTopicAttributes', error: 'AuthorizationError', times: 1 }] });
  const lambda = await startFakeLambda({ functions: [{ name: 'f', policy: { Statement: [{ Sid: 'x' }] } }, { name: 'bare' }] });
  const logs = await startFakeBusLogs({ groups: { g: [{ message_type: 'RULE_MATCH', event_id: 'e', details: { rule_arn: 'arn:r', target_arns: ['arn:t'] } }, 'not json', { message_type: 'INVOCATION_FAILURE', details: { rule_arn: 'arn:r', target_arn: 'arn:t' }, error: { error_message: 'AccessDenied', aws_service: 'lambda' } }] } });
  const e = { ...env, AWS_ENDPOINT_URL_SQS: sqs.url, AWS_ENDPOINT_URL_SNS: sns.url, AWS_ENDPOINT_URL_LAMBDA: lambda.url, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.url };
  const clients = { sqs: createSqsClient({ env: e }), sns: createSnsClient({ env: e }), lambda: createLambdaClient({ env: e }), logs: createLogsClient({ env: e }) };
  try {
    assert.deepEqual(await readQueueAccess(clients.sqs, 'arn:aws:sqs:us-east-1:123456789012:q'), { policy: '{"Statement":[]}', kmsMasterKeyId: 'alias/aws/sqs' });
    await assert.rejects(readQueueAccess(clients.sqs, 'arn:aws:sqs:us-east-1:123456789012:nope'), (err: Error) => /QueueDoesNotExist|NonExistentQueue/.test(err.name));
    const denied = await readEvidence({ action: 'sns:GetTopicAttributes', what: 'topic' }, e, undefined, () => readTopicAccess(clients.sns, 'arn:aws:sns:us-east-1:123456789012:t'));
    assert.equal(!denied.ok && denied.unreadable.code, 'AuthorizationErrorException', 'the SDK maps the Query code AuthorizationError to its modelled exception');
    assert.equal(!denied.ok && denied.unreadable.denied, true);
    assert.deepEqual(await readTopicAccess(clients.sns, 'arn:aws:sns:us-east-1:123456789012:t'), { policy: '{"Statement":[]}' });
    assert.equal(await readLambdaPolicy(clients.lambda, 'arn:aws:lambda:us-east-1:123456789012:function:f'), '{"Statement":[{"Sid":"x"}]}');
    assert.equal(await readLambdaPolicy(clients.lambda, 'arn:aws:lambda:us-east-1:123456789012:function:bare'), undefined, 'no policy: ResourceNotFound');
    const read = await readBusLogRecords(clients.logs, 'g', window);
    assert.deepEqual(read.records.map((r) => [r.messageType, r.ruleArn, r.targetArn, r.errorMessage]), [
      ['RULE_MATCH', 'arn:r', 'arn:t', undefined],
      ['INVOCATION_FAILURE', 'arn:r', 'arn:t', 'AccessDenied'],
    ]);
    assert.equal((await readBusLogRecords(clients.logs, 'g', window, { maxRecords: 1 })).truncated, true);
  } finally {
    for (const c of Object.values(clients)) c.destroy();
    await Promise.all([sqs.close(), sns.close(), lambda.close(), logs.close()]);
  }
});

test('the minimal IAM policy grows with exactly the doctor\'s read-only evidence actions', () => {
  const policy = JSON.parse(minimalIamPolicy());
  assert.deepEqual(policy.Statement[1].Action, [...GCEB_DOCTOR_EVIDENCE_ACTIONS]);
  assert.ok(policy.Statement.flatMap((s: { Action: string[] }) => s.Action).every((a: string) => /^(events|cloudwatch|logs|lambda|sqs|sns):(List|Describe|Get|Filter|Test)/.test(a)));
});

test('the README lists exactly the minimal IAM policy the doctor prints', async () => {
  const { readFile } = await import('node:fs/promises');
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const at = readme.indexOf('The minimal IAM policy');
  const block = /```json\n([\s\S]*?)\n```/.exec(readme.slice(at))![1]!;
  assert.deepEqual(JSON.parse(block), JSON.parse(minimalIamPolicy()));
});
