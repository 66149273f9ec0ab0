import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectEvents } from '../../src/events/index.js';
import { outOfRangeNumber } from '../../src/pattern/json-lexer.js';
import { RepeatedValues } from '../../src/pattern/index.js';

const line = (id: string, detail: string): string =>
  `{"version":"0","id":"${id}","detail-type":"d","source":"s","account":"1","time":"t","region":"r","resources":[],"detail":${detail}}`;

async function read(bytes: Buffer, name: string) {
  const dir = await mkdtemp(join(tmpdir(), 'gceb-lossy-'));
  try {
    const path = join(dir, name);
    await writeFile(path, bytes);
    const result = await collectEvents(path);
    return { ids: result.records.map((r) => (r.event as { id: string }).id), problems: result.problems.map((p) => [p.line, p.message]) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('a number beyond double range (1e400) is a problem with its line, not Infinity; the other records are read', async () => {
  const text = [line('a', '{"n":1}'), line('b', '{"n":1e400}'), line('c', '{"n":-2E+999,"s":"1e400 in a string is fine"}'), line('d', '{"s":"e999"}')].join('\n');
  for (const [name, bytes] of [['ndjson.json', `${text}\n`], ['pretty.json', text.replace(/,/g, ',\n  ')]] as const) {
    const { ids, problems } = await read(Buffer.from(bytes), name);
    assert.deepEqual(ids, ['a', 'd'], name);
    assert.equal(problems.length, 2, name);
    assert.match(String(problems[0]![1]), /number 1e400, beyond the range of a double/);
    assert.match(String(problems[1]![1]), /number -2E\+999/);
  }
});

test('bytes that are not UTF-8 are a problem with the line, not U+FFFD', async () => {
  const [head, tail] = line('b', '{"s":"@"}').split('@') as [string, string];
  const bad = Buffer.concat([Buffer.from(head), Buffer.from([0xc3, 0x28]), Buffer.from(tail)]);
  const bytes = Buffer.concat([Buffer.from(`${line('a', '{"s":"é"}')}\n`), bad, Buffer.from(`\n${line('c', '{"s":"ok"}')}\n`)]);
  const { ids, problems } = await read(bytes, 'events.json');
  assert.deepEqual(ids, ['a', 'c']);
  assert.deepEqual(problems, [[2, 'the record on line 2 contains bytes that are not valid UTF-8; it was skipped']]);
});

test('outOfRangeNumber finds only number literals beyond double range', () => {
  assert.equal(outOfRangeNumber('{"a":1e308,"b":"1e999"}'), undefined);
  assert.equal(outOfRangeNumber('{"a":[1,2,{"b":1e309}]}'), '1e309');
  assert.equal(outOfRangeNumber(`{"a":${'9'.repeat(400)}}`), '9'.repeat(400));
  assert.equal(outOfRangeNumber('{"a":5e-324,"b":1e-400}'), undefined, 'underflow to 0 is not out of range');
});

test('a key repeated in a record keeps every value (as event-ruler reads events), in NDJSON and pretty-printed files', async () => {
  const text = [line('a', '{"state":"ALERTING","state":"CONNECTED"}'), line('b', '{"n":1e400,"n":2}')].join('\n');
  for (const [name, bytes] of [['ndjson.json', `${text}\n`], ['pretty.json', text.replace(/,/g, ',\n  ')]] as const) {
    const dir = await mkdtemp(join(tmpdir(), 'gceb-repeat-'));
    try {
      await writeFile(join(dir, name), bytes);
      const result = await collectEvents(join(dir, name));
      assert.equal(result.records.length, 1, name);
      const detail = (result.records[0]!.event as { detail: { state: unknown } }).detail;
      assert.ok(detail.state instanceof RepeatedValues, name);
      assert.deepEqual([...(detail.state as unknown[])], ['ALERTING', 'CONNECTED']);
      assert.match(String(result.problems[0]?.message), /number 1e400, beyond the range of a double/, name);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
});
