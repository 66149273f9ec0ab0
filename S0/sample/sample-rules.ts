/**
 * The sample rule files (sample/rules/*.json): what the tutorial got wrong,
 * the patterns that really work, the classic mistakes, and good rules using
 * many operators. `expect` states what happens against sample/events.ndjson:
 * `match` = at least one sample event matches, `no-match` = none does.
 */
import type { GenesysEventBridgeEvent } from '../envelope/build.js';
import { QUEUES, SAMPLE_ACCOUNT, SAMPLE_ORG_ID } from './directory.js';

export interface SampleRule {
  name: string;
  description: string;
  expect: 'match' | 'no-match';
  pattern: Record<string, unknown>;
}

export interface SampleRuleFile { file: string; rules: SampleRule[] }

const CUSTOMER_START = 'v2.detail.events.conversation.{id}.customer.start';
const CUSTOMER_END = 'v2.detail.events.conversation.{id}.customer.end';
const ACD_START = 'v2.detail.events.conversation.{id}.acd.start';
const AUDIT = 'v2.audits.entitytype.{id}.entityid.{id}';
const GENESYS = { prefix: 'aws.partner/genesys.com' };

function firstVoiceCustomerStart(events: Iterable<GenesysEventBridgeEvent>): GenesysEventBridgeEvent {
  for (const event of events) {
    const body = event.detail.eventBody as { mediaType?: unknown };
    if (event['detail-type'] === CUSTOMER_START && body.mediaType === 'VOICE') return event;
  }
  throw new Error('sample rules: the events hold no VOICE customer.start event');
}

/** Rule files for the given sample events (one conversation id is taken from them). */
export function sampleRuleFiles(events: Iterable<GenesysEventBridgeEvent>): SampleRuleFile[] {
  const example = firstVoiceCustomerStart(events);
  const conversationId = (example.detail.eventBody as { conversationId: string }).conversationId;
  return [
    { file: 'tutorial.json', rules: tutorialRules() },
    { file: 'working.json', rules: workingRules() },
    { file: 'mistakes.json', rules: mistakeRules(conversationId, example.detail.topicName) },
    { file: 'operators.json', rules: operatorRules() },
  ];
}

function tutorialRules(): SampleRule[] {
  return [
    {
      name: 'tutorial-conversation-event',
      description: 'The rule the popular tutorial implies: source "genesys.cloud", detail-type "ConversationEvent", detail.orgId and detail.eventType. ' +
        'None of these exist in the real envelope: source is aws.partner/genesys.com/cloud/<org>/<suffix>, detail-type is the topic template, ' +
        'the org id is only in source and there is no eventType.',
      expect: 'no-match',
      pattern: {
        source: ['genesys.cloud'],
        'detail-type': ['ConversationEvent'],
        detail: { orgId: [SAMPLE_ORG_ID], eventType: ['AgentConnected', 'AgentDisconnected'] },
      },
    },
    {
      name: 'tutorial-interaction-id',
      description: 'The tutorial\'s "detail.interaction.id" filter: Genesys events carry no interaction object; ids live under detail.eventBody.',
      expect: 'no-match',
      pattern: { source: ['genesys.cloud'], detail: { interaction: { id: [{ exists: true }] } } },
    },
  ];
}

function workingRules(): SampleRule[] {
  return [
    {
      name: 'all-genesys-events',
      description: 'Every event from any Genesys Cloud partner source.',
      expect: 'match',
      pattern: { source: [GENESYS] },
    },
    {
      name: 'partner-bus-account',
      description: 'Everything on the partner bus for this AWS account.',
      expect: 'match',
      pattern: { account: [SAMPLE_ACCOUNT] },
    },
    {
      name: 'transcriptions',
      description: 'Conversation transcripts: detail-type is the topic template with {id}.',
      expect: 'match',
      pattern: { source: [GENESYS], 'detail-type': ['v2.conversations.{id}.transcription'] },
    },
    {
      name: 'support-voicemails',
      description: `Voicemails left in the ${QUEUES.support.name} queue: the queue id is under detail.eventBody.`,
      expect: 'match',
      pattern: {
        'detail-type': ['v2.detail.events.conversation.{id}.voicemail.end'],
        detail: { eventBody: { queueId: [QUEUES.support.id] } },
      },
    },
  ];
}

