import { UserError } from '../../errors.js';
import type { Command } from '../types.js';

export const captureCommand: Command = {
  name: 'capture',
  summary: "Capture live Genesys Cloud events as EventBridge envelopes (NDJSON)",
  usage: 'Usage: gceb capture (not implemented yet)',
  async run() {
    throw new UserError('gceb capture is not implemented yet.');
  },
};
