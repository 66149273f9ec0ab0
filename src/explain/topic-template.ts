/**
 * Genesys topics: the concrete topic (`detail.topicName`, real ids) versus the
 * template (`detail-type`, `{id}` in every id slot).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Segments that are ids without being UUIDs: long, with digits, no spaces (e.g. `5f2a9c...`, `123456789`). */
const OPAQUE_ID = /^(?=.*\d)[A-Za-z0-9_-]{8,}$/;
/** In audit topics the segment after each of these is an id slot, entity type included. */
const ID_SLOT_AFTER = new Set(['entitytype', 'entityid']);

export function isIdSegment(segment: string): boolean {
  return segment === '{id}' || UUID.test(segment) || OPAQUE_ID.test(segment);
}

/** Does this look like a Genesys topic at all (`v2.` and dot-separated)? */
export function looksLikeTopic(text: string): boolean {
  return /^v2\.[A-Za-z0-9{}._-]+$/.test(text);
}

/** Does `topic` carry concrete ids where a template has `{id}`? */
export function hasConcreteIds(topic: string): boolean {
  return looksLikeTopic(topic) && !topic.includes('{id}') && templateOfTopic(topic) !== topic;
}

/** Derives the template of a concrete topic: each id segment (and the audit entity type) becomes `{id}`. */
export function templateOfTopic(topic: string): string {
  const segments = topic.split('.');
  return segments
    .map((segment, i) => (isIdSegment(segment) || (i > 0 && ID_SLOT_AFTER.has(segments[i - 1]!)) ? '{id}' : segment))
    .join('.');
}

/** Does the concrete `topic` fit `template` (same literal segments, anything non-empty in each `{id}`)? */
export function templateFits(template: string, topic: string): boolean {
  const t = template.split('.');
  const c = topic.split('.');
  if (t.length !== c.length) return false;
  return t.every((segment, i) => (segment === '{id}' ? c[i] !== '' : segment === c[i]));
}

/** The `{id}` template as an EventBridge wildcard for `detail.topicName`. */
export function templateToWildcard(template: string): string {
  return template.replace(/\\/g, '\\\\').replace(/\*/g, '\\*').replace(/\{id\}/g, '*');
}
