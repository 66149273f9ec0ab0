/**
 * Every loopback fake the doctor reads (Genesys Cloud, EventBridge, CloudWatch, Lambda, SQS, SNS, CloudWatch Logs),
 * set up as one account with a fault planted at every stage and one healthy chain:
 *
 *   rule                stage it must be reported at   planted fault
 *   healthy             delivered                      none (SQS target allows the rule, DLQ, retry policy, Invocations > 0)
 *   acd                 not-sent                       topic not in the integration's filter
 *   genesys-on-default  not-arriving                   Genesys rule on the default bus
 *   voice               not-matching                   MatchedEvents 0 while the source's Events > 0 ("voice" vs VOICE)
 *   lambda-no-policy    delivery-failing               Lambda without a resource policy; FailedInvocations = Invocations
 *   sqs-deny            delivery-failing               SQS queue policy with an explicit Deny for EventBridge
 *   transformer         delivery-failing               input transformer naming an absent path ($.detail.conversationId)
 *   no-dlq              delivered (warned)             SNS target without a dead-letter queue
 *   to-logs             delivered                      none (CloudWatch Logs target, account resource policy allows)
 *   ops-audit           delivered                      metrics no data, but INVOCATION_SUCCESS in the ops bus log
 *
 * The prod bus has logging OFF; the ops bus logs at INFO to CloudWatch Logs. `deny` plants AccessDenied.
 */
import { startFakeEventBridge, type FakeEventBridge, type FakeFault } from '../eventbridge-server.js';
import { startFakeGenesys } from '../genesys-server.js';
import { startFakeCloudWatch, type FakeCloudWatch, type FakeSeries } from './cloudwatch-server.js';
import { startFakeLambda, type FakeLambda } from './lambda-server.js';
import { startFakeSqs, type FakeSqs } from './sqs-server.js';
import { startFakeSns, type FakeSns } from './sns-server.js';
import { startFakeBusLogs, type FakeBusLogs } from './bus-logs-server.js';
import type { PlantedFault } from './loopback.js';

export const ORG = '32aa07aa-db1b-4987-abd0-9483601ec29d';
export const PROD = `aws.partner/genesys.com/cloud/${ORG}/prod-events`;
export const OPS = `aws.partner/genesys.com/cloud/${ORG}/ops-events`;
export const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const CUSTOMER_START = 'v2.detail.events.conversation.{id}.customer.start';
const ACD_START = 'v2.detail.events.conversation.{id}.acd.start';
const AUDIT = 'v2.audits.entitytype.{id}.entityid.{id}';

