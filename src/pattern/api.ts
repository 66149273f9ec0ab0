/** The AWS-shaped entry point: TestEventPattern({Event, EventPattern}) → {Result}. */
import { INVALID_EVENT_MESSAGE, ValidationException } from './errors.js';
import { readEventText } from './event-json.js';
import { compilePattern, matches } from './match.js';

/** Fields TestEventPattern requires in the event (`resources` is documented but not required). */
export const REQUIRED_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const;
/** Longest `EventPattern` the API accepts; the default rule quota is smaller (PATTERN_SIZE_QUOTA). */
export const MAX_EVENT_PATTERN_LENGTH = 4096;
/** Default "Event pattern size" service quota for rules (characters); raisable to 4,096. */
export const PATTERN_SIZE_QUOTA = 2048;

export interface TestEventPatternInput {
  Event: string;
  EventPattern: string;
}

/** Parses and checks a TestEventPattern event; throws ValidationException like AWS. */
export function parseTestEvent(event: string | object): Record<string, unknown> {
  let parsed: unknown = event;
  if (typeof event === 'string') {
    try {
      parsed = readEventText(event).value;
    } catch {
      throw new ValidationException(INVALID_EVENT_MESSAGE);
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ValidationException(INVALID_EVENT_MESSAGE);
  }
  for (const field of REQUIRED_EVENT_FIELDS) {
    if (!(field in parsed)) throw new ValidationException(INVALID_EVENT_MESSAGE);
  }
  return parsed as Record<string, unknown>;
}

/** AWS's parameter constraint, checked before anything else. */
export function checkPatternLength(pattern: string): void {
  if (pattern.length > MAX_EVENT_PATTERN_LENGTH) {
    throw new ValidationException(
      `1 validation error detected: Value '${pattern}' at 'eventPattern' failed to satisfy constraint: ` +
        `Member must have length less than or equal to ${MAX_EVENT_PATTERN_LENGTH}`,
    );
  }
}

/**
 * Same contract as the SDK's TestEventPatternCommand. Validation order:
 * pattern length (ValidationException), then the event (ValidationException
 * `Parameter Event is not valid.`), then the pattern (InvalidEventPatternException).
 */
export function testEventPattern(input: TestEventPatternInput): { Result: boolean } {
  const patternText = typeof input.EventPattern === 'string' ? input.EventPattern : JSON.stringify(input.EventPattern);
  checkPatternLength(patternText);
  const event = parseTestEvent(input.Event);
  const compiled = compilePattern(patternText);
  return { Result: matches(compiled, event) };
}
