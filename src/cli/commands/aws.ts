import { UserError } from '../../errors.js';
import type { Command } from '../types.js';

export const awsCommand: Command = {
  name: 'aws',
  summary: "AWS EventBridge: partner buses, event sources, rules and targets",
  usage: 'Usage: gceb aws (not implemented yet)',
  async run() {
    throw new UserError('gceb aws is not implemented yet.');
  },
};
