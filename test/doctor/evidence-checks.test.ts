import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose, doctorExitCode, ruleStages, type DoctorEvidence, type DoctorFacts, type DoctorRule } from '../../src/doctor/index.js';
import { EVENTS_RULE_METRICS } from '../../src/aws/index.js';
import { stubEngine } from './stub-engine.js';

const BUS = 'aws.partner/genesys.com/cloud/32aa07aa-db1b-4987-abd0-9483601ec29d/prod';
const ARN = (r: string) => `arn:aws:events:us-east-1:123456789012:rule/${BUS}/${r}`;
const DLQ = 'arn:aws:sqs:us-east-1:123456789012:dlq';
const RETRY = { maximumRetryAttempts: 3 };
const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:q';
const KMSQ = 'arn:aws:sqs:us-east-1:123456789012:encrypted';
const metrics = (m: Partial<Record<(typeof EVENTS_RULE_METRICS)[number], number>>) =>
  Object.fromEntries(EVENTS_RULE_METRICS.map((k) => [k, m[k] ?? null])) as Record<(typeof EVENTS_RULE_METRICS)[number], number | null>;

function facts(rules: DoctorRule[], evidence: Partial<DoctorEvidence>): DoctorFacts {
  const event = { id: 'e1', 'detail-type': 'x', source: BUS, detail: { eventBody: { conversationId: 'c' } } };
  return {
    genesys: { status: 'skipped', reason: 'not asked', fix: '-' },
    aws: { status: 'ok', region: 'us-east-1', sources: [{ name: BUS, state: 'ACTIVE' }], buses: [{ name: BUS, arn: `arn:aws:events:us-east-1:123456789012:event-bus/${BUS}` }], busesInspected: [BUS], rules },
    events: { status: 'ok', input: 'events.ndjson', rebrand: false, problems: [], events: [event] },
    evidence: { status: 'ok', window: { start: 's', end: 'e', since: '24h' }, targets: [], busLogging: [], unreadable: [], ...evidence },
  };
}

const rule = (name: string, target: Record<string, unknown>): DoctorRule => ({
  name,
  eventBusName: BUS,
  arn: ARN(name),
  state: 'ENABLED',
  eventPattern: '{"detail-type":["x"]}',
  targets: [{ id: 't', arn: QUEUE, deadLetterArn: DLQ, retryPolicy: RETRY, ...target } as DoctorRule['targets'] extends (infer T)[] | undefined ? T : never],
});

test('role, KMS, throttling, input path, matched-not-invoked, bus-log failures and "unknown", each at its stage', () => {
  const allow = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: QUEUE }] });
  const f = facts(
    [
      rule('kinesis', { arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/s' }),
      rule('kms', { arn: KMSQ }),
      rule('throttled', {}),
      rule('path', { inputPath: '$.detail.conversationId' }),
      rule('silent', {}),
      rule('logged', {}),
      rule('quiet', {}),
    ],
    {
      targets: [
        { arn: QUEUE, read: { ok: true, value: { policy: allow } } },
        { arn: KMSQ, read: { ok: true, value: { policy: allow.replace(QUEUE, KMSQ), kmsMasterKeyId: 'alias/aws/sqs' } } },
      ],
      sourceEvents: [{ source: BUS, events: 50 }],
      ruleMetrics: [
        { rule: 'throttled', bus: BUS, metrics: metrics({ Invocations: 10, ThrottledRules: 4 }) },
        { rule: 'silent', bus: BUS, metrics: metrics({ MatchedEvents: 6 }) },
        { rule: 'quiet', bus: BUS, metrics: metrics({}) },
      ],
      busLogging: [
        {
          bus: BUS,
          config: { ok: true, value: { level: 'ERROR', includeDetail: 'FULL' } },
          logGroup: 'g',
          records: { ok: true, value: { truncated: false, records: [{ messageType: 'INVOCATION_FAILURE', ruleArn: ARN('logged'), targetArn: QUEUE, errorMessage: 'KMS.AccessDeniedException' }] } },
        },
      ],
    },
  );
  const findings = diagnose(f, stubEngine);
  const stages = Object.fromEntries(ruleStages(f, findings).map((s) => [s.rule, s]));
  assert.equal(stages.kinesis!.stage, 'delivery-failing');
  assert.match(stages.kinesis!.reason, /has no RoleArn; EventBridge needs a role to deliver to kinesis/);
  assert.ok(findings.some((x) => x.code === 'TARGET_KMS_AWS_MANAGED' && x.subject === `rule 'kms' on ${BUS}`));
  assert.equal(stages.kms!.stage, 'delivery-failing');
  const throttled = findings.find((x) => x.code === 'DELIVERY_THROTTLED')!;
  assert.equal(throttled.severity, 'warning');
  assert.match(stages.path!.reason, /sends only \$\.detail\.conversationId, which none of the 1 event\(s\) has/);
  assert.ok(findings.some((x) => x.code === 'MATCHED_NOT_INVOKED' && /matched 6 event\(s\) since 24h but no invocation was recorded \(Invocations no data\)/.test(x.message)));
  assert.match(findings.find((x) => x.code === 'BUS_LOG_INVOCATION_FAILURES')!.message, /1 invocation\(s\) of rule 'logged' failed \(0 succeeded\); the target answered: KMS\.AccessDeniedException/);
  assert.equal(stages.quiet!.stage, 'not-matching', 'Events 50, MatchedEvents no data');
  assert.equal(stages.throttled!.stage, 'delivered');
  assert.equal(stages.silent!.stage, 'delivery-failing');
  assert.equal(stages.logged!.stage, 'delivery-failing');
  assert.equal(doctorExitCode(findings), 1);
});

test('a clean configuration without AWS records is "unknown", never "delivered"', () => {
  const allow = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: QUEUE }] });
  const f = facts([rule('clean', {})], { targets: [{ arn: QUEUE, read: { ok: true, value: { policy: allow } } }] });
  const [stage] = ruleStages(f, diagnose(f, stubEngine));
  assert.equal(stage!.stage, 'unknown');
  assert.match(stage!.reason, /no AWS record of a delivery/);
});
