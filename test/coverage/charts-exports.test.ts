import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vegaLite from 'vega-lite';
import {
  createCoverage, patternLeafPaths, presenceBarChart, presenceHeatmap, rulePathPresence, rulePathsHeatmap, renderChart, analyzeCoverage, REDACTED, isSafeString,
} from '../../src/coverage/index.js';
import { coverageCsv, coverageNdjson, coverageMarkdown, coverageHtml, writeCoverageReport, coverageRows } from '../../src/report/index.js';

const CUSTOMER_START = 'v2.detail.events.conversation.{id}.customer.start';
const WRAPUP = 'v2.detail.events.conversation.{id}.wrapup';
const AUDIT = 'v2.audits.entitytype.{id}.entityid.{id}';
const TRANSCRIPTION = 'v2.conversations.{id}.transcription';

// Personal data of the kinds Genesys bodies carry; none may reach a redacted output.
const PII = ['tel:+13175550123', '+13175550199', 'jane.doe@example.com', 'Jane Doe', 'Customer was angry about invoice 4471', 'my card number is four four', 'Gold Member Smith', 'sip:agent.smith@corp.example'];

function piiEvents() {
  const conv = 'c7a9b2f4-1111-4a3c-9d8e-0f1a2b3c4d5e';
  return [
    { version: '0', id: 'e1e1e1e1-2222-4a3c-9d8e-0f1a2b3c4d5e', 'detail-type': CUSTOMER_START, source: 'aws.partner/genesys.com/cloud/7c1d2a4e-5b6f-4a3c-9d8e-0f1a2b3c4d5e/prod', account: '123456789012', time: '2024-05-06T08:00:00Z', region: 'us-east-1', resources: [],
      detail: { topicName: `v2.detail.events.conversation.${conv}.customer.start`, version: '2', eventBody: { conversationId: conv, mediaType: 'VOICE', direction: 'INBOUND', ani: PII[0], dnis: PII[1], addressFrom: PII[7], eventTime: 1714982400000 }, metadata: { CorrelationId: 'f00df00d-3333-4a3c-9d8e-0f1a2b3c4d5e' }, timestamp: '2024-05-06T08:00:00.745Z' } },
    { 'detail-type': WRAPUP, detail: { eventBody: { conversationId: conv, wrapupCode: 'a1b2c3d4-4444-4a3c-9d8e-0f1a2b3c4d5e', wrapupNotes: PII[4], attributes: { customerEmail: PII[2], tier: PII[6] } } } },
    { 'detail-type': AUDIT, detail: { eventBody: { action: 'Update', entityType: 'User', entity: { id: 'b0b0b0b0-5555-4a3c-9d8e-0f1a2b3c4d5e', name: PII[3] }, username: { id: PII[2] }, propertyChanges: [{ property: 'name', oldValues: [PII[3]], newValues: ['J. Doe'] }] } } },
    { 'detail-type': TRANSCRIPTION, detail: { eventBody: { transcripts: [{ utteranceId: 'u1', isFinal: true, channel: 'EXTERNAL', alternatives: [{ confidence: 0.9, transcript: PII[5], words: [{ word: 'card' }] }] }] } } },
  ];
}

test('redaction rule: ids, times, topics and enum fields are kept; personal data is masked', () => {
  assert.equal(isSafeString('detail.eventBody.mediaType', 'VOICE'), true);
  assert.equal(isSafeString('detail.eventBody.conversationId', 'c7a9b2f4-1111-4a3c-9d8e-0f1a2b3c4d5e'), true);
  assert.equal(isSafeString('account', '123456789012'), true);
  assert.equal(isSafeString('detail.eventBody.ani', 'tel:+13175550123'), false);
  assert.equal(isSafeString('detail.eventBody.attributes.status', 'VIP'), false, 'attributes are customer-defined');
  assert.equal(isSafeString('detail.eventBody.status', 'jane@example.com'), false);
  assert.equal(isSafeString('detail.eventBody.status', '+1 317 555 0123'), false);
  const acc = createCoverage({ redact: true });
  for (const e of piiEvents()) acc.add(e);
  const r = acc.result();
  const topic = r.topics.find((t) => t.detailType === CUSTOMER_START)!;
  const get = (p: string) => topic.fields.find((f) => f.path === p)!.examples;
  assert.deepEqual(get('detail.eventBody.mediaType'), ['VOICE']);
  assert.deepEqual(get('detail.eventBody.ani'), [REDACTED]);
  assert.deepEqual(get('detail.eventBody.eventTime'), [1714982400000]);
  assert.equal(r.options.redacted, true);
});

