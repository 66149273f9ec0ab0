import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adviseFailure } from '../../src/explain/hints.js';
import { templateOfTopic, templateFits, templateToWildcard } from '../../src/explain/topic-template.js';
import { findSimilarPaths } from '../../src/explain/event-paths.js';
import { auditOAuthClientDeleted, customerStart } from './fixtures.js';

const chat = customerStart();
const audit = auditOAuthClientDeleted();

describe('adviseFailure', () => {
  it('case-only difference: proposes the event value (upper-casing sibling enums) or equals-ignore-case', () => {
    const advice = adviseFailure(
      { path: 'detail.eventBody.mediaType', code: 'case-mismatch', expected: ['chat', 'voice'], actual: ['CHAT'] },
      { event: chat },
    );
    assert.match(advice.hint, /"CHAT"/);
    assert.match(advice.hint, /equals-ignore-case/);
    assert.match(advice.hint, /UPPER case/);
    assert.deepEqual(advice.fix, { path: 'detail.eventBody.mediaType', expected: ['CHAT', 'VOICE'] });
  });

  it('case-only difference in a prefix', () => {
    const advice = adviseFailure(
      { path: 'detail.topicName', code: 'value-mismatch', expected: [{ prefix: 'V2.detail' }], actual: [chat.detail.topicName] },
      { event: chat },
    );
    assert.deepEqual(advice.fix, { path: 'detail.topicName', expected: [{ prefix: 'v2.detail' }] });
  });

  it('quoted number against a number', () => {
    const advice = adviseFailure(
      { path: 'detail.eventBody.interactingDurationMs', code: 'type-mismatch', expected: ['12000'], actual: [12000] },
      { event: chat },
    );
    assert.match(advice.hint, /number 12000/);
    assert.deepEqual(advice.fix, { path: 'detail.eventBody.interactingDurationMs', expected: [12000] });
  });

  it('number against a string', () => {
    const event = customerStart();
    event.detail.eventBody.queueId = '12000';
    const advice = adviseFailure({ path: 'detail.eventBody.queueId', code: 'type-mismatch', expected: [12000], actual: ['12000'] }, { event });
    assert.match(advice.hint, /string "12000"/);
    assert.deepEqual(advice.fix, { path: 'detail.eventBody.queueId', expected: ['12000'] });
  });

  it('key at another depth: did you mean detail.eventBody.conversationId?', () => {
    const advice = adviseFailure(
      { path: 'detail.conversationId', code: 'missing-field', expected: ['2f7bf00a-0fc2-4d6a-9b56-92238191433e'] },
      { event: chat },
    );
    assert.match(advice.hint, /did you mean detail\.eventBody\.conversationId\?/);
    assert.deepEqual(advice.fix, { path: 'detail.eventBody.conversationId', expected: ['2f7bf00a-0fc2-4d6a-9b56-92238191433e'] });
  });

  it('key in another case', () => {
    const advice = adviseFailure(
      { path: 'detail.metadata.correlationId', code: 'missing-field', expected: [{ exists: true }] },
      { event: chat },
    );
    assert.match(advice.hint, /did you mean detail\.metadata\.CorrelationId\?/);
    assert.equal(advice.fix?.path, 'detail.metadata.CorrelationId');
  });

  it('detail.X the event lacks altogether still points to detail.eventBody', () => {
    const advice = adviseFailure({ path: 'detail.queueId', code: 'missing-field', expected: ['q1'] }, { event: chat });
    assert.match(advice.hint, /under detail\.eventBody/);
    assert.deepEqual(advice.fix, { path: 'detail.eventBody.queueId', expected: ['q1'] });
  });

  it('concrete topic in detail-type: the event\'s own template when it fits', () => {
    const advice = adviseFailure(
      { path: 'detail-type', code: 'value-mismatch', expected: [chat.detail.topicName], actual: [chat['detail-type']] },
      { event: chat },
    );
    assert.match(advice.hint, /template/);
    assert.deepEqual(advice.fix, { path: 'detail-type', expected: ['v2.detail.events.conversation.{id}.customer.start'] });
  });

  it('concrete audit topic in detail-type: the entity type becomes {id} too', () => {
    const event = customerStart(); // its detail-type does not fit, so the template is derived
    const advice = adviseFailure(
      { path: 'detail-type', code: 'value-mismatch', expected: [audit.detail.topicName], actual: [event['detail-type']] },
      { event },
    );
    assert.deepEqual(advice.fix, { path: 'detail-type', expected: ['v2.audits.entitytype.{id}.entityid.{id}'] });
  });

  it('source not of the partner form', () => {
    const advice = adviseFailure({ path: 'source', code: 'value-mismatch', expected: ['genesys.cloud'], actual: [chat.source] }, { event: chat });
    assert.match(advice.hint, /aws\.partner\/genesys\.com\/cloud\/<orgId>\/<suffix>/);
    assert.match(advice.hint, /32aa07aa/);
    assert.deepEqual(advice.fix, { path: 'source', expected: [{ prefix: 'aws.partner/genesys.com' }] });
  });

  it('partner source of another org', () => {
    const other = 'aws.partner/genesys.com/cloud/00000000-db1b-4987-abd0-9483601ec29d/test-event-bus';
    const advice = adviseFailure({ path: 'source', code: 'value-mismatch', expected: [other], actual: [chat.source] }, { event: chat });
    assert.match(advice.hint, /org id/);
    assert.deepEqual(advice.fix, { path: 'source', expected: [chat.source] });
  });

  it('detail.eventType is never sent', () => {
    const advice = adviseFailure({ path: 'detail.eventType', code: 'missing-field', expected: ['customer.start'] }, { event: chat });
    assert.match(advice.hint, /never sends detail\.eventType/);
    assert.deepEqual(advice.fix, { path: 'detail-type', expected: [{ suffix: '.customer.start' }] });
  });

  it('detail.orgId is never sent: the org id is in source', () => {
    const org = '32aa07aa-db1b-4987-abd0-9483601ec29d';
    const advice = adviseFailure({ path: 'detail.orgId', code: 'missing-field', expected: [org] }, { event: chat });
    assert.match(advice.hint, /part of source/);
    assert.deepEqual(advice.fix, { path: 'source', expected: [{ prefix: `aws.partner/genesys.com/cloud/${org}/` }] });
  });

  it('detail-type ConversationEvent is never sent', () => {
    const advice = adviseFailure(
      { path: 'detail-type', code: 'value-mismatch', expected: ['ConversationEvent'], actual: [chat['detail-type']] },
      { event: chat },
    );
    assert.match(advice.hint, /never sends detail-type "ConversationEvent"/);
    assert.deepEqual(advice.fix, { path: 'detail-type', expected: [{ prefix: 'v2.detail.events.conversation.' }] });
  });

  it('{id} template against detail.topicName', () => {
    const template = 'v2.detail.events.conversation.{id}.customer.start';
    const advice = adviseFailure(
      { path: 'detail.topicName', code: 'value-mismatch', expected: [template], actual: [chat.detail.topicName] },
      { event: chat },
    );
    assert.match(advice.hint, /\{"wildcard":"v2\.detail\.events\.conversation\.\*\.customer\.start"\}/);
    assert.deepEqual(advice.fix, { path: 'detail-type', expected: [template] });
  });

  it('prefix on a number: a numeric range', () => {
    const advice = adviseFailure(
      { path: 'detail.eventBody.eventTime', code: 'type-mismatch', expected: [{ prefix: '1649' }], actual: [1649237444949] },
      { event: chat },
    );
    assert.match(advice.hint, /only ever matches strings/);
    assert.deepEqual(advice.fix, {
      path: 'detail.eventBody.eventTime',
      expected: [{ numeric: ['>=', 1649000000000, '<', 1650000000000] }],
    });
  });

  it('equals-ignore-case on a number: the exact number', () => {
    const advice = adviseFailure(
      { path: 'detail.eventBody.interactingDurationMs', code: 'type-mismatch', expected: [{ 'equals-ignore-case': '12000' }], actual: [12000] },
      { event: chat },
    );
    assert.deepEqual(advice.fix?.expected, [12000]);
  });

  it('numeric on an ISO string (audit eventTime)', () => {
    const advice = adviseFailure(
      { path: 'detail.eventBody.eventTime', code: 'type-mismatch', expected: [{ numeric: ['>', 0] }], actual: ['2021-05-31T09:49:25.000Z'] },
      { event: audit },
    );
    assert.match(advice.hint, /ISO date-time string/);
    assert.deepEqual(advice.fix, { path: 'detail.eventBody.eventTime', expected: [{ prefix: '2021-05-31' }] });
  });

  it('fallback: missing field lists what exists', () => {
    const advice = adviseFailure({ path: 'detail.eventBody.wrapupCode', code: 'missing-field', expected: [{ exists: true }] }, { event: chat });
    assert.match(advice.hint, /no field detail\.eventBody\.wrapupCode; under detail\.eventBody it has eventTime, conversationId/);
    assert.equal(advice.fix, undefined);
  });

  it('fallback: object value', () => {
    const advice = adviseFailure({ path: 'detail.eventBody.entity', code: 'object-value', expected: ['x'] }, { event: audit });
    assert.match(advice.hint, /is an object.*detail\.eventBody\.entity\.id/);
  });

  it('fallback: array consistency names the paths', () => {
    const advice = adviseFailure(
      {
        path: 'detail.eventBody.propertyChanges',
        code: 'array-consistency',
        expected: [],
        paths: ['detail.eventBody.propertyChanges.property', 'detail.eventBody.propertyChanges.oldValues'],
      },
      { event: audit },
    );
    assert.match(advice.hint, /same element/);
    assert.match(advice.hint, /propertyChanges\.oldValues/);
  });

  it('fallback: value mismatch shows the values that exist', () => {
    const advice = adviseFailure(
      { path: 'detail.eventBody.action', code: 'value-mismatch', expected: ['Create', 'Update'], actual: ['Delete'] },
      { event: audit },
    );
    assert.match(advice.hint, /is "Delete" in the event; the pattern wants one of "Create" or "Update"/);
  });

  it('fallback: anything-but exclusion', () => {
    const advice = adviseFailure(
      { path: 'detail.eventBody.action', code: 'value-mismatch', expected: [{ 'anything-but': 'Delete' }], actual: ['Delete'] },
      { event: audit },
    );
    assert.match(advice.hint, /anything-but excludes/);
  });

  it('$or: reports the nearest branch and carries its fix', () => {
    const inner = { path: 'source', code: 'value-mismatch' as const, expected: ['genesys.cloud'], actual: [chat.source] };
    const innerAdvice = adviseFailure(inner, { event: chat });
    const advice = adviseFailure(
      {
        path: '',
        code: 'no-branch-matched',
        expected: [],
        branches: [
          { index: 1, failures: [{ ...inner, ...innerAdvice }] },
          { index: 0, failures: [{ ...inner, ...innerAdvice }, { ...inner, ...innerAdvice }] },
        ],
      },
      { event: chat },
    );
    assert.match(advice.hint, /None of the 2 \$or branches matches; the nearest, branch 2, fails at source/);
    assert.deepEqual(advice.fix, innerAdvice.fix);
  });

  it('never throws on odd input', () => {
    const advice = adviseFailure({ path: 'a.b', code: 'value-mismatch', expected: [{ weird: 1 }], actual: [Symbol.iterator as unknown] }, { event: 42 });
    assert.equal(typeof advice.hint, 'string');
  });
});