function mistakeRules(conversationId: string, concreteTopic: string): SampleRule[] {
  return [
    {
      name: 'lower-case-voice',
      description: 'Detail events use UPPER-case enums: mediaType is "VOICE", not "voice" (the analytics APIs use lower case).',
      expect: 'no-match',
      pattern: { 'detail-type': [CUSTOMER_START], detail: { eventBody: { mediaType: ['voice'] } } },
    },
    {
      name: 'quoted-number',
      description: 'routingPriority is a JSON number: ["12000"] never matches 12000. Write [12000] or {"numeric": ["=", 12000]}.',
      expect: 'no-match',
      pattern: { 'detail-type': [ACD_START], detail: { eventBody: { routingPriority: ['12000'] } } },
    },
    {
      name: 'conversation-id-under-detail',
      description: 'There is no detail.conversationId: the id is at detail.eventBody.conversationId.',
      expect: 'no-match',
      pattern: { detail: { conversationId: [conversationId] } },
    },
    {
      name: 'concrete-topic-in-detail-type',
      description: 'detail-type is the topic TEMPLATE with {id}; the concrete topic with ids is in detail.topicName.',
      expect: 'no-match',
      pattern: { 'detail-type': [concreteTopic] },
    },
    {
      name: 'template-in-topic-name',
      description: 'detail.topicName holds the concrete topic with real ids; match the template on detail-type, or use a wildcard here.',
      expect: 'no-match',
      pattern: { detail: { topicName: [CUSTOMER_START] } },
    },
    {
      name: 'prefix-on-number',
      description: 'prefix only matches strings; routingPriority is a number. Use {"numeric": [">=", 10000]}.',
      expect: 'no-match',
      pattern: { 'detail-type': [ACD_START], detail: { eventBody: { routingPriority: [{ prefix: '1' }] } } },
    },
    {
      name: 'wrong-case-key',
      description: 'Field names are case-sensitive: the key is "eventBody", not "eventbody".',
      expect: 'no-match',
      pattern: { detail: { eventbody: { mediaType: ['VOICE'] } } },
    },
    {
      name: 'numeric-on-audit-event-time',
      description: 'Audit events carry eventTime as an ISO string, so a numeric range never matches (it does on v2.detail.events.* topics, where eventTime is epoch ms).',
      expect: 'no-match',
      pattern: { 'detail-type': [AUDIT], detail: { eventBody: { eventTime: [{ numeric: ['>=', 1700000000000] }] } } },
    },
    {
      name: 'anything-but-lets-voice-through',
      description: 'Meant to drop calls, but "voice" is lower case: anything-but excludes nothing real, so VOICE customer.start events still match. Exclude "VOICE".',
      expect: 'match',
      pattern: { 'detail-type': [CUSTOMER_START], detail: { eventBody: { mediaType: [{ 'anything-but': ['voice'] }] } } },
    },
    {
      name: 'deleted-client-with-users-scope',
      description: 'Array consistency: "deleted_on" and the old "users" scope sit in different propertyChanges elements, and all fields under one array must match in the same element. A pattern cannot tie two elements together: filter on entityType and action, and inspect the scopes in the target.',
      expect: 'no-match',
      pattern: {
        'detail-type': [AUDIT],
        detail: { eventBody: { entityType: ['OAuthClient'], propertyChanges: { property: ['deleted_on'], oldValues: ['users'] } } },
      },
    },
  ];
}

