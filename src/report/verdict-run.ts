import { readEvents, type EventRecord, type ReadProblem, type RemoteInputOptions } from '../events/index.js';
import type { Expectation, TestRule } from '../rules/types.js';
import { CrossCheckCollector } from './verdict-cross-check.js';
import { VerdictAggregator, type Disagreement, type VerdictSummary } from './verdict-summary.js';
import { RuleEvaluator, type Verdict } from './verdicts.js';

export interface RunRuleTestsOptions {
  rules: readonly TestRule[];
  /** Event inputs for readEvents (files, folders, `sample`, `-`) ... */
  inputs?: string | readonly string[];
  /** ... or records already at hand. */
  events?: AsyncIterable<EventRecord> | Iterable<EventRecord>;
  cwd?: string;
  stdin?: NodeJS.ReadableStream;
  signal?: AbortSignal;
  /** For `s3://` and `logs:` inputs: AWS access, --since/--until, status lines. */
  remote?: RemoteInputOptions;
  /** `--expect`: every verdict must be a match / no match. */
  expect?: Expectation;
  maxKeptVerdicts?: number;
  /** Records that cannot be tested: malformed lines, records that are not EventBridge events. */
  onProblem?: (problem: ReadProblem) => void;
  /** Each event's verdicts as they are made (for streaming exports). */
  onVerdicts?: (verdicts: Verdict[]) => void | Promise<void>;
  onDisagreement?: (disagreement: Disagreement) => void;
  /** Called after each event with the count so far. */
  onProgress?: (events: number) => void;
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
 * The main job: every rule against every event, streaming. Returns the
 * summary (exact counts) and the kept verdicts; hands each event's verdicts
 * to `onVerdicts` as they are made.
 */
export async function runRuleTests(options: RunRuleTestsOptions): Promise<RuleTestRun> {
  const evaluator = new RuleEvaluator(options.rules);
  const aggregator = new VerdictAggregator(options.rules, {
    ...(options.expect ? { expect: options.expect } : {}),
    ...(options.maxKeptVerdicts !== undefined ? { maxKeptVerdicts: options.maxKeptVerdicts } : {}),
  });
  const collector = options.crossCheckPairs !== undefined ? new CrossCheckCollector(options.rules, options.crossCheckPairs) : undefined;
  const problem = (p: ReadProblem): void => {
    aggregator.addProblem();
    options.onProblem?.(p);
  };
  const records =
    options.events ??
    readEvents(options.inputs ?? 'sample', {
      ...(options.cwd ? { cwd: options.cwd } : {}),
      ...(options.stdin ? { stdin: options.stdin } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.remote ? { remote: options.remote } : {}),
      onProblem: problem,
    });
  let events = 0;
  for await (const record of records) {
    options.signal?.throwIfAborted();
    let verdicts: Verdict[];
    try {
      verdicts = evaluator.evaluate(record.event, { source: record.source, line: record.line });
    } catch (error) {
      if (error instanceof Error && error.name === 'ValidationException') {
        problem({ source: record.source, line: record.line, message: describeInvalidEvent(record.event) });
        continue;
      }
      throw error;
    }
    for (const d of aggregator.addEvent(record.event, verdicts)) options.onDisagreement?.(d);
    collector?.add(record.event, verdicts);
    if (options.onVerdicts) await options.onVerdicts(verdicts);
    events++;
    options.onProgress?.(events);
  }
  return { summary: aggregator.summary(), verdicts: aggregator.keptVerdicts(), ...(collector ? { crossCheck: collector } : {}) };
}

