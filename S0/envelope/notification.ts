import { randomUUID } from 'node:crypto';
import { buildEnvelope, type GenesysEventBridgeEvent } from './build.js';
import { resolveTopicTemplate, type TopicCatalogue } from './catalogue.js';

/** A Genesys notification as it arrives on a WebSocket (an EventBridge `detail` minus `timestamp`). */
export interface GenesysNotification {
  topicName: string;
  version?: string;
  eventBody: unknown;
  metadata?: { CorrelationId?: string };
}

export interface ToEventBridgeOptions {
  orgId: string;
  eventSourceSuffix: string;
  account: string;
  region: string;
  /** When the event was delivered; now when absent. Date, epoch ms or ISO string. */
  time?: Date | number | string;
  /** EventBridge event id; a random UUID when absent. */
  id?: string;
  partnerPrefix?: string;
  catalogue?: TopicCatalogue;
}

export interface ConvertedEvent {
  event: GenesysEventBridgeEvent;
  /** `guessed` when the topic was not in the catalogue: the detail-type may be wrong. Kept beside the event, never in it. */
  templateSource: 'catalogue' | 'guessed';
}

function isoMillis(time: ToEventBridgeOptions['time']): string {
  const date = time === undefined ? new Date() : time instanceof Date ? time : new Date(time);
  if (Number.isNaN(date.getTime())) throw new Error(`invalid event time: ${String(time)}`);
  return date.toISOString();
}

/** The event plus how its detail-type was found. */
export function convertNotification(notification: GenesysNotification, options: ToEventBridgeOptions): ConvertedEvent {
  const { template, templateSource } = resolveTopicTemplate(notification.topicName, options.catalogue);
  const event = buildEnvelope({
    template,
    topicName: notification.topicName,
    eventBody: notification.eventBody,
    correlationId: notification.metadata?.CorrelationId ?? randomUUID(),
    orgId: options.orgId,
    eventSourceSuffix: options.eventSourceSuffix,
    account: options.account,
    region: options.region,
    id: options.id ?? randomUUID(),
    timestamp: isoMillis(options.time),
    version: notification.version ?? '2',
    partnerPrefix: options.partnerPrefix,
  });
  return { event, templateSource };
}

/** Wraps a Genesys notification in the exact envelope the partner integration delivers. */
export function toEventBridgeEvent(notification: GenesysNotification, options: ToEventBridgeOptions): GenesysEventBridgeEvent {
  return convertNotification(notification, options).event;
}
