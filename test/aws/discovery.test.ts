import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeEventBridge, type FakeEventBridgeState } from '../fakes/eventbridge-server.js';
import { withEventBridge, loadRulesFromAws, minimalIamPolicy } from '../../src/aws/index.js';
import { UserError } from '../../src/errors.js';

const ORG = '11111111-2222-3333-4444-555555555555';
const BUS = `aws.partner/genesys.com/cloud/${ORG}/prod`;

function state(): FakeEventBridgeState {
  return {
    pageSize: 2,
    buses: [{ Name: BUS }, { Name: `aws.partner/genesys.com/cloud/${ORG}/test` }, { Name: `aws.partner/genesys.com/cloud/${ORG}/dev` }, { Name: 'orders' }],
    sources: [
      { Name: BUS, State: 'ACTIVE' },
      { Name: `aws.partner/genesys.com/cloud/${ORG}/test`, State: 'PENDING' },
      { Name: `aws.partner/genesys.com/cloud/${ORG}/dev`, State: 'DELETED' },
      { Name: 'aws.partner/other.com/x', State: 'ACTIVE' },
    ],
    rules: [
      ...Array.from({ length: 5 }, (_, i) => ({
        Name: `rule-${i}`,
        EventBusName: BUS,
        EventPattern: { 'detail-type': [`v2.users.{id}.presence`], detail: { eventBody: { n: [i] } } },
        targets: Array.from({ length: i }, (_, t) => ({ Id: `t${t}`, Arn: `arn:aws:sqs:us-east-1:123456789012:q${t}` })),
      })),
      { Name: 'nightly', EventBusName: BUS, ScheduleExpression: 'rate(1 day)' },
      { Name: 'on-default', EventPattern: '{"source":["genesys.cloud"]}', State: 'DISABLED' },
    ],
  };
}

test('lists every page of buses, sources, rules and targets through the real SDK', async () => {
  const eb = await startFakeEventBridge(state());
  try {
    await withEventBridge({ env: eb.env }, async (aws) => {
      const buses = await aws.listEventBuses();
      assert.deepEqual(
        buses.map((b) => b.name),
        [BUS, `aws.partner/genesys.com/cloud/${ORG}/test`, `aws.partner/genesys.com/cloud/${ORG}/dev`],
      );
      assert.equal((await aws.listEventBuses('')).length, 5, 'an empty prefix lists every bus, default included');
      const sources = await aws.listEventSources();
      assert.deepEqual(sources.map((s) => s.state), ['ACTIVE', 'PENDING', 'DELETED']);
      assert.match(sources[0]!.creationTime ?? '', /^2022-/);
      const rules = await aws.listRules(BUS);
      assert.equal(rules.length, 6);
      assert.equal(rules[3]!.eventBusName, BUS);
      assert.equal(JSON.parse(rules[3]!.eventPattern!).detail.eventBody.n[0], 3);
      const targets = await aws.listTargets('rule-4', BUS);
      assert.deepEqual(targets.map((t) => t.id), ['t0', 't1', 't2', 't3']);
      const described = await aws.describeRule('on-default', 'default');
      assert.equal(described.state, 'DISABLED');
      assert.equal(described.eventPattern, '{"source":["genesys.cloud"]}');
    });
    const listRuleCalls = eb.calls.filter((c) => c.operation === 'ListRules');
    assert.equal(listRuleCalls.length, 3, '6 rules at 2 per page = 3 pages');
    assert.equal(listRuleCalls[1]!.body.EventBusName, BUS);
    assert.ok(eb.calls.every((c) => c.signed), 'every request carries a SigV4 signature');
  } finally {
    await eb.close();
  }
});

test('loadRulesFromAws: bus:BUS loads every pattern rule, rule:NAME@BUS one rule', async () => {
  const eb = await startFakeEventBridge(state());
  try {
    const all = await loadRulesFromAws(`bus:${BUS}`, { env: eb.env });
    assert.deepEqual(all.map((r) => r.name), ['rule-0', 'rule-1', 'rule-2', 'rule-3', 'rule-4'], 'the schedule rule is skipped');
    assert.deepEqual(all[2], {
      name: 'rule-2',
      pattern: { 'detail-type': ['v2.users.{id}.presence'], detail: { eventBody: { n: [2] } } },
      origin: `aws:${BUS}/rule-2`,
      eventBusName: BUS,
      state: 'ENABLED',
    });
    const one = await loadRulesFromAws('rule:on-default', { env: eb.env });
    assert.deepEqual(one.map((r) => [r.name, r.eventBusName, r.state]), [['on-default', 'default', 'DISABLED']]);
    const viaAt = await loadRulesFromAws(`rule:rule-1@${BUS}`, { env: eb.env });
    assert.equal(viaAt[0]!.origin, `aws:${BUS}/rule-1`);

    await assert.rejects(loadRulesFromAws(`rule:nope@${BUS}`, { env: eb.env }), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.match(e.message, /Not found: EventBridge DescribeRule \(rule 'nope', event bus 'aws\.partner\/genesys\.com\/cloud\/.+\/prod'/);
      assert.match(e.message, /Rule nope does not exist on EventBus/);
      assert.match(e.hint ?? '', /gceb aws rules --bus aws\.partner/);
      return true;
    });
    await assert.rejects(loadRulesFromAws('bus:missing-bus', { env: eb.env }), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.match(e.message, /Event bus missing-bus does not exist/);
      assert.match(e.hint ?? '', /gceb aws buses/);
      return true;
    });
    await assert.rejects(loadRulesFromAws(`rule:nightly@${BUS}`, { env: eb.env }), /schedule rule/);
    await assert.rejects(loadRulesFromAws('bus:orders', { env: eb.env }), /has no rules with an event pattern/);
    await assert.rejects(loadRulesFromAws('bus:', { env: eb.env }), /names no event bus/);
  } finally {
    await eb.close();
  }
});

