import { UserError } from '../../errors.js';
import type { Command } from '../types.js';

export const fetchCommand: Command = {
  name: 'fetch',
  summary: "Rebuild detail events from Genesys Cloud analytics conversation details",
  usage: 'Usage: gceb fetch (not implemented yet)',
  async run() {
    throw new UserError('gceb fetch is not implemented yet.');
  },
};
