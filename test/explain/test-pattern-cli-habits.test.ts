import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { testEventPattern } from '../../src/pattern/index.js';

const eventText = await readFile(new URL('../../examples/event.json', import.meta.url), 'utf8');
const event = JSON.parse(eventText) as Record<string, unknown>;

/** The JSON that follows `heading` in the output, up to the next blank-line section. */
function correctedPattern(stdout: string): string {
  const start = stdout.indexOf('\n', stdout.indexOf('Corrected pattern')) + 1;
  const end = stdout.indexOf('\n}\n', start);
  return stdout.slice(start, end + 2);
}

test('AWS CLI habits: --event-pattern, file:// for both, inline JSON event', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gceb-tp-'));
  try {
    await writeFile(join(dir, 'p.json'), '{"detail":{"eventBody":{"mediaType":["CHAT"]}}}');
    const viaFileUrls = await runCli(['test-pattern', '--event', 'file://examples/event.json', '--event-pattern', `file://${join(dir, 'p.json')}`]);
    assert.equal(viaFileUrls.code, 0, viaFileUrls.stderr);
    assert.equal(viaFileUrls.stdout, '{\n    "Result": true\n}\n');
    const inline = await runCli(['test-pattern', '--event', eventText, '--event-pattern', '{"source":["x"]}']);
    assert.equal(inline.code, 0, inline.stderr);
    assert.equal(inline.stdout, '{\n    "Result": false\n}\n');
    const both = await runCli(['test-pattern', '--event', eventText, '--pattern', '{}', '--event-pattern', '{}']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /once/);
    const missing = await runCli(['test-pattern', '--event', 'file://nope.json', '--pattern', '{"a":[1]}']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the event file 'nope\.json': no such file/);
    const help = await runCli(['test-pattern', '--help']);
    assert.match(help.stdout, /--event-pattern/);
    assert.match(help.stdout, /file:\/\//);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('README examples: each corrected pattern matches the event', async () => {
  const patterns = [
    '{"detail":{"conversationId":["2f7bf00a-0fc2-4d6a-9b56-92238191433e"]}}',
    '{"detail":{"eventbody":{"mediaType":["CHAT"]}}}',
    '{"detail":{"eventBody":{"mediaType":["chat"]}}}',
    '{"source":["genesys.cloud"],"detail-type":["ConversationEvent"],"detail":{"orgId":["32aa07aa-db1b-4987-abd0-9483601ec29d"],"eventType":["AgentConnected"]}}',
  ];
  for (const pattern of patterns) {
    const r = await runCli(['test-pattern', '--event', 'examples/event.json', '--pattern', pattern, '--explain', '--fix']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Corrected pattern/, `${pattern}: ${r.stdout}`);
    const corrected = correctedPattern(r.stdout);
    assert.deepEqual(testEventPattern({ Event: eventText, EventPattern: corrected }), { Result: true }, `${pattern} → ${corrected}`);
    const fixed = JSON.parse(corrected) as { detail?: Record<string, unknown> };
    assert.ok(!('conversationId' in (fixed.detail ?? {})) && !('eventbody' in (fixed.detail ?? {})), `the wrong path is gone: ${corrected}`);
  }
});

test('--explain on a match says which conditions hold, with the event values; --json carries them as matched', async () => {
  const r = await runCli(['test-pattern', '--event', 'examples/event.json', '--pattern', 'examples/pattern.json', '--explain']);
  assert.match(r.stdout, /✓ detail\.eventBody\.mediaType: \["CHAT","VOICE"\] holds \("CHAT"\)/);
  const json = await runCli(['test-pattern', '--event', 'examples/event.json', '--pattern', '{"source":[{"prefix":"aws."}],"detail":{"x":[{"exists":false}]}}', '--json']);
  const parsed = JSON.parse(json.stdout) as { Result: boolean; matched: Array<{ path: string; actual: unknown[] }> };
  assert.equal(parsed.Result, true);
  assert.deepEqual(parsed.matched, [
    { path: 'source', expected: [{ prefix: 'aws.' }], actual: [event.source] },
    { path: 'detail.x', expected: [{ exists: false }], actual: [] },
  ]);
});

test('--json --fix with no possible fix prints no FixedPattern, and says why', async () => {
  const r = await runCli(['test-pattern', '--event', 'examples/event.json', '--pattern', '{"detail":{"eventBody":{"mediaType":["voice"]}}}', '--json', '--fix']);
  const parsed = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(parsed.Result, false);
  assert.equal('FixedPattern' in parsed, false);
  assert.match(String(parsed.noFix), /by hand/);
});

test('an invalid event names the missing and mistyped required fields', async () => {
  const r = await runCli(['test-pattern', '--event', '{"id": 7, "source": "s", "detail": {}}', '--pattern', '{"source":["s"]}', '--explain']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Parameter Event is not valid\./);
  assert.match(r.stderr, /missing: account, time, region, detail-type/);
  assert.match(r.stderr, /id is a number \(7\)/);
  const notJson = await runCli(['test-pattern', '--event', '{"id": ', '--pattern', '{"source":["s"]}']);
  assert.match(notJson.stderr, /not JSON/);
});

test('a string detail is called out, with its fix: the event matches once detail is an object', async () => {
  const stringDetail = JSON.stringify({ ...event, detail: JSON.stringify(event.detail) });
  const r = await runCli(['test-pattern', '--event', stringDetail, '--pattern', '{"detail":{"eventBody":{"mediaType":["CHAT"]}}}', '--explain', '--fix']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /detail is a string in this event/);
  assert.match(r.stdout, /JSON\.parse/);
  assert.match(r.stdout, /With detail as the object its string holds, the event matches the pattern\./);
  assert.doesNotMatch(r.stdout, /Corrected pattern/);
});

test('control characters from the event never reach the terminal raw', async () => {
  const hostile = JSON.stringify({ ...event, detail: { eventBody: { mediaType: '\u001b[2J\u009b31mCHAT\u202e' }, 'k\u001b]0;x\u0007': 1 } });
  const r = await runCli(['test-pattern', '--event', hostile, '--pattern', '{"detail":{"eventBody":{"mediaType":["chat"]}, "k":[1]}}', '--explain', '--fix']);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
  assert.match(r.stdout, /\\u001b/);
});
