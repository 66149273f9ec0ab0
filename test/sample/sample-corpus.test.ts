import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_DIR, SAMPLE_EVENTS_FILE, SAMPLE_RULES_DIR, sampleFileContents } from '../../src/sample/index.js';

type Event = {
  version: string; id: string; 'detail-type': string; source: string; account: string; time: string; region: string; resources: unknown;
  detail: { topicName: string; version: string; eventBody: Record<string, unknown>; metadata: Record<string, unknown>; timestamp: string } & Record<string, unknown>;
};

const lines = readFileSync(SAMPLE_EVENTS_FILE, 'utf8').split('\n');
const events: Event[] = lines.filter((l) => l !== '').map((l) => JSON.parse(l) as Event);
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SOURCE = /^aws\.partner\/genesys\.com\/cloud\/[0-9a-f-]{36}\/[A-Za-z0-9_.-]+$/;

test('the committed sample equals a fresh generation (run `npm run sample` after changing the generator)', () => {
  for (const [relative, content] of sampleFileContents()) {
    assert.equal(readFileSync(join(SAMPLE_DIR, relative), 'utf8'), content, `${relative} is stale`);
  }
});

test('the sample holds at least 500 events over at least 12 topics', () => {
  assert.ok(events.length >= 500, `${events.length} events`);
  assert.equal(lines.at(-1), '', 'file ends with a newline');
  const topics = new Set(events.map((e) => e['detail-type']));
  assert.ok(topics.size >= 12, `${topics.size} topics`);
});

test('every sample event has the real partner envelope', () => {
  for (const e of events) {
    const where = `${e.detail.topicName} (${e.id})`;
    assert.equal(e.version, '0', where);
    assert.match(e.source, SOURCE, where);
    assert.deepEqual(e.resources, [], where);
    assert.equal(e.detail.version, '2', where);
    assert.equal(typeof e.detail.metadata.CorrelationId, 'string', where);
    assert.match(e.detail.timestamp, ISO_MS, where);
    assert.equal(e.time, e.detail.timestamp.replace(/\.\d{3}Z$/, 'Z'), where);
    for (const wrong of ['orgId', 'eventType', 'conversationId']) assert.ok(!(wrong in e.detail), `${where}: detail.${wrong}`);
  }
});

test('detail-type is the template of detail.topicName: {id} exactly in the id slots', () => {
  for (const e of events) {
    const template = e['detail-type'].split('.');
    const concrete = e.detail.topicName.split('.');
    assert.equal(template.length, concrete.length, e.detail.topicName);
    assert.ok(template.includes('{id}'), e['detail-type']);
    template.forEach((segment, i) => {
      if (segment === '{id}') assert.notEqual(concrete[i], '{id}', e.detail.topicName);
      else assert.equal(concrete[i], segment, e.detail.topicName);
    });
    const conversationId = e.detail.eventBody.conversationId;
    if (typeof conversationId === 'string' && e['detail-type'].startsWith('v2.detail.events.conversation.')) {
      assert.equal(concrete[4], conversationId, e.detail.topicName);
    }
    if (e['detail-type'] === 'v2.audits.entitytype.{id}.entityid.{id}') {
      assert.equal(concrete[3], e.detail.eventBody.entityType, 'audit topics carry the entity type in an id slot');
    }
  }
});

test('eventTime is epoch ms on detail events and an ISO string on audits and transcripts; enums are upper case', () => {
  for (const e of events) {
    const body = e.detail.eventBody;
    const type = e['detail-type'];
    if (type.startsWith('v2.detail.events.')) {
      assert.equal(typeof body.eventTime, 'number', e.detail.topicName);
      assert.ok(Number.isInteger(body.eventTime));
      if ('mediaType' in body) assert.match(String(body.mediaType), /^[A-Z]+$/);
      if ('direction' in body) assert.match(String(body.direction), /^(INBOUND|OUTBOUND)$/);
    } else if (type.startsWith('v2.audits.') || type.endsWith('.transcription')) {
      assert.match(String(body.eventTime), ISO_MS, e.detail.topicName);
    }
  }
});

test('the events of one conversation start with customer.start or user.start and end after it', () => {
  const byConversation = new Map<string, Event[]>();
  for (const e of events) {
    const id = e.detail.eventBody.conversationId;
    if (typeof id !== 'string') continue;
    byConversation.set(id, [...(byConversation.get(id) ?? []), e]);
  }
  assert.ok(byConversation.size >= 40, `${byConversation.size} conversations`);
  for (const [id, list] of byConversation) {
    const kinds = list.map((e) => e['detail-type'].replace('v2.detail.events.conversation.{id}.', ''));
    const first = kinds[0]!;
    // The sample window may cut a conversation that began before it only at the start; none do here.
    assert.ok(first === 'customer.start' || first === 'user.start', `${id} starts with ${first}`);
    const start = kinds.indexOf('customer.start');
    const end = kinds.indexOf('customer.end');
    if (end !== -1) assert.ok(start !== -1 && start < end, `${id}: ${kinds.join(', ')}`);
  }
});

test('realistic variation: missing, null and array-valued optional fields all occur', () => {
  const starts = events.filter((e) => e['detail-type'].endsWith('.customer.start')).map((e) => e.detail.eventBody);
  assert.ok(starts.some((b) => !('ani' in b)) && starts.some((b) => 'ani' in b));
  assert.ok(starts.some((b) => 'externalContactId' in b) && starts.some((b) => !('externalContactId' in b)));
  assert.ok(starts.some((b) => b.externalOrganizationId === null));
  assert.ok(starts.some((b) => Array.isArray(b.conversationExternalContactIds) && b.conversationExternalContactIds.length === 0));
  assert.ok(new Set(starts.map((b) => b.mediaType)).size >= 4);
  assert.ok(new Set(starts.map((b) => b.direction)).size === 2);
});

test('names, numbers and emails in the sample are obviously fake', () => {
  const text = readFileSync(SAMPLE_EVENTS_FILE, 'utf8');
  for (const phone of text.match(/\+1\d{10}/g) ?? []) assert.match(phone, /^\+1\d{3}555(01\d\d)$/, phone);
  for (const email of text.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? []) assert.match(email, /@example\.com$/, email);
});

test('every sample rule file is a named-rules file with unique names, a description and an expectation', () => {
  const files = readdirSync(SAMPLE_RULES_DIR).filter((f) => f.endsWith('.json')).sort();
  assert.ok(files.length >= 3, files.join(', '));
  const names = new Set<string>();
  for (const file of files) {
    const parsed = JSON.parse(readFileSync(join(SAMPLE_RULES_DIR, file), 'utf8')) as { rules: Array<Record<string, unknown>> };
    assert.ok(Array.isArray(parsed.rules) && parsed.rules.length > 0, file);
    for (const rule of parsed.rules) {
      assert.equal(typeof rule.name, 'string', file);
      assert.ok(!names.has(rule.name as string), `duplicate rule ${String(rule.name)}`);
      names.add(rule.name as string);
      assert.ok(typeof rule.description === 'string' && rule.description.length > 10, `${file}: ${String(rule.name)}`);
      assert.ok(rule.expect === 'match' || rule.expect === 'no-match', `${file}: ${String(rule.name)}`);
      assert.ok(typeof rule.pattern === 'object' && rule.pattern !== null, `${file}: ${String(rule.name)}`);
      assert.ok(JSON.stringify(rule.pattern).length <= 2048, `${String(rule.name)} exceeds the 2,048-character pattern quota`);
    }
  }
  assert.ok(names.size >= 25, `${names.size} rules`);
});
