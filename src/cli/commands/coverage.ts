import { UserError } from '../../errors.js';
import type { Command } from '../types.js';

export const coverageCommand: Command = {
  name: 'coverage',
  summary: "Field presence across many events, with charts and exports",
  usage: 'Usage: gceb coverage (not implemented yet)',
  async run() {
    throw new UserError('gceb coverage is not implemented yet.');
  },
};
