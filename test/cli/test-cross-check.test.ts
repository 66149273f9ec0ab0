/**
 * `gceb test --cross-check` end to end: the real AWS SDK against the fake
 * EventBridge, whose TestEventPattern answers only its recorded pairs (one of
 * them deliberately wrong, so the local engine must disagree with it).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { isolatedAwsEnv } from '../helpers/aws-env.js';
import { RECORDED_EVENT_CUSTOMER_START, RECORDED_PAIRS, startFakeEventBridge, type FakeEventBridge } from '../fakes/eventbridge-server.js';

const SECRET = 'cross-check-secret-KEY/do+not+print0000000000';
const SESSION = 'cross-check-session-TOKEN-do-not-print';
const planted = RECORDED_PAIRS.findIndex((p) => p.planted);
const ruleName = (i: number) => (i === planted ? 'planted-numeric-range' : `recorded-${i}`);

let dir: string;
let eb: FakeEventBridge;

before(async () => {
  assert.ok(planted >= 0, 'the fake has a planted pair');
  // Every recorded pair uses the same event: one event x N rules gives exactly the recorded pairs.
  assert.ok(RECORDED_PAIRS.every((p) => p.event === RECORDED_EVENT_CUSTOMER_START));
  dir = await mkdtemp(join(tmpdir(), 'gceb-cross-check-'));
  eb = await startFakeEventBridge();
  await writeFile(join(dir, 'events.ndjson'), `${JSON.stringify(RECORDED_EVENT_CUSTOMER_START)}\n`);
  const unknown = { ...RECORDED_EVENT_CUSTOMER_START, id: 'not-recorded-event' };
  await writeFile(join(dir, 'two-events.ndjson'), `${JSON.stringify(RECORDED_EVENT_CUSTOMER_START)}\n${JSON.stringify(unknown)}\n`);
  await writeFile(join(dir, 'rules.json'), JSON.stringify({ rules: RECORDED_PAIRS.map((p, i) => ({ name: ruleName(i), pattern: p.pattern })) }));
});

after(async () => {
  await eb?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[]) {
  const env = isolatedAwsEnv(eb.env, dir, { accessKeyId: 'fake-access-key-cross-check', secretAccessKey: SECRET, sessionToken: SESSION });
  const { code, stdout: out, stderr: err } = await runCli(args, { env, cwd: dir });
  return { code, out, err };
}

function assertNoSecrets(...texts: string[]) {
  for (const text of texts) {
    assert.ok(!text.includes(SECRET), 'the AWS secret key must never be printed');
    assert.ok(!text.includes(SESSION), 'the AWS session token must never be printed');
  }
}

describe('gceb test --cross-check against the fake EventBridge', () => {
  const total = RECORDED_PAIRS.length;

  it('text: counts agreement, reports the planted disagreement with its pair, exit 1', async () => {
    const callsBefore = eb.calls.length;
    const { code, out, err } = await cli(['test', '--events', 'events.ndjson', '--rules', 'rules.json', '--cross-check']);
    assert.equal(code, 1, `${out}\n${err}`);
    assert.match(out, new RegExp(`Cross-check with AWS TestEventPattern: ${total - 1} of ${total} distinct pairs agree\\.`));
    assert.match(out, new RegExp(`DISAGREE planted-numeric-range x ${RECORDED_EVENT_CUSTOMER_START.id}: local match, AWS no match`));
    assert.equal(out.match(/DISAGREE/g)?.length, 1, out);
    const sent = eb.calls.slice(callsBefore).filter((c) => c.operation === 'TestEventPattern');
    assert.equal(sent.length, total, 'each distinct pair is sent once');
    assert.ok(sent.every((c) => c.signed), 'requests are SigV4-signed by the real SDK');
    assert.doesNotMatch(err, /not answered|    at /);
    assertNoSecrets(out, err);
  });

  it('--format json: the same counts and the disagreement in the summary', async () => {
    const { code, out, err } = await cli(['test', '--events', 'events.ndjson', '--rules', 'rules.json', '--cross-check', '--format', 'json']);
    assert.equal(code, 1, err);
    const report = JSON.parse(out);
    const x = report.summary.crossCheck;
    assert.equal(x.checked, total);
    assert.equal(x.agreed, total - 1);
    assert.equal(x.errors, 0);
    assert.equal(x.skipped, 0);
    assert.deepEqual(x.disagreements, [{ rule: 'planted-numeric-range', eventId: RECORDED_EVENT_CUSTOMER_START.id, local: true, aws: false }]);
    assert.match(err, /AWS TestEventPattern disagrees with the local engine on 1 pair\(s\)\./);
    assertNoSecrets(out, err);
  });

  it('without the planted rule every pair agrees: exit 0', async () => {
    const agreeing = RECORDED_PAIRS.map((p, i) => ({ name: ruleName(i), pattern: p.pattern })).filter((_, i) => i !== planted);
    await writeFile(join(dir, 'agreeing.json'), JSON.stringify({ rules: agreeing }));
    const { code, out, err } = await cli(['test', '--events', 'events.ndjson', '--rules', 'agreeing.json', '--cross-check']);
    assert.equal(code, 0, `${out}\n${err}`);
    assert.match(out, new RegExp(`${total - 1} of ${total - 1} distinct pairs agree\\.`));
    assert.doesNotMatch(out, /DISAGREE/);
  });

  it('pairs AWS cannot answer are named on one line each and counted, not crashed on', async () => {
    const { code, out, err } = await cli(['test', '--events', 'two-events.ndjson', '--rules', 'rules.json', '--cross-check']);
    assert.equal(code, 1, `${out}\n${err}`);
    assert.match(out, new RegExp(`${total - 1} of ${total} distinct pairs agree, ${total} could not be checked\\.`));
    const notAnswered = err.split('\n').filter((l) => l.startsWith('cross-check: '));
    assert.equal(notAnswered.length, total, err);
    assert.match(notAnswered[0]!, /^cross-check: recorded-0 x not-recorded-event: not answered: UnrecordedPairException: /);
    assert.doesNotMatch(err, /    at /);
    assertNoSecrets(out, err);
  });

  it('--cross-check-max limits the pairs sent and says how many were not sent', async () => {
    const callsBefore = eb.calls.length;
    const { out } = await cli(['test', '--events', 'events.ndjson', '--rules', 'rules.json', '--cross-check', '--cross-check-max', '2']);
    const sent = eb.calls.slice(callsBefore).filter((c) => c.operation === 'TestEventPattern');
    assert.equal(sent.length, 2);
    assert.match(out, new RegExp(`2 of 2 distinct pairs agree, ${total - 2} not sent \\(limit\\)\\.`));
  });
});
