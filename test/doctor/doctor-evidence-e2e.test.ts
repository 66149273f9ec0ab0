import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPlantedChain, PROD, OPS, ruleArn } from '../fakes/aws/planted-chain.js';
import { runCli } from '../helpers/run-cli.js';
import { assertEveryRuleDelivered, doctorStageFailures, type RuleStage } from '../../src/doctor/index.js';

const EXPECTED_STAGES: Record<string, string> = {
  healthy: 'delivered',
  acd: 'not-sent',
  'genesys-on-default': 'not-arriving',
  voice: 'not-matching',
  'lambda-no-policy': 'delivery-failing',
  'sqs-deny': 'delivery-failing',
  transformer: 'delivery-failing',
  'no-dlq': 'delivered',
  'to-logs': 'delivered',
  'ops-audit': 'delivered',
};

function findingsOf(doc: { findings: Array<{ code: string; subject?: string; severity: string; message: string; fix: string; details?: Record<string, unknown> }> }, code: string, rule?: string) {
  return doc.findings.filter((f) => f.code === code && (rule === undefined || f.subject?.startsWith(`rule '${rule}' `)));
}

test('doctor against every fake: the stage and the fix of each planted fault, "delivered" for the healthy rule', async () => {
  const chain = await startPlantedChain();
  try {
    const run = await runCli(['doctor', '--format', 'json'], { env: chain.env });
    assert.equal(run.code, 1, run.stderr);
    const doc = JSON.parse(run.stdout);
    const stages = Object.fromEntries((doc.stages as RuleStage[]).map((s) => [s.rule, s.stage]));
    assert.deepEqual(stages, EXPECTED_STAGES);
    assert.equal(doc.window.since, '24h');
    assert.ok(Date.parse(doc.window.end) - Date.parse(doc.window.start) === 86_400_000, 'default window is 24h');

    // Lambda without a policy, FailedInvocations = Invocations: the add-permission command and the statement.
    const lambda = findingsOf(doc, 'TARGET_POLICY_MISSING', 'lambda-no-policy')[0]!;
    assert.match(lambda.fix, /^aws lambda add-permission --region us-east-1 --function-name arn:aws:lambda:us-east-1:123456789012:function:on-call .*--action lambda:InvokeFunction --principal events\.amazonaws\.com --source-arn arn:aws:events:us-east-1:123456789012:rule\/aws\.partner\/genesys\.com\/cloud\/[^/]+\/prod-events\/lambda-no-policy/);
    const lambdaStage = (doc.stages as RuleStage[]).find((s) => s.rule === 'lambda-no-policy')!;
    assert.deepEqual(lambdaStage.statement, {
      Sid: 'AllowEventBridge-lambda-no-policy',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:on-call',
      Condition: { ArnEquals: { 'aws:SourceArn': ruleArn(PROD, 'lambda-no-policy') } },
    });
    assert.match(findingsOf(doc, 'DELIVERY_FAILING', 'lambda-no-policy')[0]!.message, /Invocations 12, FailedInvocations 12/);
    assert.equal(lambdaStage.metrics?.Invocations, 12);
    assert.equal(lambdaStage.metrics?.ThrottledRules, null, 'a metric never sent is null (no data), not 0');

    // MatchedEvents 0 while the source's Events > 0, plus the local explanation of the events at hand.
    assert.match(findingsOf(doc, 'NOT_MATCHING', 'voice')[0]!.message, /delivered 100 event\(s\) since 24h \(Events\), but rule 'voice' matched none of them \(MatchedEvents 0\)/);
    assert.match(findingsOf(doc, 'RULE_MATCHES_NOTHING', 'voice')[0]!.fix, /set detail\.eventBody\.mediaType to \["VOICE"\]/);

    // The SQS queue policy that denies.
    const deny = findingsOf(doc, 'TARGET_POLICY_DENIES', 'sqs-deny')[0]!;
    assert.match(deny.message, /denies sqs:SendMessage to EventBridge for rule 'sqs-deny' \(statement 'DenyOutsideVpc'\)/);
    assert.match(deny.fix, /"aws:SourceArn": "arn:aws:events:us-east-1:123456789012:rule\/.+\/sqs-deny"/);

    // The transformer naming an absent path: previewed on the rule's events.
    const transformer = findingsOf(doc, 'TRANSFORMER_PATH_ABSENT', 'transformer')[0]!;
    assert.match(transformer.message, /maps <conv> to \$\.detail\.conversationId, which none of the \d+ event\(s\) has/);
    const preview = (transformer.details as { preview: { output: string } }).preview;
    assert.match(preview.output, /^\{"conversation": "", "media": "[A-Z]+"\}$/);
    assert.match(findingsOf(doc, 'TRANSFORMER_PREVIEW', 'transformer')[0]!.message, /receives, for the first of \d+ event\(s\): \{"conversation": "", "media": "[A-Z]+"\}$/);

    // No DLQ: a warning, the rule still delivers.
    assert.equal(findingsOf(doc, 'TARGET_NO_DLQ', 'no-dlq')[0]!.severity, 'warning');
    assert.equal(findingsOf(doc, 'TARGET_NO_DLQ').length, 1, 'every other target has a DLQ');

    // Logging OFF on the prod bus: the command and the cost; the ops bus log is read and counted.
    const off = findingsOf(doc, 'BUS_LOGGING_OFF')[0]!;
    assert.equal(off.subject, PROD);
    assert.match(off.fix, new RegExp(`^aws events update-event-bus --region us-east-1 --name ${PROD.replace(/[/.]/g, '\\$&')} --log-config '\\{"Level":"INFO","IncludeDetail":"FULL"\\}'`));
    assert.match(off.fix, /Cost: .*vended logs/);
    const records = findingsOf(doc, 'BUS_LOG_RECORDS')[0]!;
    assert.equal(records.subject, OPS);
    assert.deepEqual(records.details?.counts, { EVENT_RECEIPT: 3, RULE_MATCH: 2, INVOCATION_SUCCESS: 2, NO_STANDARD_RULES_MATCHED: 1 });
    assert.equal(chain.logs.calls.filter((c) => c.operation === 'FilterLogEvents').length, 4, '8 records at 2 per page');

    // The real clients spoke each fake's protocol, signed.
    for (const fake of [chain.cloudwatch, chain.lambda, chain.sqs, chain.sns, chain.logs]) {
      assert.ok(fake.calls.length > 0 && fake.calls.every((c) => c.signed), 'signed calls reached every fake');
    }
    assert.deepEqual([...new Set(chain.sqs.calls.map((c) => c.operation))].sort(), ['GetQueueAttributes', 'GetQueueUrl']);
    assert.deepEqual([...new Set(chain.sns.calls.map((c) => c.operation))], ['GetTopicAttributes']);
    assert.equal(findingsOf(doc, 'EVIDENCE_UNREADABLE').length, 0);
    assert.throws(() => assertEveryRuleDelivered(doc.stages), /6 of 10 rule\(s\) not delivered:\n- acd \(.+\): not-sent/);
    assert.deepEqual(doctorStageFailures(doc.stages).map((f) => f.split(':').slice(0, 2).join(':')), [
      `rule acd on ${PROD}: not-sent`,
      `rule voice on ${PROD}: not-matching`,
      `rule lambda-no-policy on ${PROD}: delivery-failing`,
      `rule sqs-deny on ${PROD}: delivery-failing`,
      `rule transformer on ${PROD}: delivery-failing`,
      'rule genesys-on-default on default: not-arriving',
    ]);
    assert.deepEqual(doctorStageFailures((doc.stages as RuleStage[]).filter((s) => s.stage === 'delivered')), []);

    const text = await runCli(['doctor'], { env: chain.env });
    assert.match(text.stdout, /^RULE +BUS +STAGE +WHY$/m);
    assert.match(text.stdout, /^healthy +…\/prod-events +delivered +Rule 'healthy' delivered: MatchedEvents 40, Invocations 40, FailedInvocations no data since 24h\.$/m);
    assert.ok(!text.stdout.includes(chain.env.AWS_SECRET_ACCESS_KEY!));
    process.stdout.write(`\n----- gceb doctor against the fakes -----\n${text.stdout}`);
  } finally {
    await chain.close();
  }
});

