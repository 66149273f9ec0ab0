/**
 * The redaction rule for coverage outputs (`--redact`). Genesys event bodies
 * carry personal data: phone numbers and addresses (`ani`, `dnis`,
 * `addressFrom`, `addressTo`), names (`entity.name`, `username`), free text
 * (`wrapupNotes`, `transcripts[].alternatives[].transcript`), and
 * customer-defined `attributes`. Rule: numbers, booleans and null are kept; a
 * string is kept only when it is a UUID, an ISO-8601 timestamp, a Genesys
 * topic or topic template, or the value of a field known to hold an enum or
 * identifier (the last key of its path is in KEEP_STRING_FIELDS, and the path
 * is not under `attributes`). Every other string becomes REDACTED.
 */
export const REDACTED = '[redacted]';

export const KEEP_STRING_FIELDS = new Set([
  'version', 'detail-type', 'source', 'account', 'region', 'time', 'id', 'topicName', 'timestamp', 'CorrelationId',
  'mediaType', 'direction', 'disconnectType', 'provider', 'action', 'entityType', 'serviceName', 'flowType', 'acdOutcome',
  'usedRouting', 'purpose', 'status', 'state', 'systemPresence', 'routingStatus', 'channel', 'messageType', 'segmentType',
  'skillExpressionApplied', 'property', 'eventTime', 'isFinal', 'outcome', 'flowOutcome', 'flowOutcomeValue',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(-archival)?$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const TOPIC = /^v2\.[A-Za-z0-9{}._-]+$/;
const PARTNER_SOURCE = /^aws\.partner\/genesys\.com(\.test)?\/cloud\/[0-9a-f-]+\/[A-Za-z0-9._-]+$/;

/** Whether a string at `path` may be shown under the redaction rule. */
export function isSafeString(path: string, value: string): boolean {
  if (UUID.test(value) || ISO_TIME.test(value) || TOPIC.test(value) || PARTNER_SOURCE.test(value)) return true;
  if (/(^|\.)attributes(\.|\[|$)/.test(path)) return false;
  const last = path.replace(/(\[\])+$/, '').split('.').pop() ?? '';
  if (last === 'account' && /^\d{12}$/.test(value)) return true; // an AWS account id, not a phone number
  return KEEP_STRING_FIELDS.has(last) && value.length <= 64 && !value.includes('@') && !/^\+?[\d\s()-]{7,}$/.test(value);
}

export function redactValue(path: string, value: unknown): unknown {
  return typeof value === 'string' && !isSafeString(path, value) ? REDACTED : value;
}
