import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeEventBridge } from '../fakes/eventbridge-server.js';
import { runCli } from '../helpers/run-cli.js';

const BUS = 'aws.partner/genesys.com/cloud/32aa07aa-db1b-4987-abd0-9483601ec29d/prod';

async function withFake<T>(faults: Parameters<typeof startFakeEventBridge>[0] = {}, work: (env: Record<string, string>) => Promise<T>) {
  const eb = await startFakeEventBridge({
    buses: [{ Name: BUS }],
    sources: [{ Name: BUS, State: 'ACTIVE' }, { Name: `${BUS}-2`, State: 'PENDING' }, { Name: `${BUS}-3`, State: 'ACTIVE' }],
    rules: [
      { Name: 'calls', EventBusName: BUS, EventPattern: { 'detail-type': ['v2.detail.events.conversation.{id}.customer.start'] }, targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:123456789012:calls' }] },
      { Name: 'idle', EventBusName: BUS, State: 'DISABLED', EventPattern: { source: [{ prefix: 'aws.partner/genesys.com' }] } },
      { Name: 'x', EventBusName: BUS, EventPattern: { account: ['123456789012'] } },
    ],
    ...faults,
  });
  try {
    return await work(eb.env);
  } finally {
    await eb.close();
  }
}

test('gceb aws sources/buses/rules/rule print every page, text and json', async () => {
  await withFake({}, async (env) => {
    const sources = await runCli(['aws', 'sources'], { env });
    assert.equal(sources.code, 0, sources.stderr);
    assert.match(sources.stdout, /^NAME +STATE +CREATED BY +CREATED\n/);
    assert.equal(sources.stdout.trim().split('\n').length, 4, 'header + 3 sources over 2 pages');
    assert.match(sources.stdout, /prod-2 +PENDING +genesys\.com/);

    const buses = JSON.parse((await runCli(['aws', 'buses', '--format', 'json'], { env })).stdout);
    assert.deepEqual(buses.map((b: { name: string }) => b.name), [BUS]);
    const all = JSON.parse((await runCli(['aws', 'buses', '--prefix', '', '--format', 'json'], { env })).stdout);
    assert.deepEqual(all.map((b: { name: string }) => b.name), ['default', BUS]);

    const rules = await runCli(['aws', 'rules', '--bus', BUS], { env });
    assert.equal(rules.code, 0, rules.stderr);
    assert.match(rules.stdout, /calls +ENABLED +1 +\{"detail-type":\["v2\.detail\.events\.conversation\.\{id\}\.customer\.start"\]\}/);
    assert.match(rules.stdout, /idle +DISABLED +0 /);

    const rule = await runCli(['aws', 'rule', 'calls', '--bus', BUS, '--aws-region', 'us-east-1'], { env });
    assert.equal(rule.code, 0, rule.stderr);
    assert.match(rule.stdout, /Rule: +calls\nEvent bus: +aws\.partner/);
    assert.match(rule.stdout, / {2}- q: arn:aws:sqs:us-east-1:123456789012:calls/);
    assert.match(rule.stdout, /Event pattern:\n {2}\{\n {4}"detail-type": \[/);
  });
});

test('gceb aws: usage errors and AWS errors print a message and fix, never a stack or a key', async () => {
  await withFake({ faults: [{ operation: 'ListEventSources', error: 'AccessDeniedException' }] }, async (env) => {
    const denied = await runCli(['aws', 'sources'], { env });
    assert.equal(denied.code, 2);
    assert.equal(denied.stdout, '');
    assert.match(denied.stderr, /^AWS denied events:ListEventSources/);
    assert.match(denied.stderr, /"events:ListEventSources"/);
    assert.ok(!/\n\s+at /.test(denied.stderr), 'no stack trace');
    assert.ok(!denied.stderr.includes(env.AWS_SECRET_ACCESS_KEY!));
    assert.ok(!denied.stderr.includes(env.AWS_ACCESS_KEY_ID!));

    const missing = await runCli(['aws', 'rule', 'nope', '--bus', BUS], { env });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Not found: EventBridge DescribeRule \(rule 'nope'/);

    assert.match((await runCli(['aws'], { env })).stderr, /say what to list/);
    assert.match((await runCli(['aws', 'rule'], { env })).stderr, /name the rule/);
    assert.match((await runCli(['aws', 'things'], { env })).stderr, /unknown listing 'things'/);
    assert.match((await runCli(['aws', 'buses', '--format', 'xml'], { env })).stderr, /--format must be text or json/);
    const help = await runCli(['aws', '--help'], { env });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--bus BUS[\s\S]*--profile NAME[\s\S]*Examples:/);
  });
});