test('redaction removes personal data from every export format (json, ndjson, csv, md, html, charts)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gceb-cov-redact-'));
  try {
    const acc = createCoverage({ redact: true });
    for (const e of piiEvents()) acc.add(e);
    const result = acc.result();
    const problems = { count: 1, sample: [{ source: 'x.ndjson', line: 3, message: `line 3 is not a JSON record (starts with ${JSON.stringify(PII[2])}); it was skipped` }] };
    const files = await writeCoverageReport(dir, result, { problems, redact: true, rules: [{ name: 'r', pattern: { detail: { eventBody: { ani: [PII[0]] } } } }] });
    assert.equal(files.exports.length, 5);
    const all = [...files.exports, ...files.charts.map((c) => c.svg)];
    for (const name of await readdir(join(dir, 'charts'))) if (name.endsWith('.json')) all.push(join(dir, 'charts', name));
    for (const path of all) {
      const text = await readFile(path, 'utf8');
      for (const secret of PII) assert.ok(!text.includes(secret) && !text.includes(secret.replace(/@/g, '\\u0040')), `${path} leaks ${secret}`);
    }
    // ...while the unredacted report does show the examples (the test would catch nothing otherwise).
    const plain = createCoverage();
    for (const e of piiEvents()) plain.add(e);
    assert.ok(coverageCsv(plain.result()).includes(PII[4]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('pattern leaf paths follow nesting, dotted keys and $or', () => {
  const pattern = { source: [{ prefix: 'aws.partner/genesys.com' }], 'detail-type': ['x'], detail: { 'eventBody.queueId': ['q'], eventBody: { $or: [{ mediaType: ['VOICE'] }, { propertyChanges: { property: ['PRESENCE'] } }] } } };
  assert.deepEqual(patternLeafPaths(pattern), ['source', 'detail-type', 'detail.eventBody.queueId', 'detail.eventBody.mediaType', 'detail.eventBody.propertyChanges.property']);
});

test('rule path presence maps array paths onto EventBridge addresses', () => {
  const acc = createCoverage();
  for (const e of piiEvents()) acc.add(e);
  const rows = rulePathPresence(acc.result(), { detail: { eventBody: { propertyChanges: { property: ['name'] }, mediaType: ['VOICE'] } } });
  const audit = rows.find((r) => r.topic === AUDIT && r.field === 'detail.eventBody.propertyChanges.property')!;
  assert.deepEqual([audit.present, audit.events, audit.presence], [1, 1, 1]);
  const voice = rows.find((r) => r.topic === WRAPUP && r.field === 'detail.eventBody.mediaType')!;
  assert.equal(voice.presence, 0);
});

test('chart specs are valid Vega-Lite and render to SVG with marks and to PNG', async () => {
  const { result } = await analyzeCoverage('sample');
  assert.ok(result.events >= 500 && result.topics.length >= 10);
  const specs = [
    presenceHeatmap(result),
    presenceBarChart(result, result.topics[0]!.detailType),
    rulePathsHeatmap(result, { source: [{ prefix: 'aws.partner/genesys.com' }], detail: { eventBody: { queueId: [{ exists: true }] } } }, { ruleName: 'queue' }),
  ];
  for (const spec of specs) {
    assert.equal(spec.$schema, 'https://vega.github.io/schema/vega-lite/v5.json');
    assert.doesNotThrow(() => vegaLite.compile(spec as unknown as vegaLite.TopLevelSpec));
    const { svg, png } = await renderChart(spec);
    assert.match(svg, /^<svg[\s\S]*<\/svg>$/);
    assert.ok((svg.match(/<path/g) ?? []).length > 10, 'marks drawn');
    assert.match(svg, /<text/);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.length > 5000);
  }
  assert.throws(() => presenceBarChart(result, 'nope'), /No events of detail-type "nope"/);
});

test('exports: ndjson and csv rows, markdown tables, self-contained html', async () => {
  const acc = createCoverage();
  for (const e of piiEvents()) acc.add(e);
  const result = acc.result();
  const rows = coverageRows(result);
  const ndjson = coverageNdjson(result).trim().split('\n');
  assert.equal(ndjson.length, rows.length);
  assert.deepEqual(JSON.parse(ndjson[0]!), JSON.parse(JSON.stringify(rows[0])));
  const csv = coverageCsv(result).trim().split('\r\n');
  assert.equal(csv[0], 'detail_type,topic_events,path,present,null,absent,presence_pct,empty,types,distinct,distinct_exact,examples');
  assert.equal(csv.length, rows.length + 1);
  const md = coverageMarkdown(result);
  assert.match(md, /^# Field coverage/);
  assert.match(md, /\| `detail\.eventBody\.ani` \| 100\.0 \| 1 \| 0 \| 0 \|/);
  const { svg } = await renderChart(presenceHeatmap(result));
  const html = coverageHtml(result, { charts: [{ title: 'Heatmap <x>', svg }] });
  assert.match(html, /^<!doctype html>/);
  assert.ok(!/<script/i.test(html), 'no script');
  assert.ok(!/\s(src|href)\s*=\s*["']?(https?:|\/\/)/i.test(html), 'no external resource');
  assert.ok(!/@import|url\(\s*['"]?https?:/i.test(html), 'no external CSS');
  assert.match(html, /Heatmap &lt;x&gt;/);
  assert.match(html, /<svg/);
});
