import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, REPO_ROOT } from '../helpers/run-cli.js';
import { isolatedAwsEnv } from '../helpers/aws-env.js';
import { startFakeLogs, type FakeLogs } from '../fakes/aws/logs-server.js';
import { addFakeEventBridge, type FakeTapEventBridge } from '../fakes/aws/tap-eventbridge.js';

const BUS = 'aws.partner/genesys.com/cloud/org-1/prod';
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

function event(n: number, detailType = 'v2.users.{id}.presence') {
  return { version: '0', id: `evt-${n}`, 'detail-type': detailType, source: 'aws.partner/genesys.com/cloud/org-1/prod', account: '123456789012', time: new Date().toISOString(), region: 'us-east-1', resources: [], detail: { n } };
}

async function world(fn: (w: { logs: FakeLogs; eb: FakeTapEventBridge; env: Record<string, string>; dir: string }) => Promise<void>) {
  const logs = await startFakeLogs();
  const eb = addFakeEventBridge(logs, { buses: [BUS] });
  const dir = await mkdtemp(join(tmpdir(), 'gceb-tap-'));
  const env = { ...isolatedAwsEnv(logs.env, dir, { accessKeyId: 'AKIDFAKELOGS', secretAccessKey: 'fake-logs-secret' }), ...logs.env, AWS_ENDPOINT_URL_EVENTBRIDGE: logs.endpoint };
  try {
    await fn({ logs, eb, env, dir });
  } finally {
    await logs.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function until(check: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await delay(20);
  }
}

const listening = (eb: FakeTapEventBridge) => eb.rules.some((r) => r.targets.length > 0);

function assertNothingLeft(logs: FakeLogs, eb: FakeTapEventBridge) {
  assert.deepEqual(eb.rules.map((r) => r.name), [], 'no rule left');
  assert.deepEqual([...logs.groups.keys()], [], 'no log group left');
  assert.deepEqual([...logs.policies.keys()], [], 'no resource policy left');
}

/** Each create in the fake's log is matched by a delete. */
function assertCreatesUndone(logs: FakeLogs) {
  const ops = logs.calls.map((c) => c.operation);
  const succeeded = logs.calls.filter((c) => c.ok).map((c) => c.operation);
  const pairs: Array<[string, string]> = [['logs:CreateLogGroup', 'logs:DeleteLogGroup'], ['events:PutRule', 'events:DeleteRule'], ['logs:PutResourcePolicy', 'logs:DeleteResourcePolicy'], ['events:PutTargets', 'events:RemoveTargets']];
  for (const [create, remove] of pairs) {
    const created = succeeded.includes(create);
    if (created) assert.ok(succeeded.lastIndexOf(remove) > ops.indexOf(create), `${create} undone by ${remove}: ${ops.join(' ')}`);
  }
}

test('gceb tap: creates tagged resources, streams matching events as NDJSON, removes everything at --duration', () =>
  world(async ({ logs, eb, env, dir }) => {
    const publisher = (async () => {
      await until(() => listening(eb));
      eb.publish(BUS, event(1));
      eb.publish(BUS, event(2, 'v2.routing.queues.{id}.conversations'));
      eb.publish(BUS, event(3));
      eb.publish('default', event(4));
    })();
    const r = await runCli(['tap', '--bus', BUS, '--pattern', '{"detail-type":["v2.users.{id}.presence"]}', '--duration', '1500ms', '--poll-interval', '100ms', '--yes', '--out', 'tap.ndjson'], { env, cwd: dir });
    await publisher;
    assert.equal(r.code, 0, r.stderr);
    const lines = (await readFile(join(dir, 'tap.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { id: string });
    assert.deepEqual(lines.map((e) => e.id), ['evt-1', 'evt-3']);
    assert.match(r.stderr, /tapped 2 events \(stopped by duration\)/);
    const putRule = logs.calls.find((c) => c.operation === 'events:PutRule')!.body as { Tags: Array<{ Key: string }>; Name: string };
    assert.ok(putRule.Tags.some((t) => t.Key === 'gceb:tap'));
    const createGroup = logs.calls.find((c) => c.operation === 'logs:CreateLogGroup')!.body as { tags: Record<string, string>; logGroupName: string };
    assert.ok('gceb:tap' in createGroup.tags);
    assert.match(createGroup.logGroupName, /^\/aws\/events\/gceb-tap-/);
    const policy = JSON.parse(String(logs.calls.find((c) => c.operation === 'logs:PutResourcePolicy')!.body.policyDocument)) as { Statement: Array<{ Condition: unknown }> };
    assert.deepEqual(policy.Statement[0]!.Condition, { ArnEquals: { 'aws:SourceArn': `arn:aws:events:us-east-1:123456789012:rule/${BUS}/${putRule.Name}` } });
    assertNothingLeft(logs, eb);
    assertCreatesUndone(logs);
    assert.doesNotMatch(r.stdout + r.stderr, /fake-logs-secret/);
  }));

test('gceb tap --max stops after N events; --dry-run and a refused prompt create nothing', () =>
  world(async ({ logs, eb, env, dir }) => {
    const publisher = (async () => {
      await until(() => listening(eb));
      for (let n = 0; n < 5; n++) eb.publish(BUS, event(n));
    })();
    const r = await runCli(['tap', '--bus', BUS, '--max', '3', '--duration', '30s', '--poll-interval', '100ms', '--yes'], { env, cwd: dir });
    await publisher;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 3);
    assert.match(r.stderr, /tapped 3 events \(stopped by max\)/);
    assertNothingLeft(logs, eb);
    const before = logs.calls.length;
    const dry = await runCli(['tap', '--bus', BUS, '--dry-run'], { env, cwd: dir });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /would create/);
    assert.match(dry.stdout, /events:PutRule/);
    assert.match(dry.stdout, /logs:PutResourcePolicy/);
    const refused = await runCli(['tap', '--bus', BUS], { env, cwd: dir });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /Pass --yes/);
    const badPattern = await runCli(['tap', '--bus', BUS, '--yes', '--pattern', '{"source":"x"}'], { env, cwd: dir });
    assert.equal(badPattern.code, 2);
    assert.match(badPattern.stderr, /not a valid event pattern/);
    assert.equal(logs.calls.length, before, 'no AWS call for --dry-run, a refusal or a bad pattern');
  }));

test('gceb tap interrupted by SIGINT (real process): every created resource is deleted, as the fake log shows', () =>
  world(async ({ logs, eb, env, dir }) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/gceb.js'), 'tap', '--bus', BUS, '--duration', '5m', '--poll-interval', '100ms', '--yes', '--out', 'tap.ndjson'], {
      cwd: dir,
      env: { ...env, PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await until(() => listening(eb), 30_000);
    eb.publish(BUS, event(1));
    const file = join(dir, 'tap.ndjson');
    await until(() => existsSync(file) && readFileSyncSafe(file).includes('evt-1'), 10_000);
    const killedAt = Date.now();
    child.kill('SIGINT');
    const code = await exited;
    assert.equal(code, 0, stderr);
    assert.ok(Date.now() - killedAt < 5000, `stopped ${Date.now() - killedAt} ms after Ctrl-C`);
    assert.match(stderr, /tapped 1 events \(stopped by Ctrl-C\)/);
    assert.match(stderr, /removed resource policy gceb-tap-\S+, rule gceb-tap-\S+ .* and its target, log group \/aws\/events\/gceb-tap-/);
    assertNothingLeft(logs, eb);
    assertCreatesUndone(logs);
  }));

test('gceb tap whose creation fails half-way removes what it created', () =>
  world(async ({ logs, eb, env, dir }) => {
    logs.faults.push({ operation: 'events:PutTargets', error: 'AccessDeniedException' });
    const r = await runCli(['tap', '--bus', BUS, '--duration', '10s', '--yes'], { env, cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /AWS denied events:PutTargets/);
    assert.match(r.stderr, /Everything the tap had created was removed \(log group \/aws\/events\/gceb-tap-[^,]+, rule gceb-tap-\S+ \(bus [^)]+\) and its target, resource policy gceb-tap-/);
    assertNothingLeft(logs, eb);
    assertCreatesUndone(logs);

    logs.faults.length = 0;
    logs.faults.push({ operation: 'logs:PutResourcePolicy', error: 'LimitExceededException', message: 'Resource limit exceeded.' });
    const quota = await runCli(['tap', '--bus', BUS, '--duration', '10s', '--yes'], { env, cwd: dir });
    assert.equal(quota.code, 2);
    assert.match(quota.stderr, /Resource limit exceeded/);
    assertNothingLeft(logs, eb);

    logs.faults.length = 0;
    const noBus = await runCli(['tap', '--bus', 'no-such-bus', '--duration', '10s', '--yes'], { env, cwd: dir });
    assert.equal(noBus.code, 2);
    assertNothingLeft(logs, eb);
  }));

test('a removal that fails is reported; gceb tap --cleanup leaves a running tap alone and removes leftovers', () =>
  world(async ({ logs, eb, env, dir }) => {
    logs.faults.push({ operation: 'logs:DeleteLogGroup', error: 'ServiceUnavailableException', times: 1 });
    const r = await runCli(['tap', '--bus', BUS, '--duration', '200ms', '--poll-interval', '50ms', '--yes'], { env, cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /could not remove 1 of the 3 resources it created:\n  log group \/aws\/events\/gceb-tap-/);
    assert.match(r.stderr, /gceb tap --cleanup --bus/);
    assert.equal(logs.groups.size, 1);
    const careful = await runCli(['tap', '--cleanup', '--bus', BUS], { env, cwd: dir });
    assert.equal(careful.code, 0, careful.stderr);
    assert.match(careful.stdout, /left alone \(a tap may still be running; --force removes it\): log group/);
    assert.equal(logs.groups.size, 1);
    logs.addGroup('/aws/events/gceb-tap-not-ours');
    const forced = await runCli(['tap', '--cleanup', '--force'], { env, cwd: dir });
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /removed log group \/aws\/events\/gceb-tap-/);
    assert.deepEqual([...logs.groups.keys()], ['/aws/events/gceb-tap-not-ours'], 'an untagged group is not ours to remove');
    const none = await runCli(['tap', '--cleanup'], { env, cwd: dir });
    assert.match(none.stdout, /No tap leftovers found/);
  }));

function readFileSyncSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
