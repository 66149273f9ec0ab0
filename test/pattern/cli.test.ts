import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function run(argv: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const input = new PassThrough();
  input.end(stdin);
  const code = await main(argv, {
    stdout: Object.assign(new PassThrough(), { write: (s: string) => (out.push(String(s)), true) }),
    stderr: Object.assign(new PassThrough(), { write: (s: string) => (err.push(String(s)), true) }),
    stdin: input,
    env: {},
    cwd: root,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

test('prints {"Result": true} like the AWS CLI', async () => {
  const r = await run(['test-pattern', '--event', 'examples/event.json', '--pattern', 'examples/pattern.json']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '{\n    "Result": true\n}\n');
});

test('inline pattern, no match, --explain adds the reasons', async () => {
  const r = await run(['test-pattern', '--event', 'examples/event.json', '--pattern', '{"detail":{"eventBody":{"mediaType":["chat"]}}}', '--explain']);
  assert.equal(r.code, 0);
  assert.ok(r.stdout.startsWith('{\n    "Result": false\n}\n'));
  assert.match(r.stdout, /case-mismatch/);
});

test('--json prints the explanation object', async () => {
  const r = await run(['test-pattern', '--event', 'examples/event.json', '--pattern', '{"source":["genesys.cloud"]}', '--json']);
  const parsed = JSON.parse(r.stdout) as { Result: boolean; failures: Array<{ path: string }> };
  assert.equal(parsed.Result, false);
  assert.equal(parsed.failures[0]!.path, 'source');
});

test('event from stdin', async () => {
  const event = JSON.stringify({ id: '1', account: '1', source: 's', time: 't', region: 'r', 'detail-type': 'd' });
  const r = await run(['test-pattern', '--event', '-', '--pattern', '{"source":["s"]}'], event);
  assert.equal(r.stdout, '{\n    "Result": true\n}\n');
});

test('invalid pattern: exit 2, AWS error text on stderr, nothing on stdout', async () => {
  const r = await run(['test-pattern', '--event', 'examples/event.json', '--pattern', '{"a":"x"}']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /InvalidEventPatternException.*Event pattern is not valid\. Reason: "a" must be an object or an array/);
  assert.doesNotMatch(r.stderr, /\n\s+at [a-z]/, 'no stack trace');
});

test('invalid event: ValidationException text', async () => {
  const r = await run(['test-pattern', '--event', '-', '--pattern', '{"a":["x"]}'], '{"id":"1"}');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Parameter Event is not valid\./);
});

test('unreadable files and missing flags are clear user errors', async () => {
  const missing = await run(['test-pattern', '--event', 'no/such.json', '--pattern', '{"a":["x"]}']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read the event file 'no\/such\.json': no such file/);
  const noPattern = await run(['test-pattern', '--event', 'examples/event.json']);
  assert.equal(noPattern.code, 2);
  assert.match(noPattern.stderr, /--event and --pattern are required/);
});

test('--help lists the flags and an example', async () => {
  const r = await run(['test-pattern', '--help']);
  assert.equal(r.code, 0);
  for (const flag of ['--event', '--pattern', '--explain', '--json', 'Example']) assert.ok(r.stdout.includes(flag), flag);
});

test('spawned through tsx: npm start equivalent', async () => {
  const stdout = await new Promise<string>((resolveOut, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/gceb.ts', 'test-pattern', '--event', 'examples/event.json', '--pattern', 'examples/pattern.json'],
      { cwd: root, timeout: 30_000 },
      (error, out) => (error ? reject(error) : resolveOut(out)),
    );
  });
  assert.equal(stdout, '{\n    "Result": true\n}\n');
});
