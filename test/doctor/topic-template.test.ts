import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose, type DoctorFacts } from '../../src/doctor/index.js';
import { stubEngine } from './stub-engine.js';

const BUS = 'aws.partner/genesys.com/cloud/32aa07aa-db1b-4987-abd0-9483601ec29d/prod';

function facts(pattern: unknown, events: unknown[]): DoctorFacts {
  return {
    genesys: { status: 'skipped', reason: 'not asked', fix: '-' },
    aws: {
      status: 'ok',
      region: 'us-east-1',
      sources: [{ name: BUS, state: 'ACTIVE' }],
      buses: [{ name: BUS, arn: `arn:aws:events:us-east-1:123456789012:event-bus/${BUS}` }],
      busesInspected: [BUS],
      rules: [{ name: 'r', eventBusName: BUS, state: 'ENABLED', eventPattern: JSON.stringify(pattern), targets: [{ id: '1', arn: 'a' }] }],
    },
    events: { status: 'ok', input: 'events.ndjson', rebrand: false, problems: [], events },
  };
}

test('doctor: a concrete topic in detail-type is caught by the catalogue, not only when it holds a UUID', () => {
  const findings = diagnose(facts({ 'detail-type': ['v2.routing.queues.q1.conversations.calls'] }, []), stubEngine);
  const f = findings.find((x) => x.code === 'DETAIL_TYPE_NOT_TEMPLATE');
  assert.ok(f, JSON.stringify(findings.map((x) => x.code)));
  assert.match(f.message, /the template "v2\.routing\.queues\.\{id\}\.conversations\.calls"/);
});

test('doctor: pattern fields absent from the events are found through $or branches, each named once', () => {
  const event = { id: 'e1', 'detail-type': 'x', source: 's', detail: { eventBody: { queueId: null, tags: [] } } };
  const pattern = { $or: [{ detail: { eventBody: { queueId: [{ exists: true }] } } }, { 'detail.eventBody.tags': ['a'] }, { 'detail.eventBody.tags': ['b'] }] };
  const absent = diagnose(facts(pattern, [event]), stubEngine).filter((x) => x.code === 'PATTERN_FIELD_ABSENT');
  assert.deepEqual(absent.map((x) => x.details?.path), ['detail.eventBody.tags'], 'null is present, an empty array is not');
});
