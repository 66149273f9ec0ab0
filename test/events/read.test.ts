import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { readEvents, collectEvents, type ReadProblem } from '../../src/events/index.js';
import { UserError } from '../../src/errors.js';

function ev(n: number, detailType = 'v2.users.{id}.presence') {
  return { version: '0', id: `id-${n}`, 'detail-type': detailType, source: 'aws.partner/genesys.com/cloud/o/s', account: '1', time: 't', region: 'us-east-1', resources: [], detail: { n } };
}

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'gceb-events-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function readText(text: string | Buffer, name = 'in.json', options: { chunkBytes?: number } = {}) {
  return withDir(async (dir) => {
    const path = join(dir, name);
    await writeFile(path, text);
    const result = await collectEvents(path, options);
    return {
      ids: result.records.map((r) => (r.event as { id?: string }).id),
      lines: result.records.map((r) => r.line),
      sources: result.records.map((r) => r.source),
      problems: result.problems.map((p) => ({ line: p.line, message: p.message, file: p.source === path })),
    };
  });
}

const ndjson = [1, 2, 3].map((n) => JSON.stringify(ev(n))).join('\n') + '\n';

test('NDJSON: records with their line numbers', async () => {
  const r = await readText(ndjson);
  assert.deepEqual(r.ids, ['id-1', 'id-2', 'id-3']);
  assert.deepEqual(r.lines, [1, 2, 3]);
  assert.deepEqual(r.problems, []);
});

test('NDJSON with CRLF, blank lines, BOM and no final newline', async () => {
  const text = '\uFEFF' + JSON.stringify(ev(1)) + '\r\n\r\n' + JSON.stringify(ev(2));
  const r = await readText(text);
  assert.deepEqual(r.ids, ['id-1', 'id-2']);
  assert.deepEqual(r.lines, [1, 3]);
  assert.deepEqual(r.problems, []);
});

test('NDJSON: a malformed line is reported with its line number and the run goes on', async () => {
  const text = [JSON.stringify(ev(1)), '{"id": "x", "detail-type": }', '{"id": "cut', 'not json at all', JSON.stringify(ev(5)), '42', ''].join('\n');
  const r = await readText(text);
  assert.deepEqual(r.ids, ['id-1', 'id-5']);
  assert.deepEqual(r.lines, [1, 5]);
  assert.deepEqual(r.problems.map((p) => p.line), [2, 3, 4, 6]);
  assert.match(r.problems[0]!.message, /line 2 is not valid JSON/);
  assert.match(r.problems[1]!.message, /line 3 ends in the middle/);
  assert.match(r.problems[2]!.message, /line 4 is not a JSON record/);
  assert.ok(r.problems.every((p) => p.file));
});

test('NDJSON whose first line is cut still reads the next lines', async () => {
  const text = '{"id": "broken", "detail-type": "x"\n' + JSON.stringify(ev(2)) + '\n';
  const r = await readText(text);
  assert.deepEqual(r.ids, ['id-2']);
  assert.deepEqual(r.problems.map((p) => p.line), [1]);
});

test('a truncated file keeps the records before the cut and reports the cut', async () => {
  const full = ndjson + JSON.stringify(ev(4));
  const r = await readText(full.slice(0, full.length - 10));
  assert.deepEqual(r.ids, ['id-1', 'id-2', 'id-3']);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.line, 4);
  assert.match(r.problems[0]!.message, /truncated/);
});

test('JSON array, pretty-printed, streamed across tiny chunks', async () => {
  const text = JSON.stringify([ev(1), ev(2), ev(3)], null, 2);
  const r = await readText(text, 'a.json', { chunkBytes: 7 });
  assert.deepEqual(r.ids, ['id-1', 'id-2', 'id-3']);
  assert.deepEqual(r.lines, [2, 15, 28]);
  assert.deepEqual(r.problems, []);
});

test('JSON array with a non-object element and a truncated end', async () => {
  const text = `[${JSON.stringify(ev(1))}, "oops", 17, ${JSON.stringify(ev(2))}, ${JSON.stringify(ev(3)).slice(0, 30)}`;
  const r = await readText(text);
  assert.deepEqual(r.ids, ['id-1', 'id-2']);
  assert.equal(r.problems.length, 3);
  assert.match(r.problems[0]!.message, /not a JSON object/);
  assert.match(r.problems[2]!.message, /truncated/);
});