describe('topic templates', () => {
  it('derives templates from concrete topics', () => {
    assert.equal(templateOfTopic('v2.users.8a2c43e4-1234-4c2d-9e0f-0a1b2c3d4e5f.presence'), 'v2.users.{id}.presence');
    assert.equal(templateOfTopic('v2.audits.entitytype.OAuthClient.entityid.abc'), 'v2.audits.entitytype.{id}.entityid.{id}');
    assert.ok(templateFits('v2.users.{id}.presence', 'v2.users.x.presence'));
    assert.ok(!templateFits('v2.users.{id}.presence', 'v2.users.x.activity'));
    assert.equal(templateToWildcard('v2.users.{id}.presence'), 'v2.users.*.presence');
  });

  it('finds the nearest similar path first', () => {
    assert.deepEqual(findSimilarPaths(audit, 'detail.eventBody.username.ID').slice(0, 1), ['detail.eventBody.username.id']);
  });
});

describe('adviseFailure: guesses it must not make', () => {
  it('a generic last segment (id) is not matched to an unrelated top-level id', () => {
    const advice = adviseFailure({ path: 'detail.foo.id', code: 'missing-field', expected: [{ exists: true }] }, { event: customerStart() });
    assert.doesNotMatch(advice.hint, /did you mean id\?/);
    assert.equal(advice.fix, undefined);
  });

  it('"interaction" (Genesys UI wording) points to the conversation id', () => {
    const advice = adviseFailure({ path: 'detail.interaction.id', code: 'missing-field', expected: [{ exists: true }] }, { event: customerStart() });
    assert.match(advice.hint, /detail\.eventBody\.conversationId/);
    assert.deepEqual(advice.fix, { path: 'detail.eventBody.conversationId', expected: [{ exists: true }] });
  });

  it('an unknown detail.X is not blindly moved under eventBody', () => {
    const advice = adviseFailure({ path: 'detail.flavour', code: 'missing-field', expected: ['x'] }, { event: customerStart() });
    assert.equal(advice.fix, undefined);
    assert.match(advice.hint, /under detail it has topicName/);
  });
});