function operatorRules(): SampleRule[] {
  return [
    {
      name: 'customer-legs-wildcard',
      description: 'customer.start and customer.end of every conversation, by wildcard on the concrete topic.',
      expect: 'match',
      pattern: {
        source: [{ prefix: 'aws.partner/genesys.com/cloud/' }],
        detail: { topicName: [{ wildcard: 'v2.detail.events.conversation.*.customer.*' }] },
      },
    },
    {
      name: 'long-voice-calls',
      description: 'Voice conversations that lasted more than five minutes.',
      expect: 'match',
      pattern: {
        'detail-type': [CUSTOMER_END],
        detail: { eventBody: { mediaType: ['VOICE'], interactingDurationMs: [{ numeric: ['>', 300000] }] } },
      },
    },
    {
      name: 'high-priority-routing',
      description: 'Interactions queued with priority 12000 (a number, not a string) or between 1000 and 5000.',
      expect: 'match',
      pattern: { 'detail-type': [ACD_START], detail: { eventBody: { routingPriority: [12000, { numeric: ['>=', 1000, '<=', 5000] }] } } },
    },
    {
      name: 'known-contact-messages',
      description: 'Messaging conversations from a known external contact.',
      expect: 'match',
      pattern: { 'detail-type': [CUSTOMER_START], detail: { eventBody: { mediaType: ['MESSAGE'], externalContactId: [{ exists: true }] } } },
    },
    {
      name: 'anonymous-callers',
      description: 'Calls without a caller number (ani missing).',
      expect: 'match',
      pattern: { 'detail-type': [CUSTOMER_START], detail: { eventBody: { mediaType: ['VOICE'], ani: [{ exists: false }] } } },
    },
    {
      name: 'not-hung-up-by-customer',
      description: 'Conversations the customer did not end themselves.',
      expect: 'match',
      pattern: { 'detail-type': [CUSTOMER_END], detail: { eventBody: { disconnectType: [{ 'anything-but': ['CLIENT'] }] } } },
    },
    {
      name: 'outbound-calls-or-abandons',
      description: '$or: outbound voice, or anything abandoned in queue.',
      expect: 'match',
      pattern: {
        detail: {
          eventBody: {
            $or: [
              { mediaType: ['VOICE'], direction: ['OUTBOUND'] },
              { acdOutcome: ['ABANDON'] },
            ],
          },
        },
      },
    },
    {
      name: 'edge-provider-any-case',
      description: 'equals-ignore-case on the provider name.',
      expect: 'match',
      pattern: { detail: { eventBody: { provider: [{ 'equals-ignore-case': 'EDGE' }] } } },
    },
    {
      name: 'back-from-break',
      description: 'Presence changed from Break to Available: property, oldValues and newValues from the same propertyChanges element.',
      expect: 'match',
      pattern: {
        'detail-type': [AUDIT],
        detail: { eventBody: { entityType: ['UserPresence'], propertyChanges: { property: ['PRESENCE'], oldValues: ['Break'], newValues: ['Available'] } } },
      },
    },
    {
      name: 'oauth-client-deleted',
      description: 'An OAuth client was deleted (the entity type sits in an id slot of the topic, so filter on eventBody).',
      expect: 'match',
      pattern: { 'detail-type': [AUDIT], detail: { eventBody: { entityType: ['OAuthClient'], action: ['Delete'] } } },
    },
    {
      name: 'non-detail-topics',
      description: 'Everything except the v2.detail.events.* topics: audits, presence, transcripts, aggregates.',
      expect: 'match',
      pattern: { source: [GENESYS], 'detail-type': [{ 'anything-but': { prefix: 'v2.detail.events.' } }] },
    },
    {
      name: 'transcripts-by-suffix',
      description: 'suffix on the concrete topic; the words array is matched element by element.',
      expect: 'match',
      pattern: {
        detail: {
          topicName: [{ suffix: '.transcription' }],
          eventBody: { transcripts: { channel: ['EXTERNAL'], alternatives: { words: { word: [{ 'equals-ignore-case': 'INVOICE' }] } } } },
        },
      },
    },
  ];
}
