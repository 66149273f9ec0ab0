import { readEvents, type EventRecord, type ReadProblem, type ReadProgress, type RemoteInputOptions } from '../events/index.js';
import type { Expectation, TestRule } from '../rules/types.js';
import { CrossCheckCollector } from './cross-check.js';
import { MainJob, type VerdictSelection } from './main-job.js';
import type { Disagreement, VerdictSummary } from './summary.js';
import type { Verdict } from './verdict.js';

/**
 * Bytes parsed at a time (reads stay at readEvents' default). Each piece's
 * events are parsed together and live until the last is tested; with many
 * rules that spans young-generation GCs, so big pieces get promoted whole
 * and the old generation grows with garbage (peak RSS ~370 MB at 256 KB,
 * ~270 MB at 16 KB, 200 rules). Reads of 16 KB cost half again the CPU of
 * parsing (a thread-pool round trip each).
 */
const PARSE_BYTES = 16 * 1024;

export interface RunRuleTestsOptions {
  rules: readonly TestRule[];
  /** Event inputs for readEvents (files, folders, `sample`, `-`) ... */
  inputs?: string | readonly string[];
  /** ... or records already at hand. */
  events?: AsyncIterable<EventRecord> | Iterable<EventRecord>;
  cwd?: string;
  stdin?: NodeJS.ReadableStream;
  /** For `s3://` and `logs:` inputs: AWS access, --since/--until, status lines. */
  remote?: RemoteInputOptions;
  signal?: AbortSignal;
  /**
   * When `signal` aborts: stop reading and return what was tested so far,
   * with `summary.partial` set (default: throw the abort reason).
   */
  partialOnAbort?: boolean;
  /** `--expect`: every verdict must be a match / no match. */
  expect?: Expectation;
  maxKeptVerdicts?: number;
  /** See MainJobOptions.maxMissClasses. */
  maxMissClasses?: number;
  /** Records that cannot be tested: malformed lines, records that are not EventBridge events. */
  onProblem?: (problem: ReadProblem) => void;
  /** Each event's verdicts as they are made (for streaming exports), as chosen by `verdicts`. */
  onVerdicts?: (verdicts: Verdict[]) => void | Promise<void>;
  /** Which verdicts `onVerdicts` gets; default all. */
  verdicts?: VerdictSelection;
  onDisagreement?: (disagreement: Disagreement) => void;
  /** Called after each event with the count so far. */
  onProgress?: (events: number) => void;
  /** Bytes read of the inputs (readEvents' progress). */
  onReadProgress?: (progress: ReadProgress) => void;
  /** Collect distinct (event, pattern) pairs for AWS TestEventPattern, up to this many. */
  crossCheckPairs?: number;
}

export interface RuleTestRun {
  summary: VerdictSummary;
  /** The first `maxKeptVerdicts` verdicts. */
  verdicts: readonly Verdict[];
  crossCheck?: CrossCheckCollector;
}

function describeInvalidEvent(event: unknown): string {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return 'not an EventBridge event: the record is not a JSON object.';
  const missing = ['id', 'account', 'source', 'time', 'region', 'detail-type'].filter((k) => !(k in event));
  const raw = 'topicName' in event && 'eventBody' in event ? ' It looks like a raw Genesys notification: wrap it in the EventBridge envelope first.' : '';
  return `not an EventBridge event (AWS: Parameter Event is not valid.): missing ${missing.join(', ')}.${raw}`;
}

/**
 * The main job: every rule against every event, streaming (see MainJob).
 * Returns the summary (exact counts) and the kept verdicts; hands each
 * event's verdicts to `onVerdicts` as they are made.
 */
export async function runRuleTests(options: RunRuleTestsOptions): Promise<RuleTestRun> {
  const stream = options.onVerdicts ? options.verdicts ?? 'all' : 'none';
  const job = new MainJob(options.rules, {
    ...(options.expect ? { expect: options.expect } : {}),
    ...(options.maxKeptVerdicts !== undefined ? { maxKeptVerdicts: options.maxKeptVerdicts } : {}),
    ...(options.maxMissClasses !== undefined ? { maxMissClasses: options.maxMissClasses } : {}),
    stream,
    light: options.crossCheckPairs !== undefined,
  });
  const collector = options.crossCheckPairs !== undefined ? new CrossCheckCollector(options.rules, options.crossCheckPairs) : undefined;
  const problem = (p: ReadProblem): void => {
    job.addProblem();
    options.onProblem?.(p);
  };
  const records =
    options.events ??
    readEvents(options.inputs ?? 'sample', {
      ...(options.cwd ? { cwd: options.cwd } : {}),
      ...(options.stdin ? { stdin: options.stdin } : {}),
      ...(options.remote ? { remote: options.remote } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onReadProgress ? { onProgress: options.onReadProgress } : {}),
      onProblem: problem,
      parseBytes: PARSE_BYTES,
    });
  let events = 0;
  let partial = false;
  try {
    for await (const record of records) {
      options.signal?.throwIfAborted();
      let outcome;
      try {
        outcome = job.test(record.event, { source: record.source, line: record.line });
      } catch (error) {
        if (error instanceof Error && error.name === 'ValidationException') {
          problem({ source: record.source, line: record.line, message: describeInvalidEvent(record.event) });
          continue;
        }
        throw error;
      }
      for (const d of outcome.disagreements) options.onDisagreement?.(d);
      if (collector && outcome.light) collector.add(record.event, outcome.light);
      if (options.onVerdicts && outcome.streamed.length > 0) await options.onVerdicts(outcome.streamed);
      events++;
      options.onProgress?.(events);
    }
  } catch (error) {
    if (!(options.partialOnAbort && options.signal?.aborted)) throw error;
    partial = true;
  }
  const summary = job.summary();
  if (partial) summary.partial = true;
  return { summary, verdicts: job.keptVerdicts(), ...(collector ? { crossCheck: collector } : {}) };
}
