import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { isolatedAwsEnv } from '../helpers/aws-env.js';
import { startFakeS3, type FakeS3 } from '../fakes/aws/s3-server.js';
import { collectEvents, firehosePrefixes, parseS3Url } from '../../src/events/index.js';

const RULE = '{"source":[{"prefix":"aws.partner/genesys.com"}]}';

function event(n: number, hour: number) {
  return {
    version: '0',
    id: `evt-${hour}-${n}`,
    'detail-type': 'v2.users.{id}.presence',
    source: 'aws.partner/genesys.com/cloud/org-1/prod',
    account: '123456789012',
    time: `2024-05-01T${String(hour).padStart(2, '0')}:0${n % 10}:00Z`,
    region: 'us-east-1',
    resources: [],
    detail: { topicName: `v2.users.u${n}.presence`, eventBody: { presenceDefinition: { systemPresence: 'AVAILABLE' } } },
  };
}

/** Firehose-like archive: 2024/05/01/HH/ objects, gzip and plain, NDJSON and concatenated JSON. */
function fillArchive(s3: FakeS3): { inWindow: number } {
  let inWindow = 0;
  const key = (hour: number, i: number, gz: boolean) => `firehose/2024/05/01/${String(hour).padStart(2, '0')}/genesys-stream-1-2024-05-01-${hour}-00-0${i}-uuid${i}${gz ? '.gz' : ''}`;
  for (const hour of [9, 10, 11, 12]) {
    for (let i = 0; i < 4; i++) {
      const events = [0, 1, 2].map((n) => event(i * 3 + n, hour));
      const ndjson = i % 2 === 0;
      const text = ndjson ? events.map((e) => JSON.stringify(e)).join('\n') + '\n' : events.map((e) => JSON.stringify(e)).join('');
      const gz = i < 2;
      s3.put(key(hour, i, gz), gz ? gzipSync(text) : text);
      if (hour === 10 || hour === 11) inWindow += 3;
    }
  }
  // in the window: a record that is not an event (line 2), and a gzip object cut off mid-stream
  s3.put('firehose/2024/05/01/10/genesys-stream-1-2024-05-01-10-30-00-bad', `${JSON.stringify(event(90, 10))}\n{"hello":"world"}\n${JSON.stringify(event(91, 10))}\n`);
  inWindow += 2;
  const whole = gzipSync(Array.from({ length: 200 }, (_, n) => JSON.stringify(event(100 + n, 11))).join('\n') + '\n');
  s3.put('firehose/2024/05/01/11/genesys-stream-1-2024-05-01-11-59-00-cut.gz', whole.subarray(0, Math.floor(whole.length / 2)));
  return { inWindow };
}

test('parseS3Url and firehosePrefixes: hour folders for short windows, day folders for long ones', () => {
  assert.deepEqual(parseS3Url('s3://bucket-1/a/b/'), { bucket: 'bucket-1', prefix: 'a/b/' });
  assert.throws(() => parseS3Url('s3://'), /not an S3 location/);
  const short = firehosePrefixes('p/', new Date('2024-05-01T10:30:00Z'), new Date('2024-05-01T12:00:00Z'));
  assert.deepEqual(short.prefixes, ['p/2024/05/01/10/', 'p/2024/05/01/11/', 'p/2024/05/01/12/']);
  assert.equal(short.keep('p/2024/05/01/09/x'), false);
  assert.equal(short.keep('p/2024/05/01/12/x'), true);
  assert.equal(short.keep('p/other/x'), false);
  const long = firehosePrefixes('p/', new Date('2024-04-28T23:00:00Z'), new Date('2024-05-02T05:00:00Z'));
  assert.deepEqual(long.prefixes, ['p/2024/04/28/', 'p/2024/04/29/', 'p/2024/04/30/', 'p/2024/05/01/', 'p/2024/05/02/']);
  assert.equal(long.keep('p/2024/04/28/22/x'), false);
  assert.equal(long.keep('p/2024/05/02/05/x'), true);
  assert.throws(() => firehosePrefixes('p/', new Date('2024-05-02T00:00:00Z'), new Date('2024-05-01T00:00:00Z')), /--since is after --until/);
  assert.deepEqual(firehosePrefixes('p/').prefixes, ['p/']);
});

