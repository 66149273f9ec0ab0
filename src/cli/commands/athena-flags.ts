/** The Athena runner from `--engine athena` flags. */
import { UserError } from '../../errors.js';
import type { SqlRunner } from '../../sql/verdicts.js';
import type { CliIO } from '../types.js';
import type { EngineValues } from './engine-flags.js';

export async function athenaRunnerFrom(values: EngineValues, io: CliIO, command: string): Promise<SqlRunner> {
  void values;
  void io;
  throw new UserError(`gceb ${command}: --engine athena is not available yet.`);
}
