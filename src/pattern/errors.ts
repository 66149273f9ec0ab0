/** Errors shaped like the AWS SDK's: callers may test `name` or use `instanceof`. */

export class InvalidEventPatternException extends Error {
  override name = 'InvalidEventPatternException' as const;
  /** The text after `Reason: `, without the location line. */
  readonly reason: string;
  /** 1-based line and column where the pattern parser stopped (Jackson's location), when known. */
  readonly line?: number;
  readonly column?: number;
  constructor(reason: string, location?: { line: number; column: number; sourceText: string; repeated?: boolean }) {
    const at = location ? `\n at [Source: ${describeSource(location.sourceText)}; line: ${location.line}, column: ${location.column}]` : '';
    super(`Event pattern is not valid. Reason: ${reason}${location?.repeated === true ? at + at : at}`);
    this.reason = reason;
    if (location) {
      this.line = location.line;
      this.column = location.column;
    }
  }
}

export class ValidationException extends Error {
  override name = 'ValidationException' as const;
  readonly reason: string;
  constructor(message: string) {
    super(message);
    this.reason = message;
  }
}

export const INVALID_EVENT_MESSAGE = 'Parameter Event is not valid.';

/** Jackson shows at most 500 characters of the source, then `[truncated N chars]`. */
const MAX_SOURCE_CHARS = 500;

export function describeSource(text: string): string {
  if (text.length <= MAX_SOURCE_CHARS) return `(String)"${text}"`;
  return `(String)"${text.slice(0, MAX_SOURCE_CHARS)}"[truncated ${text.length - MAX_SOURCE_CHARS} chars]`;
}
