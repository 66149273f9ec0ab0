import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';
import { testEventPattern } from '../../src/pattern/index.js';
import { readFile } from 'node:fs/promises';

const lowerCase = '{"detail":{"eventBody":{"mediaType":["chat"]}}}';

test('gceb test-pattern --fix prints a corrected pattern that matches the event', async () => {
  const r = await runCli(['test-pattern', '--event', 'examples/event.json', '--pattern', lowerCase, '--explain', '--fix']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.startsWith('{\n    "Result": false\n}\n'));
  assert.ok(r.stdout.indexOf('case-mismatch') < r.stdout.indexOf('Corrected pattern'), 'the explanation comes first');
  const corrected = r.stdout.slice(r.stdout.indexOf('\n', r.stdout.indexOf('Corrected pattern (1 fix applied; it matches the event):')) + 1);
  const event = await readFile(new URL('../../examples/event.json', import.meta.url), 'utf8');
  assert.deepEqual(testEventPattern({ Event: event, EventPattern: corrected.trim() }), { Result: true });
});

test('gceb test-pattern --fix: nothing extra on a match; FixedPattern with --json', async () => {
  const match = await runCli(['test-pattern', '--event', 'examples/event.json', '--pattern', 'examples/pattern.json', '--fix']);
  assert.equal(match.stdout, '{\n    "Result": true\n}\n');
  const json = await runCli(['test-pattern', '--event', 'examples/event.json', '--pattern', lowerCase, '--fix', '--json']);
  const parsed = JSON.parse(json.stdout) as { Result: boolean; FixedPattern: unknown };
  assert.equal(parsed.Result, false);
  assert.deepEqual(parsed.FixedPattern, { detail: { eventBody: { mediaType: ['CHAT'] } } });
  const help = await runCli(['test-pattern', '--help']);
  assert.match(help.stdout, /--fix/);
});
