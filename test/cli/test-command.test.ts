import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { customerStart } from '../explain/fixtures.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gceb-cli-test-'));
  const voice = customerStart();
  voice.detail.eventBody.mediaType = 'VOICE';
  const chat = customerStart();
  chat.id = 'chat-1';
  await writeFile(join(dir, 'events.ndjson'), `${JSON.stringify(voice)}\n{"broken": \n${JSON.stringify(chat)}\n`);
  await writeFile(join(dir, 'voice.json'), JSON.stringify({ detail: { eventBody: { mediaType: ['VOICE'] } } }));
  await writeFile(join(dir, 'lower.json'), JSON.stringify({ detail: { eventBody: { mediaType: ['voice'] } } }));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[], stdinText = '') {
  const { code, stdout: out, stderr: err } = await runCli(args, { stdin: stdinText, env: { NO_COLOR: '1' }, cwd: dir });
  return { code, out, err };
}

describe('gceb test', () => {
  it('runs on the sample by default and meets the sample rules\' expectations', async () => {
    const { code, out } = await cli(['test']);
    assert.equal(code, 0, out);
    assert.match(out, /gceb test: \d+ event\(s\) x \d+ rule\(s\)/);
    assert.match(out, /expect no-match: ok/);
  });

  it('reports malformed lines with file:line and goes on', async () => {
    const { code, out, err } = await cli(['test', '--rules', 'voice.json', '--events', 'events.ndjson']);
    assert.equal(code, 0);
    assert.match(err, /events\.ndjson:2: /);
    assert.match(err, /1 record\(s\) could not be tested/);
    assert.match(out, /2 event\(s\) x 1 rule\(s\) = 2 verdicts, 1 matched, 1 record\(s\) skipped/);
  });

  it('--expect match: exit 1 and lists the disagreeing verdicts', async () => {
    const { code, out } = await cli(['test', '--rules', 'voice.json', '--events', 'events.ndjson', '--expect', 'match']);
    assert.equal(code, 1);
    assert.match(out, /--expect match: 1 of 2 verdicts disagree/);
    assert.match(out, /voice x chat-1 \(events\.ndjson:3\)/);
  });

  it('--expect no-match on a rule that never matches: exit 0', async () => {
    const { code, out } = await cli(['test', '--rules', 'lower.json', '--events', 'events.ndjson', '--expect', 'no-match']);
    assert.equal(code, 0);
    assert.match(out, /fix: detail\.eventBody\.mediaType: \["VOICE"\]/);
  });

  it('--format json / ndjson / csv to stdout', async () => {
    const json = await cli(['test', '--rules', 'voice.json', '--events', 'events.ndjson', '--format', 'json']);
    assert.equal(JSON.parse(json.out).verdicts.length, 2);
    const ndjson = await cli(['test', '--rules', 'voice.json', '--events', 'events.ndjson', '--format', 'ndjson']);
    assert.deepEqual(ndjson.out.trim().split('\n').map((l) => JSON.parse(l).match), [true, false]);
    const csv = await cli(['test', '--rules', 'voice.json', '--events', 'events.ndjson', '--format', 'csv']);
    assert.equal(csv.out.trim().split('\r\n').length, 3);
  });

  it('events from stdin with an inline pattern', async () => {
    const event = customerStart();
    const { code, out } = await cli(['test', '--rules', '{"detail-type":["v2.detail.events.conversation.{id}.customer.start"]}', '--events', '-', '--format', 'ndjson'], JSON.stringify(event));
    assert.equal(code, 0);
    assert.equal(JSON.parse(out).rule, 'inline');
  });

  it('--out writes verdicts.json, report.html and the format file atomically', async () => {
    const { code, out } = await cli(['test', '--rules', 'voice.json', '--rules', 'lower.json', '--events', 'events.ndjson', '--out', 'out', '--format', 'csv']);
    assert.equal(code, 0);
    assert.match(out, /Wrote out\/verdicts\.csv, out\/verdicts\.json, out\/report\.html/);
    const files = (await readdir(join(dir, 'out'))).sort();
    assert.deepEqual(files, ['.gceb-run.json', 'report.html', 'verdicts.csv', 'verdicts.json']);
    const data = JSON.parse(await readFile(join(dir, 'out', 'verdicts.json'), 'utf8'));
    const manifest = JSON.parse(await readFile(join(dir, 'out', '.gceb-run.json'), 'utf8'));
    assert.equal(manifest.runId, data.runId);
    assert.deepEqual(manifest.files, ['report.html', 'verdicts.csv', 'verdicts.json']);
    assert.equal(data.summary.verdicts, 4);
    const html = await readFile(join(dir, 'out', 'report.html'), 'utf8');
    assert.doesNotMatch(html, /(src|href)=["']?https?:/i);
  });

  it('bad flags and bad rules are user errors (exit 2), no stack trace', async () => {
    const bad = await cli(['test', '--format', 'xml']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--format must be one of text, json, ndjson, csv, md, html/);
    await writeFile(join(dir, 'broken.json'), '{"source": [{"prefix": 5}]}');
    const invalid = await cli(['test', '--rules', 'broken.json']);
    assert.equal(invalid.code, 2);
    assert.match(invalid.err, /broken\.json: rule "broken": Event pattern is not valid\. Reason: prefix match pattern must be a string/);
    assert.doesNotMatch(invalid.err, /\.(ts|js):\d+:\d+/);
    const missing = await cli(['test', '--events', 'nope.ndjson']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nope\.ndjson/);
  });

  it('an interrupted run writes its reports marked partial and leaves no temporary files', async () => {
    const controller = new AbortController();
    controller.abort();
    const { code, stderr } = await runCli(['test', '--rules', 'voice.json', '--events', 'events.ndjson', '--out', 'aborted', '--format', 'ndjson'], {
      env: {}, cwd: dir, signal: controller.signal,
    });
    assert.equal(code, 130, stderr);
    assert.match(stderr, /interrupted; the report covers the 0 event\(s\) tested so far and is marked partial/);
    const left = await readdir(join(dir, 'aborted'));
    assert.deepEqual(left.filter((f) => f.endsWith('.tmp')), []);
    const report = JSON.parse(await readFile(join(dir, 'aborted', 'verdicts.json'), 'utf8'));
    assert.equal(report.partial, true);
    assert.match(await readFile(join(dir, 'aborted', 'report.html'), 'utf8'), /PARTIAL REPORT/);
  });

  it('--help lists every flag with an example', async () => {
    const { code, out } = await cli(['test', '--help']);
    assert.equal(code, 0);
    for (const flag of ['--rules', '--events', '--expect', '--format', '--out', '--cross-check', '--aws-region', '--quiet']) assert.ok(out.includes(flag), flag);
    assert.match(out, /Examples:/);
  });

  it('--region is refused in every command with a message naming --aws-region and --genesys-region', async () => {
    for (const argv of [['test', '--region', 'eu-west-1'], ['aws', 'sources', '--region', 'eu-west-1'], ['doctor', '--region', 'eu-west-1'], ['genesys', 'integration', '--region', 'eu-west-1'], ['capture', '--region', 'x'], ['fetch', '--region', 'x']]) {
      const { code, err } = await cli(argv);
      assert.equal(code, 2, argv.join(' '));
      assert.match(err, /Unknown option '--region'.*--aws-region \(AWS\) or --genesys-region \(Genesys Cloud\)/, argv.join(' '));
    }
    const help = await cli(['genesys', '--help']);
    assert.match(help.out, /--genesys-region R/);
  });

  it('the text summary marks a rule by its expectation and counts the expectations met', async () => {
    const { code, out } = await cli(['test']);
    assert.equal(code, 0, out);
    assert.match(out, /^expectations met: (\d+) of \1 rule\(s\)$/m);
    assert.doesNotMatch(out, /^✗ .*expect no-match: ok/m);
    assert.match(out, /^✓ .*expect no-match: ok/m);
  });
});
