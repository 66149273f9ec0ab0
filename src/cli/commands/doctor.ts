import { UserError } from '../../errors.js';
import type { Command } from '../types.js';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: "Check the whole Genesys -> EventBridge chain and say what to fix",
  usage: 'Usage: gceb doctor (not implemented yet)',
  async run() {
    throw new UserError('gceb doctor is not implemented yet.');
  },
};