test('AccessDenied names the missing action and prints the minimal IAM policy; no key is printed', async () => {
  const eb = await startFakeEventBridge({ ...state(), faults: [{ operation: 'ListRules', error: 'AccessDeniedException' }] });
  try {
    const error = await loadRulesFromAws(`bus:${BUS}`, { env: eb.env }).then(
      () => assert.fail('expected AccessDenied'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof UserError);
    assert.match(error.message, /^AWS denied events:ListRules/);
    const policy = JSON.parse((error.hint ?? '').slice((error.hint ?? '').indexOf('{')));
    assert.deepEqual(policy, JSON.parse(minimalIamPolicy()));
    assert.deepEqual(policy.Statement[0].Action, [
      'events:ListEventBuses',
      'events:ListEventSources',
      'events:ListRules',
      'events:DescribeRule',
      'events:ListTargetsByRule',
      'events:TestEventPattern',
    ]);
    const text = `${error.message}\n${error.hint}`;
    assert.ok(!text.includes(eb.env.AWS_SECRET_ACCESS_KEY!));
    assert.ok(!text.includes(eb.env.AWS_ACCESS_KEY_ID!));
  } finally {
    await eb.close();
  }
});

for (const [code, pattern, hint] of [
  ['ExpiredTokenException', /session token has expired/, /aws sso login/],
  ['UnrecognizedClientException', /AWS rejected the credentials .*UnrecognizedClientException/, /sts get-caller-identity/],
  ['ThrottlingException', /AWS kept throttling EventBridge ListEventBuses \(region us-east-1\) after retries/, /--concurrency 1/],
  ['InternalException', /ListEventBuses .*failed with InternalException/, /GCEB_DEBUG/],
] as const) {
  test(`${code} becomes a clear UserError`, async () => {
    const eb = await startFakeEventBridge({ ...state(), faults: [{ operation: '*', error: code }] });
    try {
      await assert.rejects(
        withEventBridge({ env: eb.env, maxAttempts: 2 }, (aws) => aws.listEventBuses()),
        (e: unknown) => {
          assert.ok(e instanceof UserError, String(e));
          assert.match(e.message, pattern);
          assert.match(e.hint ?? '', hint);
          return true;
        },
      );
    } finally {
      await eb.close();
    }
  });
}

test('the SDK retries throttling by itself: two throttled calls then success', async () => {
  const eb = await startFakeEventBridge({ ...state(), faults: [{ operation: 'ListEventSources', error: 'ThrottlingException', times: 2 }] });
  try {
    const sources = await withEventBridge({ env: eb.env }, (aws) => aws.listEventSources());
    assert.equal(sources.length, 3);
    assert.equal(eb.calls.filter((c) => c.operation === 'ListEventSources').length, 4, '2 throttled + 2 pages');
  } finally {
    await eb.close();
  }
});

test('missing credentials and missing region are UserErrors with a fix', async () => {
  const saved = { ...process.env };
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_CONFIG_FILE = '/nonexistent/gceb-config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/gceb-credentials';
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_WEB_IDENTITY_TOKEN_FILE;
  delete process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  delete process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
  const eb = await startFakeEventBridge(state());
  try {
    await assert.rejects(
      withEventBridge({ env: { AWS_ENDPOINT_URL_EVENTBRIDGE: eb.url, AWS_REGION: 'us-east-1', AWS_PROFILE: 'gceb-no-such-profile' } }, (aws) =>
        aws.listEventBuses(),
      ),
      (e: unknown) => {
        assert.ok(e instanceof UserError, String(e));
        assert.match(e.message, /No AWS credentials found for EventBridge ListEventBuses/);
        assert.match(e.hint ?? '', /AWS_PROFILE/);
        return true;
      },
    );
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    const { AWS_REGION: _omit, ...noRegion } = eb.env;
    await assert.rejects(withEventBridge({ env: noRegion }, (aws) => aws.listEventBuses()), (e: unknown) => {
      assert.ok(e instanceof UserError, String(e));
      assert.match(e.message, /No AWS region set/);
      assert.match(e.hint ?? '', /--aws-region/);
      return true;
    });
    assert.equal(eb.calls.length, 0, 'nothing was sent without credentials or region');
  } finally {
    process.env = saved;
    await eb.close();
  }
});
