import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeEventBridge } from '../fakes/eventbridge-server.js';
import { startFakeGenesys } from '../fakes/genesys-server.js';
import { runCli } from '../helpers/run-cli.js';
import { integration, OPS, ORG, PROD } from '../fakes/aws/planted-chain.js';

const CUSTOMER_START = 'v2.detail.events.conversation.{id}.customer.start';
const ACD_START = 'v2.detail.events.conversation.{id}.acd.start';
const TARGET = [{ Id: 'log', Arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/genesys' }];

test('doctor end to end: a healthy chain is reported healthy (exit 0)', async () => {
  const genesys = await startFakeGenesys({ orgId: ORG, integrations: [integration('i-prod', 'EventBridge prod', 'prod-events', [CUSTOMER_START, 'v2.users.{id}.presence'])] });
  const eb = await startFakeEventBridge({
    buses: [{ Name: PROD }],
    sources: [{ Name: PROD, State: 'ACTIVE' }],
    rules: [
      { Name: 'customer-start', EventBusName: PROD, EventPattern: { source: [{ prefix: 'aws.partner/genesys.com' }], 'detail-type': [CUSTOMER_START] }, targets: TARGET },
      { Name: 'prod-account', EventBusName: PROD, EventPattern: { account: ['123456789012'] }, targets: TARGET },
      { Name: 'ec2', EventPattern: { source: ['aws.ec2'] } },
    ],
  });
  try {
    const run = await runCli(['doctor', '--no-evidence'], { env: { ...genesys.env, ...eb.env } });
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /OK {4}INTEGRATION_ACTIVE: Integration 'EventBridge prod' is enabled and ACTIVE/);
    assert.match(run.stdout, /OK {4}SOURCE_ACTIVE: .*prod-events is ACTIVE/);
    assert.match(run.stdout, /OK {4}RULE_MATCHES: Rule 'customer-start' matches \d+ of \d+ event\(s\) of the integration's topics in sample\./);
    assert.match(run.stdout, /OK {4}RULE_MATCHES: Rule 'prod-account' matches/, 'sample events carry the integration account after rebranding');
    assert.match(run.stdout, /Healthy: 0 error\(s\)/);
    assert.ok(!run.stdout.includes(genesys.env.GENESYSCLOUD_OAUTHCLIENT_SECRET!));
    assert.ok(!run.stdout.includes(eb.env.AWS_SECRET_ACCESS_KEY!));
    process.stdout.write(`\n----- doctor output (healthy) -----\n${run.stdout}`);
  } finally {
    await Promise.all([genesys.close(), eb.close()]);
  }
});

test('doctor end to end: every planted fault is reported with its fix (exit 1)', async () => {
  const genesys = await startFakeGenesys({
    orgId: ORG,
    integrations: [
      integration('i-prod', 'EventBridge prod', 'prod-events', [CUSTOMER_START]),
      integration('i-ops', 'EventBridge ops', 'ops-events', [CUSTOMER_START, 'v2.users.{id}.presence']),
    ],
  });
  const eb = await startFakeEventBridge({
    buses: [{ Name: OPS }],
    sources: [
      { Name: PROD, State: 'PENDING' },
      { Name: OPS, State: 'ACTIVE' },
    ],
    rules: [
      { Name: 'good', EventBusName: OPS, EventPattern: { 'detail-type': [CUSTOMER_START] }, targets: TARGET },
      { Name: 'paused', EventBusName: OPS, State: 'DISABLED', EventPattern: { 'detail-type': [CUSTOMER_START] }, targets: TARGET },
      { Name: 'no-targets', EventBusName: OPS, EventPattern: { 'detail-type': [CUSTOMER_START] } },
      { Name: 'acd', EventBusName: OPS, EventPattern: { 'detail-type': [ACD_START] }, targets: TARGET },
      { Name: 'voice', EventBusName: OPS, EventPattern: { 'detail-type': [CUSTOMER_START], detail: { eventBody: { mediaType: ['voice'] } } }, targets: TARGET },
      { Name: 'genesys-on-default', EventPattern: { source: [{ prefix: 'aws.partner/genesys.com' }] }, targets: TARGET },
    ],
  });
  try {
    const run = await runCli(['doctor', '--no-evidence'], { env: { ...genesys.env, ...eb.env } });
    assert.equal(run.code, 1, run.stdout);
    const block = (code: string) => {
      const at = run.stdout.indexOf(`ERROR ${code}:`);
      assert.ok(at >= 0, `${code} reported:\n${run.stdout}`);
      const end = run.stdout.indexOf('\n', run.stdout.indexOf('fix:', at));
      return run.stdout.slice(at, end);
    };
    assert.match(block('SOURCE_PENDING'), new RegExp(`fix: aws events create-event-bus --region us-east-1 --name ${PROD.replace(/[/.]/g, '\\$&')} --event-source-name`));
    assert.match(block('RULE_DISABLED'), /fix: aws events enable-rule --region us-east-1 --name paused --event-bus-name aws\.partner/);
    assert.match(block('RULE_NO_TARGETS'), /Rule 'no-targets' has no targets[\s\S]*fix: aws events put-targets --region us-east-1 --rule no-targets/);
    assert.match(block('TOPIC_NOT_IN_FILTER'), /Rule 'acd' expects topic v2\.detail\.events\.conversation\.\{id\}\.acd\.start[\s\S]*fix: Genesys Cloud Admin > Integrations > EventBridge ops > Configuration > Topic Filtering: add/);
    assert.match(block('RULE_MATCHES_NOTHING'), /Rule 'voice' matches none of the \d+ event\(s\)[\s\S]*mediaType[\s\S]*fix: Change the pattern: set detail\.eventBody\.mediaType to \[/);
    assert.match(block('RULE_ON_WRONG_BUS'), /Rule 'genesys-on-default' looks meant for Genesys events but sits on the 'default' bus[\s\S]*fix: aws events put-rule --region us-east-1 --name genesys-on-default --event-bus-name <partner bus>/);
    assert.match(run.stdout, /OK {4}RULE_MATCHES: Rule 'good' matches/);
    assert.match(run.stdout, /Not healthy: 6 error\(s\)/);
    process.stdout.write(`\n----- doctor output (faults) -----\n${run.stdout}`);

    const json = await runCli(['doctor', '--no-evidence', '--format', 'json'], { env: { ...genesys.env, ...eb.env } });
    assert.equal(json.code, 1);
    const doc = JSON.parse(json.stdout) as { healthy: boolean; counts: { error: number }; findings: Array<{ code: string; severity: string; fix: string }> };
    assert.equal(doc.healthy, false);
    assert.equal(doc.counts.error, 6);
    assert.ok(doc.findings.filter((f) => f.severity === 'error').every((f) => f.fix.length > 0));
  } finally {
    await Promise.all([genesys.close(), eb.close()]);
  }
});

test('doctor with only AWS credentials checks AWS and says Genesys was skipped', async () => {
  const eb = await startFakeEventBridge({ buses: [{ Name: OPS }], sources: [{ Name: OPS, State: 'ACTIVE' }], rules: [{ Name: 'all', EventBusName: OPS, EventPattern: { source: [{ prefix: 'aws.partner/genesys.com' }] }, targets: TARGET }] });
  try {
    const run = await runCli(['doctor', '--no-evidence'], { env: { ...eb.env } });
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /INFO {2}GENESYS_SKIPPED: Genesys Cloud checks skipped: no Genesys Cloud credentials[\s\S]*fix: [\s\S]*export GENESYSCLOUD_OAUTHCLIENT_ID/);
    assert.match(run.stdout, /RULE_MATCHES: Rule 'all' matches 600 of 600 event\(s\) in sample/);
  } finally {
    await eb.close();
  }
});

test('doctor with only Genesys credentials checks the integration and says AWS was skipped', async () => {
  const genesys = await startFakeGenesys({ orgId: ORG, integrations: [integration('i', 'EventBridge prod', 'prod-events', [])] });
  const saved = { ...process.env };
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']) delete process.env[k];
  Object.assign(process.env, { AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent/c', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/s' });
  try {
    const run = await runCli(['doctor', '--no-evidence', '--events', 'test/does-not-exist.ndjson'], { env: { ...genesys.env, AWS_EC2_METADATA_DISABLED: 'true', AWS_ENDPOINT_URL_EVENTBRIDGE: 'http://127.0.0.1:9' } });
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /ERROR INTEGRATION_NO_TOPICS/);
    assert.match(run.stdout, /INFO {2}AWS_SKIPPED: AWS checks skipped: no AWS credentials\./);
    assert.match(run.stdout, /WARN {2}EVENTS_UNREADABLE: Could not read events: .*does-not-exist\.ndjson/);
  } finally {
    process.env = saved;
    await genesys.close();
  }
});