test('an unclosed JSON array is reported', async () => {
  const r = await readText(`[${JSON.stringify(ev(1))},\n`);
  assert.deepEqual(r.ids, ['id-1']);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0]!.message, /not closed/);
});

test('a single pretty-printed object', async () => {
  const r = await readText(JSON.stringify(ev(7), null, 2));
  assert.deepEqual(r.ids, ['id-7']);
  assert.deepEqual(r.lines, [1]);
});

test('concatenated objects with no separator (Firehose), on one line and pretty', async () => {
  const one = [1, 2, 3].map((n) => JSON.stringify(ev(n))).join('');
  const r1 = await readText(one, 'firehose-1-2024', { chunkBytes: 50 });
  assert.deepEqual(r1.ids, ['id-1', 'id-2', 'id-3']);
  assert.deepEqual(r1.problems, []);
  const pretty = [1, 2].map((n) => JSON.stringify(ev(n), null, 2)).join('');
  const r2 = await readText(pretty);
  assert.deepEqual(r2.ids, ['id-1', 'id-2']);
});

test('strings holding braces, brackets, quotes and escapes do not confuse the splitter', async () => {
  const tricky = { ...ev(1), detail: { text: 'a } ] [ { \\" \\\\ "quoted" \u00e9 \ud83d\ude00' } };
  const text = JSON.stringify(tricky) + JSON.stringify(ev(2));
  const r = await readText(text, 'x', { chunkBytes: 3 });
  assert.deepEqual(r.ids, ['id-1', 'id-2']);
  const pretty = JSON.stringify([tricky, ev(2)], null, 1);
  const r2 = await readText(pretty, 'y', { chunkBytes: 5 });
  assert.deepEqual(r2.ids, ['id-1', 'id-2']);
});

test('CloudWatch Logs text export: `<timestamp> <json>` lines', async () => {
  const text = `2024-01-02T03:04:05.678Z ${JSON.stringify(ev(1))}\n1704164645678 ${JSON.stringify(ev(2))}\nGARBAGE ${JSON.stringify(ev(3))}\n`;
  const r = await readText(text, 'export.log');
  assert.deepEqual(r.ids, ['id-1', 'id-2', 'id-3']);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.line, 3);
});

test('aws logs filter-log-events JSON output', async () => {
  const out = {
    events: [
      { logStreamName: 's', timestamp: 1, message: JSON.stringify(ev(1)), ingestionTime: 2, eventId: 'e1' },
      { logStreamName: 's', timestamp: 1, message: 'START RequestId: abc', ingestionTime: 2, eventId: 'e2' },
      { logStreamName: 's', timestamp: 1, message: JSON.stringify(ev(2)), ingestionTime: 2, eventId: 'e3' },
    ],
    searchedLogStreams: [],
  };
  const r = await readText(JSON.stringify(out, null, 2));
  assert.deepEqual(r.ids, ['id-1', 'id-2']);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0]!.message, /events\[1\]\.message is not an event/);
});

test('CloudWatch subscription data via Firehose, gzipped and concatenated', async () => {
  const data = (ids: number[]) => JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '1', logGroup: 'g', logStream: 's', logEvents: ids.map((n) => ({ id: `${n}`, timestamp: 1, message: JSON.stringify(ev(n)) })) });
  const text = JSON.stringify({ messageType: 'CONTROL_MESSAGE', logEvents: [{ id: 'c', timestamp: 1, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }] }) + data([1, 2]) + data([3]);
  const r = await readText(gzipSync(text), 'cwl');
  assert.deepEqual(r.ids, ['id-1', 'id-2', 'id-3']);
  assert.deepEqual(r.problems, []);
});

