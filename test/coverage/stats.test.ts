import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCoverage, HyperLogLog, hashString, hashNumber, NO_DETAIL_TYPE, type CoverageResult, type FieldCoverage } from '../../src/coverage/index.js';

function field(result: CoverageResult, detailType: string, path: string): FieldCoverage {
  const topic = result.topics.find((t) => t.detailType === detailType);
  assert.ok(topic, `topic ${detailType}`);
  const f = topic.fields.find((x) => x.path === path);
  assert.ok(f, `field ${path} in ${detailType}: ${topic.fields.map((x) => x.path).join(', ')}`);
  return f;
}

const A = 'v2.audits.entitytype.{id}.entityid.{id}';
const P = 'v2.users.{id}.presence';

function audit(body: Record<string, unknown>) {
  return { 'detail-type': A, detail: { eventBody: body } };
}

test('presence, null, absent, types, empty, distinct and examples on known events', () => {
  const acc = createCoverage({ examples: 2 });
  acc.add(audit({ action: 'Update', n: 1, flag: true, propertyChanges: [{ property: 'PRESENCE', newValues: ['Available'] }, { property: 'scopes' }] }));
  acc.add(audit({ action: 'Delete', n: null, flag: false, propertyChanges: [] }));
  acc.add(audit({ action: 'Update', n: 1.0, x: '', propertyChanges: [{ property: null }] }));
  acc.add(audit({ action: null, n: '1', obj: {} }));
  acc.add({ 'detail-type': P, detail: { eventBody: { presenceDefinition: { systemPresence: 'AVAILABLE' } } } });
  acc.add({ detail: {} });
  acc.add('not an object');
  acc.add([1, 2]);
  const r = acc.result();
  assert.equal(r.events, 6);
  assert.equal(r.skipped, 2);
  assert.deepEqual(r.topics.map((t) => [t.detailType, t.events]), [[NO_DETAIL_TYPE, 1], [A, 4], [P, 1]]);

  const action = field(r, A, 'detail.eventBody.action');
  assert.deepEqual([action.present, action.null, action.absent, action.presence], [3, 1, 0, 0.75]);
  assert.deepEqual(action.types, { string: 3, null: 1 });
  assert.deepEqual(action.distinct, { count: 2, exact: true });
  assert.deepEqual(action.examples, ['Update', 'Delete']);

  const n = field(r, A, 'detail.eventBody.n');
  assert.deepEqual([n.present, n.null, n.absent], [3, 1, 0]);
  assert.deepEqual(n.types, { number: 2, null: 1, string: 1 });
  assert.deepEqual(n.distinct, { count: 2, exact: true }, '1 and 1.0 are one number; "1" is a different value');

  const flag = field(r, A, 'detail.eventBody.flag');
  assert.deepEqual([flag.present, flag.null, flag.absent, flag.distinct.count], [2, 0, 2, 2]);

  const changes = field(r, A, 'detail.eventBody.propertyChanges');
  assert.deepEqual([changes.present, changes.absent, changes.empty], [3, 1, 1]);
  assert.deepEqual(changes.types, { array: 3 });
  const element = field(r, A, 'detail.eventBody.propertyChanges[]');
  assert.deepEqual([element.present, element.absent], [2, 2], 'events whose array has at least one element');
  const property = field(r, A, 'detail.eventBody.propertyChanges[].property');
  assert.deepEqual([property.present, property.null, property.absent], [1, 1, 2], 'counted once per event, not per element');
  assert.deepEqual(property.distinct, { count: 2, exact: true });
  const newValues = field(r, A, 'detail.eventBody.propertyChanges[].newValues[]');
  assert.deepEqual([newValues.present, newValues.absent], [1, 3]);

  assert.equal(field(r, A, 'detail.eventBody.x').empty, 1);
  assert.deepEqual(field(r, A, 'detail.eventBody.obj').types, { object: 1 });
  assert.equal(field(r, A, 'detail.eventBody.obj').empty, 1);
  assert.equal(field(r, P, 'detail.eventBody.presenceDefinition.systemPresence').presence, 1);
  assert.equal(field(r, A, 'detail-type').present, 4);
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(r)));
});

test('--topic filter keeps only the chosen detail-types', () => {
  const acc = createCoverage({ topics: [P] });
  acc.add(audit({ a: 1 }));
  acc.add({ 'detail-type': P, detail: {} });
  const r = acc.result();
  assert.equal(r.events, 1);
  assert.deepEqual(r.topics.map((t) => t.detailType), [P]);
});

test('distinct values are exact up to the limit, then estimated', () => {
  const exactly = createCoverage({ exactLimit: 100 });
  for (let i = 0; i < 300; i++) exactly.add({ 'detail-type': P, v: `value-${i % 100}` });
  assert.deepEqual(field(exactly.result(), P, 'v').distinct, { count: 100, exact: true });

  const over = createCoverage({ exactLimit: 100 });
  for (let i = 0; i < 101; i++) over.add({ 'detail-type': P, v: `value-${i}` });
  const d = field(over.result(), P, 'v').distinct;
  assert.equal(d.exact, false);
  assert.ok(Math.abs(d.count - 101) <= 3, `estimate ${d.count}`);
});

test('HyperLogLog estimate stays within tolerance (precision 12: ~1.6 % standard error)', () => {
  const acc = createCoverage();
  const truth = 50_000;
  for (let i = 0; i < 2 * truth; i++) acc.add({ 'detail-type': P, id: `c0ffee${(i % truth).toString(16).padStart(6, '0')}-4a3c-9d8e-0f1a2b3c4d5e`, t: 1_700_000_000_000 + (i % truth) });
  const r = acc.result();
  for (const path of ['id', 't']) {
    const d = field(r, P, path).distinct;
    assert.equal(d.exact, false);
    const error = Math.abs(d.count - truth) / truth;
    assert.ok(error < 0.05, `${path}: estimate ${d.count} vs ${truth} (${(error * 100).toFixed(2)} %)`);
  }
  assert.match(r.distinctMethod, /HyperLogLog/);

  for (const n of [10, 1000, 200_000]) {
    const hll = new HyperLogLog(14);
    for (let i = 0; i < n; i++) hll.addHash(hashString(`k${i}`));
    const error = Math.abs(hll.estimate() - n) / n;
    assert.ok(error < 0.03, `n=${n}: ${hll.estimate()}`);
  }
  assert.equal(hashNumber(0), hashNumber(-0));
  assert.notEqual(hashNumber(1), hashNumber(2));
});

test('paths beyond maxPathsPerTopic are counted as dropped, memory stays bounded', () => {
  const acc = createCoverage({ maxPathsPerTopic: 10 });
  for (let i = 0; i < 50; i++) acc.add({ 'detail-type': P, attributes: { [`key${i}`]: i } });
  const topic = acc.result().topics[0]!;
  assert.equal(topic.fields.length, 10);
  assert.equal(topic.droppedPaths, 42);
});
