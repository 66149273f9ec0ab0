import { REQUIRED_EVENT_FIELDS } from '../pattern/api.js';
import { detailParsed } from './advice-detail-string.js';
import { getOwn, isNode } from './own-properties.js';

/**
 * Why TestEventPattern would call an event invalid ("Parameter Event is not
 * valid."), in words: not JSON, not an object, which required fields are
 * missing or of the wrong type; and what looks wrong about `detail`. Empty
 * when nothing is wrong.
 */
export function describeEventProblems(event: string | unknown): string[] {
  let parsed: unknown = event;
  if (typeof event === 'string') {
    try {
      parsed = JSON.parse(event);
    } catch (error) {
      return [`the event is not JSON (${(error as Error).message})`];
    }
  }
  if (!isNode(parsed)) return [`the event is ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`}, not a JSON object`];
  const problems: string[] = [];
  const missing = REQUIRED_EVENT_FIELDS.filter((field) => !Object.hasOwn(parsed, field));
  if (missing.length > 0) problems.push(`required field${missing.length === 1 ? '' : 's'} missing: ${missing.join(', ')}`);
  const mistyped = REQUIRED_EVENT_FIELDS.filter((field) => Object.hasOwn(parsed, field) && typeof getOwn(parsed, field) !== 'string');
  for (const field of mistyped) problems.push(`${field} is ${describeType(getOwn(parsed, field))}; EventBridge events carry it as a string`);
  const resources = getOwn(parsed, 'resources');
  if (resources !== undefined && !Array.isArray(resources)) problems.push(`resources is ${describeType(resources)}; it is a list of ARNs`);
  if (missing.length > 0 && Object.hasOwn(parsed, 'topicName') && Object.hasOwn(parsed, 'eventBody')) {
    problems.push('it looks like a raw Genesys notification (topicName, eventBody): wrap it in the EventBridge envelope, with it as detail');
  }
  return problems;
}

/** A sentence about a string `detail`, or undefined: the event is valid, but no pattern field under detail can match. */
export function describeStringDetail(event: unknown): string | undefined {
  if (!isNode(event) || typeof getOwn(event, 'detail') !== 'string') return undefined;
  return detailParsed(event)
    ? 'detail is a JSON string, not an object: no pattern field under detail can match it. Replace the string with the object it holds (JSON.parse it).'
    : 'detail is a string, not an object: no pattern field under detail can match it.';
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value} (${JSON.stringify(value)})`;
}