test('doctor with AccessDenied on GetMetricData and GetPolicy: lists each missing IAM action, the rest still runs', async () => {
  const chain = await startPlantedChain({ cloudwatch: [{ operation: 'GetMetricData', error: 'AccessDeniedException' }], lambda: [{ operation: 'GetPolicy', error: 'AccessDeniedException' }] });
  try {
    const run = await runCli(['doctor', '--format', 'json'], { env: chain.env });
    const doc = JSON.parse(run.stdout);
    const unreadable = findingsOf(doc, 'EVIDENCE_UNREADABLE')[0]!;
    assert.equal(unreadable.severity, 'warning');
    assert.deepEqual(unreadable.details?.actions, ['cloudwatch:GetMetricData', 'lambda:GetPolicy']);
    assert.match(unreadable.message, /AWS\/Events metrics .*: AccessDenied \(missing IAM action cloudwatch:GetMetricData\)/);
    assert.match(unreadable.message, /resource policy of arn:aws:lambda:.*: AccessDeniedException \(missing IAM action lambda:GetPolicy\)/);
    const policy = JSON.parse(unreadable.fix.slice(unreadable.fix.indexOf('{')));
    assert.ok(policy.Statement.flatMap((s: { Action: string[] }) => s.Action).includes('cloudwatch:GetMetricData'));
    const stages = Object.fromEntries((doc.stages as RuleStage[]).map((s) => [s.rule, s.stage]));
    // Without metrics, what the configuration shows still decides; a clean rule is "unknown", never "delivered" on no evidence.
    assert.equal(stages.healthy, 'unknown');
    assert.equal(stages['sqs-deny'], 'delivery-failing');
    assert.equal(stages['lambda-no-policy'], 'unknown', 'its policy could not be read');
    assert.match((doc.stages as RuleStage[]).find((s) => s.rule === 'lambda-no-policy')!.reason, /not readable: cloudwatch:GetMetricData, lambda:GetPolicy\.$/);
    assert.equal(stages['ops-audit'], 'delivered', 'the bus log still says so');
    assert.equal(findingsOf(doc, 'BUS_LOGGING_OFF').length, 1);
    assert.ok(!run.stdout.includes(chain.env.AWS_ACCESS_KEY_ID!));
  } finally {
    await chain.close();
  }
});

