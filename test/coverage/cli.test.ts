import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';

test('gceb coverage --events sample --out DIR writes charts and reports', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gceb-cov-cli-'));
  try {
    const { code, stdout, stderr } = await runCli(['coverage', '--events', 'sample', '--out', 'out', '--format', 'html,json', '--topic', 'v2.users.{id}.presence', '--topic', 'v2.detail.events.conversation.{id}.customer.start', '--rule', '{"detail":{"eventBody":{"mediaType":["VOICE"]}}}'], { cwd: dir });
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '', 'no progress when stderr is not a TTY');
    assert.match(stdout, /^\d+ events in 2 topics/);
    assert.match(stdout, /out\/coverage\.html/);
    assert.match(stdout, /out\/charts\/heatmap-topics-fields\.png \(topics × fields heatmap\)/);
    assert.match(stdout, /out\/charts\/rule-inline\.png/);
    for (const f of ['coverage.html', 'coverage.json', 'charts/heatmap-topics-fields.svg', 'charts/heatmap-topics-fields.png', 'charts/rule-inline.png', 'charts/presence-v2.users.id.presence.png']) {
      assert.ok((await stat(join(dir, 'out', f))).size > 0, f);
    }
    await assert.rejects(stat(join(dir, 'out', 'coverage.csv')));
    const json = JSON.parse(await readFile(join(dir, 'out', 'coverage.json'), 'utf8'));
    assert.deepEqual(json.topics.map((x: { detailType: string }) => x.detailType), ['v2.detail.events.conversation.{id}.customer.start', 'v2.users.{id}.presence']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('gceb coverage reads stdin, reports bad lines with file:line, and keeps going', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gceb-cov-cli-'));
  try {
    const lines = ['{"detail-type":"t","detail":{"a":1}}', '{"detail-type":"t", oops}', '{"detail-type":"t","detail":{"a":2}}'].join('\n');
    const { code, stdout, stderr } = await runCli(['coverage', '--events', '-', '--out', 'o', '--format', 'csv'], { cwd: dir, stdin: lines });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /^stdin:2: the record that starts on line 2 is not valid JSON/m);
    assert.match(stdout, /^2 events in 1 topics .*; 1 input problems/);
    assert.match(await readFile(join(dir, 'o', 'coverage.csv'), 'utf8'), /^t,2,detail\.a,2,0,0,100,/m);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('gceb coverage: user errors name the problem and exit 2 without a stack trace', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gceb-cov-cli-'));
  try {
    await writeFile(join(dir, 'e.ndjson'), '{"detail-type":"t"}\n');
    const cases: Array<[string[], RegExp]> = [
      [['coverage', '--events', 'missing.ndjson'], /Events file or folder not found: missing\.ndjson/],
      [['coverage'], /no events given/],
      [['coverage', '--events', 'e.ndjson', '--format', 'pdf'], /unknown --format pdf/],
      [['coverage', '--events', 'e.ndjson', '--exact-limit', 'lots'], /--exact-limit must be a positive whole number/],
      [['coverage', '--events', 'e.ndjson', '--topic', 'v2.nope'], /no events of detail-type "v2\.nope"/],
      [['coverage', '--events', 'e.ndjson', '--rule', '{"source": "x"}'], /Event pattern is not valid/],
    ];
    for (const [argv, expected] of cases) {
      const { code, stderr } = await runCli(argv, { cwd: dir });
      assert.equal(code, 2, `${argv.join(' ')}: ${stderr}`);
      assert.match(stderr, expected);
      assert.ok(!/\n\s+at .*:\d+:\d+\)?$/m.test(stderr), `no stack trace: ${stderr}`);
    }
    const help = await runCli(['coverage', '--help'], { cwd: dir });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--redact/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('gceb coverage --redact masks personal data in problem messages and examples', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gceb-cov-cli-'));
  try {
    const lines = ['{"detail-type":"t","detail":{"eventBody":{"ani":"tel:+13175550123","mediaType":"VOICE"}}}', 'jane.doe@example.com wrote this line', '{"detail-type":"t","detail":{"eventBody":{"wrapupNotes":"Jane Doe is upset"}}}'].join('\n');
    const { code, stdout, stderr } = await runCli(['coverage', '--events', '-', '--out', 'o', '--redact'], { cwd: dir, stdin: lines });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /stdin:2: line 2 is not a JSON record \(starts with \[redacted\]\)/);
    for (const name of ['coverage.json', 'coverage.ndjson', 'coverage.csv', 'coverage.md', 'coverage.html']) {
      const text = await readFile(join(dir, 'o', name), 'utf8');
      for (const secret of ['13175550123', 'jane.doe', 'Jane Doe']) assert.ok(!text.includes(secret), `${name} leaks ${secret}`);
      assert.ok(text.includes('VOICE'), `${name} keeps enum values`);
    }
    assert.ok(!/jane|1317555/i.test(stdout + stderr));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('progress line: events, bytes, rate and ETA', async () => {
  const { formatProgress } = await import('../../src/coverage/index.js');
  assert.equal(
    formatProgress({ source: 'f', events: 50_000, bytesRead: 25_000_000, totalBytes: 100_000_000, elapsedMs: 2000 }),
    '50,000 events · 25.0 MB of 100.0 MB · 25,000 events/s · ETA 6 s',
  );
  assert.equal(formatProgress({ source: 'stdin', events: 10, bytesRead: 1_000_000, totalBytes: undefined, elapsedMs: 1000 }), '10 events · 1.0 MB · 10 events/s');
});

test('gceb coverage interrupted (Ctrl-C) exits 130 and writes nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gceb-cov-cli-'));
  try {
    const { code, stderr } = await runCli(['coverage', '--events', 'sample', '--out', 'o'], { cwd: dir, signal: AbortSignal.abort() });
    assert.equal(code, 130);
    assert.match(stderr, /interrupted; nothing was written/);
    await assert.rejects(stat(join(dir, 'o')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
