/** Rarer events: an OAuth client deleted (audit) and analytics flow aggregates. */
import { FLOWS, OAUTH_CLIENTS, AGENTS } from './directory.js';
import type { Random } from './random.js';
import { isoTime, type ScheduledEvent } from './scheduled-event.js';

export function oauthClientDeletedEvent(random: Random, at: number): ScheduledEvent {
  const client = random.pick(OAUTH_CLIENTS);
  const admin = AGENTS[0]!;
  const propertyChanges: Array<Record<string, unknown>> = [
    { property: 'deleted_on', newValues: [isoTime(at - random.int(2000, 300000)).replace(/\.\d+Z$/, 'Z')] },
  ];
  if (random.chance(0.8)) propertyChanges.push({ property: 'scopes', oldValues: random.chance(0.5) ? ['users'] : ['users', 'analytics'] });
  return {
    at,
    template: 'v2.audits.entitytype.{id}.entityid.{id}',
    topicName: `v2.audits.entitytype.OAuthClient.entityid.${client.id}`,
    eventBody: {
      id: random.uuid(),
      userId: admin.id,
      username: { id: '' },
      clientId: { id: client.id },
      serviceName: 'PeoplePermissions',
      eventTime: isoTime(at),
      action: 'Delete',
      entityType: 'OAuthClient',
      entity: { id: client.id, name: client.name },
      propertyChanges,
    },
  };
}

const AGGREGATE_FLOWS = [FLOWS.ivr, FLOWS.chat, FLOWS.message];
const HALF_HOUR = 30 * 60 * 1000;

/** `v2.analytics.flow.{id}.aggregates` for the half hour before `at` (analytics uses lower-case media types). */
export function flowAggregateEvent(random: Random, at: number): ScheduledEvent {
  const flow = random.pick(AGGREGATE_FLOWS);
  const end = Math.floor(at / HALF_HOUR) * HALF_HOUR;
  const count = random.int(1, 40);
  const min = random.int(4000, 15000);
  const max = min + random.int(0, 80000);
  const mediaType = flow === FLOWS.ivr ? 'voice' : flow === FLOWS.chat ? 'chat' : 'message';
  return {
    at,
    template: 'v2.analytics.flow.{id}.aggregates',
    topicName: `v2.analytics.flow.${flow.id}.aggregates`,
    eventBody: {
      group: { flowId: flow.id, mediaType },
      data: [{
        interval: `${isoTime(end - HALF_HOUR)}/${isoTime(end)}`,
        metrics: [
          { metric: 'nFlow', stats: { count } },
          { metric: 'tFlow', stats: { max, min, count, sum: Math.round(((min + max) / 2) * count) } },
        ],
      }],
    },
  };
}
