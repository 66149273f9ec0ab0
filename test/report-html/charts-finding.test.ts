import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCoverage, presenceBarChart, presenceHeatmap, rulePathsHeatmap, renderSvg, valueDistributionChart, REDACTED } from '../../src/coverage/index.js';
import { ZERO_COLOUR, fieldLabel, shortTopic } from '../../src/coverage/charts.js';
import { coverageHtml } from '../../src/report/index.js';

const START = 'v2.detail.events.conversation.{id}.customer.start';
const PRESENCE = 'v2.users.{id}.presence';

function coverage() {
  const acc = createCoverage();
  for (let i = 0; i < 10; i++) {
    acc.add({ id: `e${i}`, 'detail-type': START, source: 's', detail: { topicName: 't', eventBody: { conversationId: 'c', mediaType: i < 5 ? 'VOICE' : 'CHAT', ...(i < 3 ? { ani: 'tel:1' } : {}), queueId: null } } });
    acc.add({ id: `p${i}`, 'detail-type': PRESENCE, source: 's', detail: { topicName: 'u', eventBody: { userId: 'u', presenceDefinition: { systemPresence: 'AVAILABLE' } } } });
  }
  return acc.result();
}

type Row = { field: string; row: string; presence: number; label: string };

test('presence bars: least present first, each with its value label, 0 % in its own colour, envelope left out', async () => {
  const spec = presenceBarChart(coverage(), START) as unknown as { data: { values: Row[] }; layer: Array<{ mark: { type: string }; encoding: { color: { condition?: { value: string } } } }> };
  const rows = spec.data.values;
  assert.deepEqual(rows.map((r) => r.presence), [...rows.map((r) => r.presence)].sort((a, b) => a - b), 'sorted by presence, lowest first');
  assert.equal(rows[0]!.field, 'detail.eventBody.queueId', 'the field never present (only null) comes first');
  assert.equal(rows[0]!.presence, 0);
  assert.ok(rows.every((r) => r.field.startsWith('detail.')), 'no always-present envelope bars');
  assert.equal(rows.find((r) => r.field === 'detail.eventBody.ani')!.label, '30%');
  assert.deepEqual(spec.layer.map((l) => l.mark.type), ['bar', 'text'], 'bars and their value labels');
  assert.equal(spec.layer[0]!.encoding.color.condition!.value, ZERO_COLOUR);
  const svg = await renderSvg(spec as never);
  assert.match(svg, /30%/);
  assert.ok(svg.includes(ZERO_COLOUR) || svg.includes(ZERO_COLOUR.toUpperCase()), 'the 0 % label is drawn in the zero colour');
});

test('heatmaps: fields as rows with short labels, topics as short columns, 0 % in its own colour', async () => {
  const result = coverage();
  const spec = presenceHeatmap(result) as unknown as { encoding: { x: { field: string }; y: { field: string } }; data: { values: Array<{ row: string; column: string }> } };
  assert.equal(spec.encoding.y.field, 'row');
  assert.equal(spec.encoding.x.field, 'column');
  assert.ok(spec.data.values.some((v) => v.row === 'mediaType'));
  assert.equal(fieldLabel('detail.eventBody.mediaType'), 'mediaType');
  assert.equal(fieldLabel('detail.topicName'), 'detail.topicName');
  assert.equal(shortTopic(START), 'conversation customer start');
  assert.equal(shortTopic('v2.audits.entitytype.{id}.entityid.{id}'), 'audits entitytype entityid');
  const rule = rulePathsHeatmap(result, { detail: { eventBody: { mediaType: ['VOICE'] } } }, { ruleName: 'voice' });
  const svg = await renderSvg(rule);
  assert.ok(svg.toLowerCase().includes(ZERO_COLOUR), 'the topic where mediaType never occurs is drawn in the zero colour');
  const width = Number(/<svg[^>]*width="([\d.]+)"/.exec(svg)![1]);
  assert.ok(width < 900, `the rule heatmap fits a page (${width}px)`);
});

test('coverage.html does not repeat a chart\'s title as a heading', () => {
  const charts = [{ title: 'Field presence by topic', svg: '<svg></svg>' }, { title: `Field presence: ${START}`, svg: '<svg></svg>' }];
  const html = coverageHtml(coverage(), { charts });
  assert.doesNotMatch(html, /<h2>Field presence by topic<\/h2>/);
  assert.doesNotMatch(html, new RegExp(`<h2>Field presence: `));
  assert.equal(html.match(/<figure class="chart"/g)?.length, 2);
});

test('enum-like fields: their value distribution is counted, charted, and redacted like the examples', async () => {
  const result = coverage();
  const topic = result.topics.find((t) => t.detailType === START)!;
  assert.deepEqual(topic.fields.find((f) => f.path === 'detail.eventBody.mediaType')!.values, [{ value: 'CHAT', count: 5 }, { value: 'VOICE', count: 5 }]);
  const spec = valueDistributionChart(result, START) as unknown as { data: { values: Array<{ field: string; value: string; share: number }> } };
  assert.deepEqual(spec.data.values.filter((v) => v.field === 'mediaType').map((v) => [v.value, v.share]), [['CHAT', 50], ['VOICE', 50]]);
  assert.match(await renderSvg(spec as never), /VOICE/);
  assert.equal(valueDistributionChart(result, PRESENCE), undefined, 'no enum-like field, no chart');

  const acc = createCoverage({ redact: true });
  for (let i = 0; i < 6; i++) acc.add({ 'detail-type': START, detail: { eventBody: { ani: i % 2 ? 'tel:+13175550123' : 'tel:+13175550199', mediaType: 'VOICE' } } });
  const redacted = acc.result().topics[0]!.fields.find((f) => f.path === 'detail.eventBody.ani')!;
  assert.deepEqual(redacted.values, [{ value: REDACTED, count: 6 }]);
});