test('doctor --format md|html carry the stage table; bad --format and --since are usage errors', async () => {
  const chain = await startPlantedChain();
  try {
    const md = await runCli(['doctor', '--format', 'md', '--since', '7d'], { env: chain.env });
    assert.match(md.stdout, /^# gceb doctor/);
    assert.match(md.stdout, /\| rule \| bus \| stage \| why \| fix \|\n\| --- \|/);
    assert.match(md.stdout, /\| sqs-deny \| aws\.partner\/genesys\.com\/cloud\/[^|]+\/prod-events \| delivery-failing \|/);
    assert.match(md.stdout, /AWS records read since 7d/);
    assert.match(md.stdout, /Policy statement for rule `lambda-no-policy`:\n\n```json\n\{\n {2}"Sid"/);
    const html = await runCli(['doctor', '--format', 'html'], { env: chain.env });
    assert.match(html.stdout, /^<!doctype html>/);
    assert.match(html.stdout, /<td class="stage-delivered">delivered<\/td>/);
    assert.ok(!/<script/i.test(html.stdout));
    const help = await runCli(['doctor', '--help'], { env: chain.env });
    assert.match(help.stdout, /--since WHEN[\s\S]*--format F +text, json, md or html[\s\S]*-h, --help +this help\n\nRead-only AWS actions used: [\s\S]*sns:GetTopicAttributes\.\n\nExamples:/);
    const bad = await runCli(['doctor', '--format', 'xml'], { env: chain.env });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format must be text, json, md or html/);
    const since = await runCli(['doctor', '--since', 'yesterday'], { env: chain.env });
    assert.equal(since.code, 2);
    assert.match(since.stderr, /--since 'yesterday' is neither a duration nor a date/);
  } finally {
    await chain.close();
  }
});
