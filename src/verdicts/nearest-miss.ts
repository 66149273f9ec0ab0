/** A rule's nearest miss as reports show it: why it fails, what holds, the diff, and the event itself, all bounded. */
import { structuralDiff } from '../explain/diff.js';
import type { Explanation } from '../pattern/index.js';
import { boundEvent, boundFailures, boundMatches, boundValue } from './bound.js';
import type { NearestMiss } from './summary.js';
import { detailTypeOf, eventIdOf, type EventLocation } from './verdict.js';

export function nearestMissRecord(pattern: unknown, explanation: Explanation, event: unknown, at: EventLocation, otherTopic = false): NearestMiss {
  const failures = boundFailures(explanation.failures);
  const diff = structuralDiff(pattern, boundValue(event), failures);
  const shown = boundEvent(event);
  return {
    eventId: eventIdOf(event, at),
    detailType: detailTypeOf(event),
    ...(at.source !== undefined ? { source: at.source } : {}),
    ...(at.line !== undefined ? { line: at.line } : {}),
    failures,
    matched: boundMatches(explanation.matched ?? []),
    diff: { text: diff.text, html: diff.html },
    event: shown.event,
    ...(shown.truncated ? { eventTruncated: true } : {}),
    ...(otherTopic ? { otherTopic: true } : {}),
  };
}
