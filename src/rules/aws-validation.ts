/** AWS's own check of a pattern text: the length constraint, then the pattern itself; its exception, or undefined when AWS accepts it. */
import { checkPatternLength, compilePattern } from '../pattern/index.js';

export function awsPatternError(text: string): Error | undefined {
  try {
    checkPatternLength(text);
    compilePattern(text);
    return undefined;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'InvalidEventPatternException' || name === 'ValidationException') return error as Error;
    throw error;
  }
}
