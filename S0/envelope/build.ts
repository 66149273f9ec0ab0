/** The EventBridge event that the Genesys Cloud partner integration delivers. */
export interface GenesysEventBridgeEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    topicName: string;
    version: string;
    eventBody: unknown;
    metadata: { CorrelationId: string };
    timestamp: string;
  };
}

export interface EnvelopeParts {
  /** Topic template with `{id}` in every id slot: becomes `detail-type`. */
  template: string;
  /** Concrete topic with real ids: becomes `detail.topicName`. */
  topicName: string;
  eventBody: unknown;
  correlationId: string;
  orgId: string;
  eventSourceSuffix: string;
  account: string;
  region: string;
  /** EventBridge event id. */
  id: string;
  /** ISO-8601 with milliseconds; `time` is the same instant truncated to seconds. */
  timestamp: string;
  /** Notification `version`; Genesys sends "2". */
  version?: string;
  /** `aws.partner/genesys.com` in production; Genesys' test fixtures use `aws.partner/genesys.com.test`. */
  partnerPrefix?: string;
}

export const PARTNER_PREFIX = 'aws.partner/genesys.com';

/** `aws.partner/genesys.com/cloud/<orgId>/<suffix>`: the event source and the partner bus name. */
export function partnerEventSource(orgId: string, eventSourceSuffix: string, partnerPrefix = PARTNER_PREFIX): string {
  return `${partnerPrefix}/cloud/${orgId}/${eventSourceSuffix}`;
}

/** Pure: assembles the envelope exactly as the partner integration does. */
export function buildEnvelope(parts: EnvelopeParts): GenesysEventBridgeEvent {
  return {
    version: '0',
    id: parts.id,
    'detail-type': parts.template,
    source: partnerEventSource(parts.orgId, parts.eventSourceSuffix, parts.partnerPrefix),
    account: parts.account,
    time: parts.timestamp.replace(/\.\d+Z$/, 'Z'),
    region: parts.region,
    resources: [],
    detail: {
      topicName: parts.topicName,
      version: parts.version ?? '2',
      eventBody: parts.eventBody,
      metadata: { CorrelationId: parts.correlationId },
      timestamp: parts.timestamp,
    },
  };
}
