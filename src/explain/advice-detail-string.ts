import type { Advisor } from './advice.js';
import { getOwn, isNode } from './own-properties.js';

/** The event's `detail` parsed, when it is a JSON string holding an object (a copy of PutEvents' `Detail`). */
export function detailParsed(event: unknown): Record<string, unknown> | undefined {
  if (!isNode(event)) return undefined;
  const detail = getOwn(event, 'detail');
  if (typeof detail !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(detail);
    return isNode(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `detail` sent as a JSON string: no field inside it exists for EventBridge. */
export const detailAsString: Advisor = (failure, { event }) => {
  if (!failure.path.startsWith('detail.') || !isNode(event) || typeof getOwn(event, 'detail') !== 'string') return undefined;
  const parses = detailParsed(event) !== undefined;
  return {
    hint:
      `detail is a string in this event, not an object, so ${failure.path} does not exist: EventBridge does not parse a string detail. ` +
      (parses
        ? "PutEvents takes Detail as a JSON string, but the event a rule sees holds it as an object: replace the string with the object it holds (JSON.parse it) in the event you test."
        : 'Put the detail object itself in the event you test.'),
  };
};
