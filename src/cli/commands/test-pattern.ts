import { UserError } from '../../errors.js';
import type { Command } from '../types.js';

export const testPatternCommand: Command = {
  name: 'test-pattern',
  summary: "Test one event against one pattern, as 'aws events test-event-pattern' does",
  usage: 'Usage: gceb test-pattern (not implemented yet)',
  async run() {
    throw new UserError('gceb test-pattern is not implemented yet.');
  },
};