test('gzip of NDJSON is detected by content, and a truncated gzip keeps what came before', async () => {
  const many = Array.from({ length: 2000 }, (_, i) => JSON.stringify(ev(i))).join('\n') + '\n';
  const gz = gzipSync(many);
  const r = await readText(gz, 'events.ndjson.gz');
  assert.equal(r.ids.length, 2000);
  assert.deepEqual(r.problems, []);
  const cut = await readText(gz.subarray(0, Math.floor(gz.length / 2)), 'cut.gz', { chunkBytes: 1024 });
  assert.ok(cut.ids.length > 100 && cut.ids.length < 2000, `kept ${cut.ids.length}`);
  assert.deepEqual(cut.ids, Array.from({ length: cut.ids.length }, (_, i) => `id-${i}`));
  assert.ok(cut.problems.some((p) => /gzip data is truncated or corrupt/.test(p.message)));
});

test('stdin with `-`, gzipped too', async () => {
  const plain = await collectEvents('-', { stdin: Readable.from([Buffer.from(ndjson)]) });
  assert.deepEqual(plain.records.map((r) => r.source), ['stdin', 'stdin', 'stdin']);
  const gz = gzipSync(ndjson);
  const zipped = await collectEvents(['-'], { stdin: Readable.from([gz.subarray(0, 5), gz.subarray(5)]) });
  assert.equal(zipped.records.length, 3);
});

test('a folder: recursive, sorted, event files only', async () => {
  await withDir(async (dir) => {
    await mkdir(join(dir, 'b-sub'));
    await writeFile(join(dir, 'c.ndjson'), JSON.stringify(ev(3)) + '\n');
    await writeFile(join(dir, 'a.json'), JSON.stringify([ev(1)]));
    await writeFile(join(dir, 'b-sub', 'x.jsonl.gz'), gzipSync(JSON.stringify(ev(2)) + '\n'));
    await writeFile(join(dir, 'b-sub', 'firehose-object'), JSON.stringify(ev(22)));
    await writeFile(join(dir, 'notes.md'), '# not events');
    await writeFile(join(dir, '.hidden.json'), '{');
    const result = await collectEvents(dir);
    assert.deepEqual(result.records.map((r) => (r.event as { id: string }).id), ['id-1', 'id-22', 'id-2', 'id-3']);
    assert.deepEqual(result.problems, []);
  });
});

test('several inputs in order; a missing one throws UserError naming it before anything is read', async () => {
  await withDir(async (dir) => {
    await writeFile(join(dir, 'one.ndjson'), JSON.stringify(ev(1)) + '\n');
    const both = await collectEvents(['one.ndjson', 'one.ndjson'], { cwd: dir });
    assert.equal(both.records.length, 2);
    let yielded = 0;
    await assert.rejects(
      (async () => {
        for await (const _ of readEvents(['one.ndjson', 'nope.ndjson'], { cwd: dir })) yielded++;
      })(),
      (error: unknown) => error instanceof UserError && /nope\.ndjson/.test(error.message),
    );
    assert.equal(yielded, 0);
  });
});

test('an empty file yields nothing and no problem; an abort stops the read', async () => {
  const r = await readText('');
  assert.deepEqual(r.ids, []);
  assert.deepEqual(r.problems, []);
  await withDir(async (dir) => {
    const path = join(dir, 'e.ndjson');
    await writeFile(path, ndjson);
    const controller = new AbortController();
    const seen: unknown[] = [];
    await assert.rejects(async () => {
      for await (const record of readEvents(path, { signal: controller.signal })) {
        seen.push(record);
        controller.abort();
      }
    });
    assert.ok(seen.length >= 1);
  });
});

test('an oversized record is reported and skipped, memory stays bounded', async () => {
  const big = { ...ev(9), detail: { blob: 'x'.repeat(5000) } };
  const problems: ReadProblem[] = [];
  await withDir(async (dir) => {
    const path = join(dir, 'big.json');
    await writeFile(path, JSON.stringify(big, null, 1) + JSON.stringify(ev(1), null, 1));
    const out = [];
    for await (const r of readEvents(path, { maxRecordBytes: 1000, chunkBytes: 256, onProblem: (p) => problems.push(p) })) out.push(r);
    assert.deepEqual(out.map((r) => (r.event as { id: string }).id), ['id-1']);
  });
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /larger than 1000 bytes/);
});
