import { UserError } from '../../errors.js';
import type { Command } from '../types.js';

export const testCommand: Command = {
  name: 'test',
  summary: "The main job: verdicts for every rule x event, with explanations",
  usage: 'Usage: gceb test (not implemented yet)',
  async run() {
    throw new UserError('gceb test is not implemented yet.');
  },
};
