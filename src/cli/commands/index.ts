import type { Command } from '../types.js';
import { testCommand } from './test.js';
import { testPatternCommand } from './test-pattern.js';
import { coverageCommand } from './coverage.js';
import { genesysCommand } from './genesys.js';
import { captureCommand } from './capture.js';
import { fetchCommand } from './fetch.js';
import { awsCommand } from './aws.js';
import { doctorCommand } from './doctor.js';
import { lintCommand } from './lint.js';
import { tapCommand } from './tap.js';
import { athenaCommand } from './athena.js';
import { notebooksCommand } from './notebooks.js';

/** Every command, in the order `gceb --help` lists them. */
export const commands: Command[] = [
  testCommand,
  testPatternCommand,
  coverageCommand,
  genesysCommand,
  captureCommand,
  fetchCommand,
  awsCommand,
  doctorCommand,
  lintCommand,
  tapCommand,
  athenaCommand,
  notebooksCommand,
];
