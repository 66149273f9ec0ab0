import { describe, it } from 'node:test';
import { tempFolder } from '../helpers/temp-folder.js';
import assert from 'node:assert/strict';
import { loadRules } from '../../src/rules/load.js';
import { UserError } from '../../src/errors.js';

const folder = tempFolder('gceb-rules-');
const file = folder.file;

async function rejects(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('loadRules', () => {
  it('a single pattern file: rule named after the file', async () => {
    await file('single/voice-calls.json', '{"detail-type": ["v2.detail.events.conversation.{id}.customer.start"]}\n');
    const rules = await loadRules(['single/voice-calls.json'], { cwd: folder.path() });
    assert.equal(rules.length, 1);
    assert.equal(rules[0]!.name, 'voice-calls');
    assert.deepEqual(rules[0]!.pattern, { 'detail-type': ['v2.detail.events.conversation.{id}.customer.start'] });
  });

  it('a named-rules file with string and object patterns, description and expect', async () => {
    await file('named.json', JSON.stringify({
      rules: [
        { name: 'a', pattern: { source: [{ prefix: 'aws.partner/genesys.com' }] }, description: 'all', expect: 'match' },
        { name: 'b', pattern: '{"account":["123456789012"]}', expect: 'no-match' },
      ],
    }));
    const rules = await loadRules(['named.json'], { cwd: folder.path() });
    assert.deepEqual(rules.map((r) => [r.name, r.expect, r.description]), [['a', 'match', 'all'], ['b', 'no-match', undefined]]);
    assert.deepEqual(rules[1]!.pattern, { account: ['123456789012'] });
  });

  it('AWS CLI list-rules and describe-rule output; scheduled rules are skipped with a warning', async () => {
    await file('aws/list.json', JSON.stringify({
      Rules: [
        { Name: 'r1', EventPattern: '{"source":[{"prefix":"aws.partner/genesys.com"}]}', EventBusName: 'bus1', State: 'DISABLED' },
        { Name: 'cron', ScheduleExpression: 'rate(5 minutes)' },
      ],
    }));
    await file('aws/one.json', JSON.stringify({ Name: 'r2', EventPattern: '{"account":["1"]}' }));
    const warnings: string[] = [];
    const rules = await loadRules(['aws'], { cwd: folder.path(), onWarning: (m) => warnings.push(m) });
    assert.deepEqual(rules.map((r) => r.name), ['r1', 'r2']);
    assert.equal(rules[0]!.state, 'DISABLED');
    assert.equal(rules[0]!.eventBusName, 'bus1');
    assert.match(warnings[0]!, /cron.*no EventPattern/);
  });

  it('inline patterns and the sample folder', async () => {
    const rules = await loadRules(['{"account":["1"]}', '{"region":["us-east-1"]}'], { cwd: folder.path() });
    assert.deepEqual(rules.map((r) => r.name), ['inline', 'inline-2']);
    const sample = await loadRules(['sample'], { cwd: folder.path() });
    assert.ok(sample.length >= 5);
  });

  it('a missing file names it', async () => {
    await rejects(loadRules(['nope.json'], { cwd: folder.path() }), /Rules file or folder not found: nope\.json/);
  });

  it('bad JSON gives line and column', async () => {
    await file('bad.json', '{\n  "source": ["x",]\n}\n');
    await rejects(loadRules(['bad.json'], { cwd: folder.path() }), /bad\.json: not valid JSON: Unexpected token .\]. \(line 2, column 18\)/);
  });

  it('an invalid pattern gives AWS\'s reason, the file and the rule', async () => {
    await file('invalid.json', JSON.stringify({ rules: [{ name: 'bad-prefix', pattern: { source: [{ prefix: 5 }] } }] }));
    await rejects(loadRules(['invalid.json'], { cwd: folder.path() }), /invalid\.json: rule "bad-prefix": Event pattern is not valid\. Reason: prefix match pattern must be a string/);
  });

  it('an invalid single-pattern file', async () => {
    await file('empty-array.json', '{"source": []}');
    await rejects(loadRules(['empty-array.json'], { cwd: folder.path() }), /Empty arrays are not allowed/);
  });

  it('a bad expect value', async () => {
    await file('expect.json', JSON.stringify({ rules: [{ name: 'x', pattern: { a: [1] }, expect: 'yes' }] }));
    await rejects(loadRules(['expect.json'], { cwd: folder.path() }), /rule "x": "expect" must be "match" or "no-match"/);
  });

  it('duplicate rule names across files', async () => {
    await file('dup1.json', JSON.stringify({ rules: [{ name: 'same', pattern: { a: [1] } }] }));
    await file('dup2.json', JSON.stringify({ rules: [{ name: 'same', pattern: { a: [2] } }] }));
    await rejects(loadRules(['dup1.json', 'dup2.json'], { cwd: folder.path() }), /Duplicate rule name "same": in .*dup1\.json and in .*dup2\.json/);
  });

  it('rule:/bus: specs go to the AWS loader', async () => {
    await assert.rejects(loadRules(['bus:nothing-here'], { cwd: folder.path(), env: { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_EVENTBRIDGE: 'http://127.0.0.1:9' } }));
  });
});
