import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { collectEvents } from '../../src/events/index.js';

// Any list of event objects, written in any supported framing and fed in chunks of any size, reads back unchanged.
const jsonValue = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const event = fc.record({
  'detail-type': fc.string({ minLength: 1, maxLength: 20 }),
  id: fc.uuid(),
  detail: fc.dictionary(fc.string({ maxLength: 8 }), jsonValue, { maxKeys: 5 }),
}).map((e) => JSON.parse(JSON.stringify(e)) as object);

const framings: Record<string, (events: object[]) => string> = {
  ndjson: (events) => events.map((e) => JSON.stringify(e)).join('\n') + '\n',
  crlf: (events) => events.map((e) => JSON.stringify(e)).join('\r\n'),
  array: (events) => JSON.stringify(events),
  prettyArray: (events) => JSON.stringify(events, null, 2),
  concatenated: (events) => events.map((e) => JSON.stringify(e)).join(''),
  prettyConcatenated: (events) => events.map((e) => JSON.stringify(e, null, 1)).join('\n'),
  cloudwatch: (events) => events.map((e, i) => `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z ${JSON.stringify(e)}`).join('\n'),
  filterLogEvents: (events) => JSON.stringify({ events: events.map((e) => ({ timestamp: 1, message: JSON.stringify(e) })), searchedLogStreams: [] }, null, 2),
};

function chunked(bytes: Buffer, sizes: number[]): Readable {
  const chunks: Buffer[] = [];
  let offset = 0;
  let i = 0;
  while (offset < bytes.length) {
    const size = sizes[i++ % sizes.length]!;
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return Readable.from(chunks);
}

test('every framing reads back the same events, whatever the chunk boundaries', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(event, { minLength: 1, maxLength: 8 }),
      fc.constantFrom(...Object.keys(framings)),
      fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 5 }),
      fc.boolean(),
      async (events, framing, sizes, gzip) => {
        const text = Buffer.from(framings[framing]!(events), 'utf8');
        const bytes = gzip ? gzipSync(text) : text;
        const { records, problems } = await collectEvents('-', { stdin: chunked(bytes, sizes) });
        assert.deepEqual(problems, []);
        assert.deepEqual(records.map((r) => r.event), events);
      },
    ),
    { numRuns: 150 },
  );
});

test('a file cut at any byte keeps a prefix of its events and reports at most the cut', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(event, { minLength: 1, maxLength: 6 }),
      fc.constantFrom('ndjson', 'array', 'prettyArray', 'concatenated', 'cloudwatch'),
      fc.double({ min: 0, max: 1, noNaN: true }),
      async (events, framing, where) => {
        const full = Buffer.from(framings[framing]!(events), 'utf8');
        const cut = full.subarray(0, Math.floor(full.length * where));
        const { records, problems } = await collectEvents('-', { stdin: Readable.from([cut]) });
        const got = records.map((r) => r.event);
        assert.deepEqual(got, events.slice(0, got.length), 'a prefix, in order');
        assert.ok(problems.length <= 1, JSON.stringify(problems));
        if (cut.length === full.length) assert.equal(got.length, events.length);
      },
    ),
    { numRuns: 200 },
  );
});
