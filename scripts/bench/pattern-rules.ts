/**
 * Deterministic rule sets for the pattern benchmark: realistic Genesys rules
 * (many share source / detail-type / detail.eventBody.* fields) that between
 * them use every operator. Like real rules on a partner bus, most name a
 * detail-type; a few (anything-but prefix, wildcard, suffix) are broad.
 */
import { Random, SAMPLE_ACCOUNT, SAMPLE_QUEUES } from '../../src/sample/index.js';

type Pattern = Record<string, unknown>;
const CONVERSATION = 'v2.detail.events.conversation.{id}.';
const KINDS = ['customer.start', 'customer.end', 'acd.start', 'acd.end', 'user.start', 'user.end', 'acw', 'flow.start', 'flow.end', 'voicemail.end', 'attributes'];
const MEDIA = ['VOICE', 'MESSAGE', 'CHAT', 'EMAIL', 'CALLBACK'];
const QUEUE_IDS = Object.values(SAMPLE_QUEUES).map((q) => q.id);
const GENESYS = { prefix: 'aws.partner/genesys.com' };
const AUDIT = 'v2.audits.entitytype.{id}.entityid.{id}';

const SHAPES: Array<(r: Random) => Pattern> = [
  (r) => ({ source: [GENESYS], 'detail-type': [CONVERSATION + r.pick(KINDS)], detail: { eventBody: { mediaType: [r.pick(MEDIA)] } } }),
  (r) => ({ 'detail-type': [CONVERSATION + 'acd.start', CONVERSATION + 'acd.end'], detail: { eventBody: { queueId: [r.pick(QUEUE_IDS), r.pick(QUEUE_IDS)] } } }),
  (r) => ({ 'detail-type': [CONVERSATION + 'customer.end'], detail: { eventBody: { interactingDurationMs: [{ numeric: ['>=', r.int(1, 5) * 60000, '<', r.int(6, 30) * 60000] }] } } }),
  (r) => ({ detail: { topicName: [{ wildcard: `v2.detail.events.conversation.*.${r.pick(KINDS)}` }] } }),
  (r) => ({ source: [GENESYS], detail: { topicName: [{ suffix: `.${r.pick(KINDS)}` }] } }),
  (r) => ({ 'detail-type': [CONVERSATION + r.pick(KINDS)], detail: { eventBody: { provider: [{ 'equals-ignore-case': r.pick(['EDGE', 'purecloud messaging', 'PureCloud WEBCHAT v2']) }] } } }),
  (r) => ({ detail: { eventBody: { addressFrom: [{ prefix: { 'equals-ignore-case': `TEL:+1${r.pick(['202', '415', '617'])}` } }] } } }),
  (r) => ({ 'detail-type': [CONVERSATION + 'customer.end'], detail: { eventBody: { disconnectType: [{ 'anything-but': r.chance(0.5) ? ['CLIENT'] : ['CLIENT', 'PEER'] }] } } }),
  (r) => ({ source: [GENESYS], 'detail-type': [{ 'anything-but': { prefix: r.pick(['v2.detail.events.', 'v2.users.', 'v2.audits.']) } }] }),
  (r) => ({ 'detail-type': [CONVERSATION + r.pick(KINDS)], detail: { eventBody: { mediaType: [r.pick(MEDIA)], addressTo: [{ 'anything-but': { suffix: '@example.com' } }] } } }),
  (r) => ({ 'detail-type': [CONVERSATION + r.pick(KINDS)], detail: { eventBody: { mediaType: [{ 'anything-but': { 'equals-ignore-case': [r.pick(MEDIA).toLowerCase()] } }] } } }),
  (r) => ({ 'detail-type': [{ prefix: 'v2.detail.events.conversation.' }], detail: { topicName: [{ 'anything-but': { wildcard: `*.${r.pick(KINDS)}` } }], eventBody: { direction: ['INBOUND'], queueId: [r.pick(QUEUE_IDS)] } } }),
  (r) => ({ 'detail-type': [CONVERSATION + 'acd.start'], detail: { eventBody: { routingPriority: [{ 'anything-but': 0 }, r.pick([1000, 5000, 12000])] } } }),
  (r) => ({ 'detail-type': [CONVERSATION + r.pick(KINDS)], detail: { eventBody: { externalContactId: [{ exists: true }], ani: [{ exists: r.chance(0.5) }] } } }),
  (r) => ({ detail: { eventBody: { addressFrom: [{ cidr: `10.${r.int(0, 255)}.0.0/16` }, { cidr: '2001:db8::/32' }] } } }),
  (r) => ({ source: [GENESYS], 'detail-type': [CONVERSATION + r.pick(KINDS)], detail: { eventBody: { $or: [{ mediaType: [r.pick(MEDIA)], direction: ['OUTBOUND'] }, { acdOutcome: [r.pick(['ABANDON', 'FLOWOUT', 'DISCONNECT'])] }] } } }),
  (r) => ({ 'detail-type': [AUDIT], detail: { eventBody: { entityType: ['UserPresence'], propertyChanges: { property: ['PRESENCE'], newValues: [r.pick(['Available', 'Break', 'On Queue', 'Meal'])] } } } }),
  (r) => ({ detail: { eventBody: { transcripts: { channel: ['EXTERNAL'], alternatives: { words: { word: [{ 'equals-ignore-case': r.pick(['INVOICE', 'order', 'Password', 'plan']) }] } } } } } }),
  (r) => ({ account: [SAMPLE_ACCOUNT], region: [r.pick(['us-east-1', 'eu-west-1'])], 'detail-type': [r.pick(['v2.users.{id}.presence', 'v2.users.{id}.routingStatus', 'v2.detail.events.agent.{id}.state'])] }),
  (r) => ({ source: [GENESYS], 'detail-type': [CONVERSATION + r.pick(KINDS)], detail: { eventBody: { eventTime: [{ numeric: ['>', Date.UTC(2024, 4, 6, 8, r.int(0, 59))] }], divisionId: [{ exists: true }] } } }),
];

/** `count` rules named `bench-<i>`; shape i mod 20, values from a seeded PRNG. */
export function benchRules(count: number, seed = 1): Array<{ name: string; pattern: Pattern }> {
  const random = new Random(seed);
  return Array.from({ length: count }, (_, i) => ({ name: `bench-${i}`, pattern: SHAPES[i % SHAPES.length]!(random) }));
}

export const RULE_SHAPE_COUNT = SHAPES.length;
