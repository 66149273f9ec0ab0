/**
 * `gceb test --rules bus:BUS` and `--rules rule:NAME@BUS` end to end: rules are
 * loaded through the real AWS SDK from the fake EventBridge, then tested locally.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { isolatedAwsEnv } from '../helpers/aws-env.js';
import { RECORDED_EVENT_CUSTOMER_START, startFakeEventBridge, type FakeEventBridge } from '../fakes/eventbridge-server.js';

const SECRET = 'aws-rules-secret-KEY/do+not+print00000000000000';
const BUS = RECORDED_EVENT_CUSTOMER_START.source;
const EVENT_ID = RECORDED_EVENT_CUSTOMER_START.id;

let dir: string;
let eb: FakeEventBridge;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gceb-aws-rules-'));
  eb = await startFakeEventBridge({
    buses: [{ Name: BUS }, { Name: 'empty-bus' }],
    rules: [
      { Name: 'customer-start', EventBusName: BUS, EventPattern: { source: [{ prefix: 'aws.partner/genesys.com' }], 'detail-type': ['v2.detail.events.conversation.{id}.customer.start'] } },
      { Name: 'lower-case-chat', EventBusName: BUS, EventPattern: { detail: { eventBody: { mediaType: ['chat'] } } } },
      { Name: 'old-source', EventBusName: BUS, EventPattern: JSON.stringify({ source: ['genesys.cloud'] }) },
      { Name: 'nightly', EventBusName: BUS, ScheduleExpression: 'rate(1 day)' },
      { Name: 'on-default', EventPattern: { source: [{ prefix: 'aws.partner/genesys.com' }] } },
    ],
  });
  await writeFile(join(dir, 'events.ndjson'), `${JSON.stringify(RECORDED_EVENT_CUSTOMER_START)}\n`);
});

after(async () => {
  await eb?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[]) {
  const env = isolatedAwsEnv(eb.env, dir, { accessKeyId: 'fake-access-key-aws-rules', secretAccessKey: SECRET });
  const { code, stdout: out, stderr: err } = await runCli(args, { env, cwd: dir });
  assert.ok(!out.includes(SECRET) && !err.includes(SECRET), 'the AWS secret key must never be printed');
  return { code, out, err };
}

function verdictsByRule(jsonReport: string): Record<string, boolean> {
  const report = JSON.parse(jsonReport) as { verdicts: Array<{ rule: string; eventId: string; match: boolean }> };
  for (const v of report.verdicts) assert.equal(v.eventId, EVENT_ID);
  return Object.fromEntries(report.verdicts.map((v) => [v.rule, v.match]));
}

function assertOneLineUserError(err: string, pattern: RegExp) {
  const lines = err.trimEnd().split('\n');
  assert.match(lines[0]!, pattern);
  assert.ok(lines.length <= 2, `a message and at most a hint line, got:\n${err}`);
  assert.doesNotMatch(err, /^\s+at /m, 'no stack trace');
  assert.doesNotMatch(err, /unexpected error/);
}

describe('gceb test --rules bus:/rule: against the fake EventBridge', () => {
  it('bus:BUS loads every rule with a pattern on the bus (all pages) and tests it', async () => {
    const before = eb.calls.length;
    const { code, out, err } = await cli(['test', '--rules', `bus:${BUS}`, '--events', 'events.ndjson', '--format', 'json']);
    assert.equal(code, 0, err);
    assert.deepEqual(verdictsByRule(out), { 'customer-start': true, 'lower-case-chat': false, 'old-source': false });
    const listCalls = eb.calls.slice(before).filter((c) => c.operation === 'ListRules');
    assert.ok(listCalls.length >= 2, 'the fake pages 2 rules at a time: more than one ListRules call');
    assert.ok(listCalls.every((c) => c.body.EventBusName === BUS && c.signed));
  });

  it('bus:BUS in text: verdicts with explanations of the misses', async () => {
    const { code, out } = await cli(['test', '--rules', `bus:${BUS}`, '--events', 'events.ndjson']);
    assert.equal(code, 0);
    assert.match(out, /1 event\(s\) x 3 rule\(s\) = 3 verdicts, 1 matched/);
    assert.match(out, /✓ customer-start\s+1\/1 matched/);
    assert.match(out, /✗ lower-case-chat\s+0\/1 matched/);
    assert.match(out, /fix: detail\.eventBody\.mediaType: \["CHAT"\]/);
  });

  it('rule:NAME@BUS loads that one rule', async () => {
    const before = eb.calls.length;
    const { code, out, err } = await cli(['test', '--rules', `rule:lower-case-chat@${BUS}`, '--events', 'events.ndjson', '--format', 'json']);
    assert.equal(code, 0, err);
    assert.deepEqual(verdictsByRule(out), { 'lower-case-chat': false });
    assert.deepEqual(
      eb.calls.slice(before).map((c) => [c.operation, c.body.Name, c.body.EventBusName]),
      [['DescribeRule', 'lower-case-chat', BUS]],
    );
  });

  it('rule:NAME without @BUS means the default bus', async () => {
    const { code, out } = await cli(['test', '--rules', 'rule:on-default', '--events', 'events.ndjson', '--expect', 'match']);
    assert.equal(code, 0, out);
    assert.match(out, /✓ on-default\s+1\/1 matched/);
  });

  it('an unknown bus: one clear line, exit 2, no stack trace', async () => {
    const { code, out, err } = await cli(['test', '--rules', 'bus:no-such-bus', '--events', 'events.ndjson']);
    assert.equal(code, 2);
    assert.equal(out, '');
    assertOneLineUserError(err, /no-such-bus.*does not exist/);
  });

  it('an unknown rule on a known bus: one clear line, exit 2', async () => {
    const { code, err } = await cli(['test', '--rules', `rule:nope@${BUS}`, '--events', 'events.ndjson']);
    assert.equal(code, 2);
    assertOneLineUserError(err, /Rule nope does not exist on EventBus/);
  });

  it('a bus with no pattern rules: one clear line, exit 2', async () => {
    const { code, err } = await cli(['test', '--rules', 'bus:empty-bus', '--events', 'events.ndjson']);
    assert.equal(code, 2);
    assertOneLineUserError(err, /Event bus 'empty-bus' has no rules with an event pattern/);
  });

  it('a schedule rule named directly: one clear line, exit 2', async () => {
    const { code, err } = await cli(['test', '--rules', `rule:nightly@${BUS}`, '--events', 'events.ndjson']);
    assert.equal(code, 2);
    assertOneLineUserError(err, /Rule 'nightly' .* has no event pattern/);
  });
});
