import { readEvents, type EventRecord, type ReadEventsOptions, type ReadProblem } from './read.js';

export interface CollectedEvents {
  records: EventRecord[];
  problems: ReadProblem[];
}

/** Reads every event into memory (notebooks, small inputs); stops after `limit` records if given. */
export async function collectEvents(
  inputs: string | readonly string[],
  options: Omit<ReadEventsOptions, 'onProblem'> & { limit?: number } = {},
): Promise<CollectedEvents> {
  const problems: ReadProblem[] = [];
  const records: EventRecord[] = [];
  for await (const record of readEvents(inputs, { ...options, onProblem: (p) => problems.push(p) })) {
    records.push(record);
    if (options.limit !== undefined && records.length >= options.limit) break;
  }
  return { records, problems };
}