test('gceb test --events s3://...: pages of objects in the window, gzip or not, NDJSON or concatenated; problems name the object key and line', async () => {
  const s3 = await startFakeS3({ pageSize: 3 });
  const dir = await mkdtemp(join(tmpdir(), 'gceb-s3-'));
  try {
    const { inWindow } = fillArchive(s3);
    const env = { ...isolatedAwsEnv(s3.env, dir, { accessKeyId: 'AKIAFAKES3', secretAccessKey: 'fake-s3-secret' }), ...s3.env };
    const r = await runCli(['test', '--rules', RULE, '--events', 's3://genesys-archive/firehose/', '--since', '2024-05-01T10', '--until', '2024-05-01T11:59:59Z'], { env, cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const cutRecords = Number(/(\d+)\/\1 matched/.exec(r.stdout)?.[1]) - inWindow;
    assert.ok(cutRecords > 0 && cutRecords < 200, `${cutRecords} records read from the cut gzip object before the cut`);
    assert.match(r.stderr, /s3:\/\/genesys-archive\/firehose\/2024\/05\/01\/10\/genesys-stream-1-2024-05-01-10-30-00-bad:2: not an EventBridge event/);
    assert.match(r.stderr, /s3:\/\/genesys-archive\/firehose\/2024\/05\/01\/11\/genesys-stream-1-2024-05-01-11-59-00-cut\.gz:\d+: .*gzip data is truncated or corrupt/);
    assert.match(r.stderr, /gceb: s3:\/\/genesys-archive\/firehose\/: 10 objects, [\d.]+ [kM]B to read/);
    assert.match(r.stderr, /gceb: s3:\/\/genesys-archive\/firehose\/: read 10 objects/);
    const lists = s3.requests.filter((q) => q.query['list-type'] === '2');
    assert.deepEqual([...new Set(lists.map((q) => q.query.prefix))], ['firehose/2024/05/01/10/', 'firehose/2024/05/01/11/']);
    assert.ok(lists.length >= 4, `${lists.length} ListObjectsV2 pages`);
    assert.ok(lists.some((q) => q.query['continuation-token']), 'continuation tokens were followed');
    assert.equal(s3.requests.filter((q) => q.key?.includes('/09/') || q.key?.includes('/12/')).length, 0, 'objects outside the window are not read');
    assert.doesNotMatch(r.stdout + r.stderr, /fake-s3-secret/);

    const all = await runCli(['coverage', '--events', 's3://genesys-archive/firehose/', '--out', 'cov', '--format', 'json'], { env, cwd: dir });
    assert.equal(all.code, 0, all.stderr);
    const coverage = JSON.parse(await readFile(join(dir, 'cov', 'coverage.json'), 'utf8')) as { events: number };
    assert.equal(coverage.events, 4 * 4 * 3 + 2 + 1 + cutRecords, 'every hour without --since/--until; the non-event record still counts for coverage');
  } finally {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('S3 input: a missing bucket, an empty window and a denied object are plain errors or problems', async () => {
  const s3 = await startFakeS3();
  const dir = await mkdtemp(join(tmpdir(), 'gceb-s3-'));
  try {
    fillArchive(s3);
    const env = { ...isolatedAwsEnv(s3.env, dir, { accessKeyId: 'AKIAFAKES3', secretAccessKey: 'fake-s3-secret' }), ...s3.env };
    const missing = await runCli(['test', '--rules', RULE, '--events', 's3://no-such-bucket/x/'], { env, cwd: dir });
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /Not found: S3 ListObjectsV2 \(s3:\/\/no-such-bucket\/x\/\)/);
    const empty = await runCli(['test', '--rules', RULE, '--events', 's3://genesys-archive/firehose/', '--since', '2023-01-01', '--until', '2023-01-02'], { env, cwd: dir });
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /No objects under s3:\/\/genesys-archive\/firehose\/ between 2023-01-01T00:00:00.000Z and 2023-01-02T00:00:00.000Z/);
    const badTime = await runCli(['test', '--events', 's3://genesys-archive/firehose/', '--since', 'yesterday'], { env, cwd: dir });
    assert.equal(badTime.code, 2);
    assert.match(badTime.stderr, /--since 'yesterday' is not a date/);
    s3.deny('firehose/2024/05/01/12/');
    const { records, problems } = await collectEvents('s3://genesys-archive/firehose/', { remote: { env, since: new Date('2024-05-01T12:00:00Z') } });
    assert.equal(records.length, 0);
    assert.equal(problems.length, 4);
    assert.match(problems[0]!.message, /AWS denied s3:GetObject/);
  } finally {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('the notebooks gather S3 events through the same input layer', async () => {
  const s3 = await startFakeS3({ pageSize: 2 });
  try {
    fillArchive(s3);
    const { gatherEvents } = await import('../../src/notebook/gather-events.js');
    const gathered = await gatherEvents({ events: 's3://genesys-archive/firehose/', env: { ...s3.env, AWS_EC2_METADATA_DISABLED: 'true' }, remote: { since: new Date('2024-05-01T09:00:00Z'), until: new Date('2024-05-01T09:00:00Z') } });
    assert.equal(gathered.records.length, 12);
    assert.ok(gathered.records.every((r) => r.source.startsWith('s3://genesys-archive/firehose/2024/05/01/09/')));
    assert.deepEqual(gathered.problems, []);
  } finally {
    await s3.close();
  }
});