export const ruleArn = (bus: string, rule: string) => `arn:aws:events:${REGION}:${ACCOUNT}:rule/${bus === 'default' ? '' : `${bus}/`}${rule}`;
const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
const DLQ = { Arn: queueArn('genesys-dlq') };
const RETRY = { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 };
const LAMBDA = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:on-call`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:genesys-alerts`;
const LOG_GROUP = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/events/genesys`;

const allowFrom = (action: string, resource: string, rules: string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'AllowRules', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: action, Resource: resource, Condition: { ArnEquals: { 'aws:SourceArn': rules } } }],
});

/** A Genesys Cloud EventBridge integration of the planted org, as the integrations API returns it. */
export function integration(id: string, name: string, suffix: string, eventFilter: string[]) {
  return {
    id,
    name,
    integrationType: { id: 'amazon-eventbridge-source' },
    intendedState: 'ENABLED',
    reportedState: { code: 'ACTIVE' },
    properties: { eventSourceSuffix: suffix, awsAccountId: ACCOUNT, awsAccountRegion: REGION, eventFilter },
  };
}

const rule = (bus: string, name: string) => ({ EventBusName: bus, RuleName: name });
function series(): FakeSeries[] {
  const s = (metric: string, dimensions: Record<string, string>, values: number[]) => ({ metric, dimensions, values });
  return [
    s('Events', { EventSourceName: PROD }, [60, 40]),
    s('MatchedEvents', rule(PROD, 'healthy'), [25, 15]),
    s('TriggeredRules', rule(PROD, 'healthy'), [25, 15]),
    s('Invocations', rule(PROD, 'healthy'), [25, 15]),
    s('MatchedEvents', rule(PROD, 'voice'), [0, 0]),
    s('MatchedEvents', rule(PROD, 'lambda-no-policy'), [12]),
    s('Invocations', rule(PROD, 'lambda-no-policy'), [12]),
    s('FailedInvocations', rule(PROD, 'lambda-no-policy'), [12]),
    s('MatchedEvents', rule(PROD, 'sqs-deny'), [5]),
    s('Invocations', rule(PROD, 'sqs-deny'), [5]),
    s('FailedInvocations', rule(PROD, 'sqs-deny'), [5]),
    s('MatchedEvents', rule(PROD, 'transformer'), [9]),
    s('Invocations', rule(PROD, 'transformer'), [9]),
    s('MatchedEvents', rule(PROD, 'no-dlq'), [7]),
    s('Invocations', rule(PROD, 'no-dlq'), [7]),
    s('MatchedEvents', rule(PROD, 'to-logs'), [3]),
    s('Invocations', rule(PROD, 'to-logs'), [3]),
  ];
}

function opsBusLog() {
  const busArn = `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${OPS}`;
  const r = (type: string, eventId: string, details: Record<string, unknown> = {}) => ({
    resource_arn: busArn,
    request_id: `req-${eventId}`,
    event_id: eventId,
    message_timestamp_ms: 1_764_650_000_000,
    message_type: type,
    log_level: 'INFO',
    details,
  });
  const audit = ruleArn(OPS, 'ops-audit');
  return [
    r('EVENT_RECEIPT', 'e1', { source: OPS, detail_type: AUDIT }),
    r('RULE_MATCH', 'e1', { rule_arn: audit, target_arns: [queueArn('audit')], invocation_ids: ['i1'] }),
    r('INVOCATION_SUCCESS', 'e1', { rule_arn: audit, target_arn: queueArn('audit'), total_attempts: 1 }),
    r('EVENT_RECEIPT', 'e2', { source: OPS, detail_type: AUDIT }),
    r('RULE_MATCH', 'e2', { rule_arn: audit, target_arns: [queueArn('audit')], invocation_ids: ['i2'] }),
    r('INVOCATION_SUCCESS', 'e2', { rule_arn: audit, target_arn: queueArn('audit'), total_attempts: 1 }),
    r('EVENT_RECEIPT', 'e3', { source: OPS, detail_type: 'v2.users.{id}.presence' }),
    r('NO_STANDARD_RULES_MATCHED', 'e3'),
  ];
}

export interface PlantedChain {
  env: Record<string, string>;
  eb: FakeEventBridge;
  cloudwatch: FakeCloudWatch;
  lambda: FakeLambda;
  sqs: FakeSqs;
  sns: FakeSns;
  logs: FakeBusLogs;
  close(): Promise<void>;
}

export async function startPlantedChain(deny: { eventbridge?: FakeFault[]; cloudwatch?: PlantedFault[]; lambda?: PlantedFault[]; sqs?: PlantedFault[]; sns?: PlantedFault[]; logs?: PlantedFault[] } = {}): Promise<PlantedChain> {
  const genesys = await startFakeGenesys({
    orgId: ORG,
    integrations: [
      integration('i-prod', 'EventBridge prod', 'prod-events', [CUSTOMER_START, 'v2.users.{id}.presence']),
      integration('i-ops', 'EventBridge ops', 'ops-events', [AUDIT, 'v2.users.{id}.presence']),
    ],
  });
  const sqsTarget = { Id: 'q', Arn: queueArn('calls'), DeadLetterConfig: DLQ, RetryPolicy: RETRY };
  const pattern = { source: [{ prefix: 'aws.partner/genesys.com' }], 'detail-type': [CUSTOMER_START] };
  const eb = await startFakeEventBridge({
    buses: [{ Name: PROD, LogConfig: { Level: 'OFF', IncludeDetail: 'NONE' } }, { Name: OPS, LogConfig: { Level: 'INFO', IncludeDetail: 'FULL' } }],
    sources: [
      { Name: PROD, State: 'ACTIVE' },
      { Name: OPS, State: 'ACTIVE' },
    ],
    rules: [
      { Name: 'healthy', EventBusName: PROD, EventPattern: pattern, targets: [sqsTarget] },
      { Name: 'acd', EventBusName: PROD, EventPattern: { 'detail-type': [ACD_START] }, targets: [sqsTarget] },
      { Name: 'voice', EventBusName: PROD, EventPattern: { ...pattern, detail: { eventBody: { mediaType: ['voice'] } } }, targets: [sqsTarget] },
      { Name: 'lambda-no-policy', EventBusName: PROD, EventPattern: pattern, targets: [{ Id: 'fn', Arn: LAMBDA, DeadLetterConfig: DLQ, RetryPolicy: RETRY }] },
      { Name: 'sqs-deny', EventBusName: PROD, EventPattern: pattern, targets: [{ Id: 'q', Arn: queueArn('locked'), DeadLetterConfig: DLQ, RetryPolicy: RETRY }] },
      {
        Name: 'transformer',
        EventBusName: PROD,
        EventPattern: pattern,
        targets: [
          {
            ...sqsTarget,
            InputTransformer: {
              InputPathsMap: { conv: '$.detail.conversationId', media: '$.detail.eventBody.mediaType' },
              InputTemplate: '{"conversation": "<conv>", "media": "<media>"}',
            },
          },
        ],
      },
      { Name: 'no-dlq', EventBusName: PROD, EventPattern: pattern, targets: [{ Id: 'sns', Arn: TOPIC, RetryPolicy: RETRY }] },
      { Name: 'to-logs', EventBusName: PROD, EventPattern: pattern, targets: [{ Id: 'log', Arn: LOG_GROUP, DeadLetterConfig: DLQ, RetryPolicy: RETRY }] },
      { Name: 'ops-audit', EventBusName: OPS, EventPattern: { 'detail-type': [AUDIT] }, targets: [{ Id: 'q', Arn: queueArn('audit'), DeadLetterConfig: DLQ, RetryPolicy: RETRY }] },
      { Name: 'genesys-on-default', EventPattern: { source: [{ prefix: 'aws.partner/genesys.com' }] }, targets: [sqsTarget] },
    ],
    faults: deny.eventbridge ?? [],
  });
  const cloudwatch = await startFakeCloudWatch({ series: series(), faults: deny.cloudwatch ?? [] });
  const lambda = await startFakeLambda({ functions: [{ name: 'on-call' }], faults: deny.lambda ?? [] });
  const sqs = await startFakeSqs({
    queues: [
      { name: 'calls', policy: allowFrom('sqs:SendMessage', queueArn('calls'), ['healthy', 'acd', 'voice', 'transformer'].map((r) => ruleArn(PROD, r)).concat(ruleArn('default', 'genesys-on-default'))) },
      {
        name: 'locked',
        policy: {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'AllowRule', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queueArn('locked'), Condition: { ArnEquals: { 'aws:SourceArn': ruleArn(PROD, 'sqs-deny') } } },
            { Sid: 'DenyOutsideVpc', Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: queueArn('locked') },
          ],
        },
      },
      { name: 'audit', policy: allowFrom('sqs:SendMessage', queueArn('audit'), [ruleArn(OPS, 'ops-audit')]) },
    ],
    faults: deny.sqs ?? [],
  });
  const sns = await startFakeSns({ topics: [{ arn: TOPIC, policy: allowFrom('sns:Publish', TOPIC, [ruleArn(PROD, 'no-dlq')]) }], faults: deny.sns ?? [] });
  const logs = await startFakeBusLogs({
    groups: { [`/aws/vendedlogs/events/event-bus/${OPS}`]: opsBusLog() },
    resourcePolicies: [
      {
        policyName: 'TrustEventsToStoreLogEvent',
        policyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'TrustEventsToStoreLogs',
              Effect: 'Allow',
              Principal: { Service: ['delivery.logs.amazonaws.com', 'events.amazonaws.com'] },
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/events/*:*`,
            },
          ],
        },
      },
    ],
    faults: deny.logs ?? [],
  });
  return {
    env: {
      ...genesys.env,
      ...eb.env,
      AWS_ENDPOINT_URL_CLOUDWATCH: cloudwatch.url,
      AWS_ENDPOINT_URL_LAMBDA: lambda.url,
      AWS_ENDPOINT_URL_SQS: sqs.url,
      AWS_ENDPOINT_URL_SNS: sns.url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.url,
    },
    eb,
    cloudwatch,
    lambda,
    sqs,
    sns,
    logs,
    close: async () => {
      await Promise.all([genesys.close(), eb.close(), cloudwatch.close(), lambda.close(), sqs.close(), sns.close(), logs.close()]);
    },
  };
}
