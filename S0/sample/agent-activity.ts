/**
 * An agent changes presence: the presence audit, the user's presence and
 * routing-status notifications and the agent-state detail event.
 */
import { AGENTS, DIVISIONS, PRESENCE_DEFINITION_IDS } from './directory.js';
import type { Random } from './random.js';
import { isoTime, type ScheduledEvent } from './scheduled-event.js';

/** Plausible transitions: back from a break to Available or On Queue, off queue to a break, and so on. */
function nextPresence(random: Random, from: string): string {
  switch (from) {
    case 'On Queue': return random.weighted([['Break', 35], ['Meal', 20], ['Available', 20], ['Meeting', 10], ['Training', 10], ['Away', 5]]);
    case 'Available': return random.weighted([['On Queue', 60], ['Busy', 15], ['Break', 15], ['Meeting', 10]]);
    default: return random.weighted([['Available', 50], ['On Queue', 50]]);
  }
}

export function presenceChangeEvents(random: Random, start: number): ScheduledEvent[] {
  const agent = random.pick(AGENTS);
  const oldPresence = random.weighted<string>([['On Queue', 30], ['Available', 20], ['Break', 25], ['Meal', 10], ['Meeting', 5], ['Training', 5], ['Away', 5]]);
  const newPresence = nextPresence(random, oldPresence);
  const presenceId = PRESENCE_DEFINITION_IDS[newPresence]!;
  const onQueue = newPresence === 'On Queue';
  const routingStatus = onQueue ? 'IDLE' : 'OFF_QUEUE';
  const events: ScheduledEvent[] = [];

  const propertyChanges: Array<Record<string, unknown>> = [
    { property: 'PRESENCE', oldValues: [oldPresence], newValues: [newPresence] },
  ];
  if (random.chance(0.3)) propertyChanges.push({ property: 'MESSAGE', oldValues: [''], newValues: [random.pick(['Back in 5', 'In training until 3pm', 'Lunch'])] });
  events.push({
    at: start,
    template: 'v2.audits.entitytype.{id}.entityid.{id}',
    topicName: `v2.audits.entitytype.UserPresence.entityid.${agent.id}`,
    eventBody: {
      id: random.uuid(),
      userId: agent.id,
      username: { id: '' },
      clientId: { id: '' },
      serviceName: 'Presence',
      eventTime: isoTime(start),
      action: 'Update',
      entityType: 'UserPresence',
      entity: { id: agent.id, name: agent.name },
      propertyChanges,
    },
  });

  const presenceAt = start + random.int(20, 400);
  const presence: Record<string, unknown> = {
    source: 'PURECLOUD',
    presenceDefinition: { id: presenceId, systemPresence: newPresence },
    modifiedDate: isoTime(start),
  };
  if (propertyChanges.length > 1) presence.message = (propertyChanges[1]!.newValues as string[])[0];
  events.push({ at: presenceAt, template: 'v2.users.{id}.presence', topicName: `v2.users.${agent.id}.presence`, eventBody: presence });

  if (onQueue || oldPresence === 'On Queue') {
    const routingAt = start + random.int(30, 600);
    events.push({
      at: routingAt,
      template: 'v2.users.{id}.routingStatus',
      topicName: `v2.users.${agent.id}.routingStatus`,
      eventBody: { routingStatus: { userId: agent.id, status: routingStatus, startTime: isoTime(routingAt) } },
    });
  }

  const stateAt = start + random.int(50, 800);
  events.push({
    at: stateAt,
    template: 'v2.detail.events.agent.{id}.state',
    topicName: `v2.detail.events.agent.${agent.id}.state`,
    eventBody: {
      eventTime: stateAt,
      userId: agent.id,
      divisionId: DIVISIONS[0],
      presenceDefinitionId: presenceId,
      systemPresence: newPresence.toUpperCase().replace(' ', '_'),
      routingStatus,
    },
  });
  return events.sort((a, b) => a.at - b.at);
}
