import { UserError } from '../../errors.js';
import type { Command } from '../types.js';

export const genesysCommand: Command = {
  name: 'genesys',
  summary: "Genesys Cloud: show the EventBridge integration, topics",
  usage: 'Usage: gceb genesys (not implemented yet)',
  async run() {
    throw new UserError('gceb genesys is not implemented yet.');
  },
};
