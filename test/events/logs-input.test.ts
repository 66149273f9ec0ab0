import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { isolatedAwsEnv } from '../helpers/aws-env.js';
import { startFakeLogs } from '../fakes/aws/logs-server.js';
import { eventFromBusLogRecord, parseLogsSpec } from '../../src/events/index.js';

const RULE = '{"source":[{"prefix":"aws.partner/genesys.com"}]}';
const T0 = Date.parse('2024-05-01T10:00:00Z');
const BUS_ARN = 'arn:aws:events:eu-west-1:123456789012:event-bus/aws.partner/genesys.com/cloud/org-1/prod';

function event(n: number) {
  return {
    version: '0',
    id: `evt-${n}`,
    'detail-type': 'v2.users.{id}.presence',
    source: 'aws.partner/genesys.com/cloud/org-1/prod',
    account: '123456789012',
    time: '2024-05-01T10:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail: { topicName: `v2.users.u${n}.presence`, eventBody: { presenceDefinition: { systemPresence: 'AVAILABLE' } } },
  };
}

function busRecord(n: number, messageType: string, withDetail: boolean) {
  const e = event(n);
  return JSON.stringify({
    resource_arn: BUS_ARN,
    request_id: `req-${n}`,
    event_id: e.id,
    invocation_id: '',
    message_timestamp_ms: String(T0 + n),
    message_type: messageType,
    log_level: 'TRACE',
    details: messageType.startsWith('INVOCATION')
      ? { rule_arn: 'arn:aws:events:eu-west-1:123456789012:rule/x', target_arn: 'arn:aws:sqs:eu-west-1:123456789012:q' }
      : { caller_account_id: '765432109876', source_time_ms: T0, source: e.source, detail_type: e['detail-type'], resources: [], ...(withDetail ? { event_detail: JSON.stringify(e.detail) } : {}) },
  });
}

test('parseLogsSpec and eventFromBusLogRecord', () => {
  assert.deepEqual(parseLogsSpec('logs:/aws/events/tap'), { group: '/aws/events/tap' });
  assert.deepEqual(parseLogsSpec('logs:/aws/events/tap:2024/05'), { group: '/aws/events/tap', streamPrefix: '2024/05' });
  assert.throws(() => parseLogsSpec('logs:bad group'), /not a log group/);
  const out = eventFromBusLogRecord(JSON.parse(busRecord(1, 'EVENT_RECEIPT', true)) as Record<string, unknown>);
  assert.equal(out.kind, 'event');
  if (out.kind === 'event') assert.deepEqual(out.event, { ...event(1), time: '2024-05-01T10:00:00Z' });
  const none = eventFromBusLogRecord(JSON.parse(busRecord(1, 'EVENT_RECEIPT', false)) as Record<string, unknown>);
  assert.equal(none.kind, 'no-event');
  if (none.kind === 'no-event') assert.match(none.reason, /IncludeDetail FULL/);
});

test('gceb test --events logs:GROUP: raw events of a catch-all rule, every page, --since/--until', async () => {
  const logs = await startFakeLogs({ pageSize: 3 });
  const dir = await mkdtemp(join(tmpdir(), 'gceb-logs-'));
  try {
    logs.append('/aws/events/genesys-all', 'stream-a', Array.from({ length: 10 }, (_, n) => ({ message: JSON.stringify(event(n)), timestamp: T0 + n * 60_000 })));
    logs.append('/aws/events/genesys-all', 'stream-b', [{ message: 'not json at all', timestamp: T0 + 30_000 }, { message: '{"hello":"world"}', timestamp: T0 + 31_000 }]);
    const env = { ...isolatedAwsEnv(logs.env, dir, { accessKeyId: 'AKIDFAKELOGS', secretAccessKey: 'fake-logs-secret' }), ...logs.env };
    const r = await runCli(['test', '--rules', RULE, '--events', 'logs:/aws/events/genesys-all'], { env, cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /10\/10 matched/);
    assert.match(r.stderr, /logs:\/aws\/events\/genesys-all:stream-b:1: log event ev\d+ is not JSON/);
    assert.match(r.stderr, /logs:\/aws\/events\/genesys-all:stream-b:2: not an EventBridge event/);
    assert.ok(logs.calls.filter((c) => c.operation === 'logs:FilterLogEvents').length >= 4, 'several pages');
    const window = await runCli(['test', '--rules', RULE, '--events', 'logs:/aws/events/genesys-all:stream-a', '--since', '2024-05-01T10:02:00Z', '--until', '2024-05-01T10:05:00Z'], { env, cwd: dir });
    assert.equal(window.code, 0, window.stderr);
    assert.match(window.stdout, /4\/4 matched/);
    const last = logs.calls.filter((c) => c.operation === 'logs:FilterLogEvents').at(-1)!.body;
    assert.equal(last.logStreamNamePrefix, 'stream-a');
    assert.equal(last.startTime, T0 + 2 * 60_000);
    const missing = await runCli(['test', '--rules', RULE, '--events', 'logs:/no/such/group'], { env, cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Not found: CloudWatch Logs FilterLogEvents \(log group \/no\/such\/group\)/);
  } finally {
    await logs.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('gceb test --events logs:GROUP: bus-logging records give their events once; records without an event are counted and reported', async () => {
  const logs = await startFakeLogs({ pageSize: 4 });
  const dir = await mkdtemp(join(tmpdir(), 'gceb-logs-'));
  try {
    const messages: string[] = [];
    for (let n = 0; n < 5; n++) {
      messages.push(busRecord(n, 'EVENT_RECEIPT', true), busRecord(n, 'RULE_MATCH_START', true), busRecord(n, 'INVOCATION_ATTEMPT_START', false), busRecord(n, 'INVOCATION_SUCCESS', false));
    }
    for (let n = 5; n < 8; n++) messages.push(busRecord(n, 'EVENT_RECEIPT', false));
    messages.push(busRecord(9, 'INVOCATION_FAILURE', false));
    logs.append('/aws/vendedlogs/events/event-bus/genesys', 'bus-log', messages);
    const env = { ...isolatedAwsEnv(logs.env, dir, { accessKeyId: 'AKIDFAKELOGS', secretAccessKey: 'fake-logs-secret' }), ...logs.env };
    const r = await runCli(['test', '--rules', RULE, '--events', 'logs:/aws/vendedlogs/events/event-bus/genesys'], { env, cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /5\/5 matched/);
    assert.match(r.stderr, /4 bus-logging records carry no event \(3 × EVENT_RECEIPT: no event_detail \(bus logging without IncludeDetail FULL\); 1 × INVOCATION_FAILURE: no event details in this step\)/);
    assert.match(r.stderr, /IncludeDetail FULL/);
    assert.match(r.stderr, /gceb: logs:\/aws\/vendedlogs\/events\/event-bus\/genesys: 24 log events read, 5 bus-logging events, 4 records without an event/);
  } finally {
    await logs.close();
    await rm(dir, { recursive: true, force: true });
  }
});
