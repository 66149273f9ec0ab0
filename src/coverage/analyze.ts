import { readEvents, type ReadEventsOptions, type ReadProblem, type ReadProgress } from '../events/read.js';
import { createCoverage } from './stats.js';
import type { CoverageOptions, CoverageResult } from './types.js';

export interface AnalyzeOptions extends CoverageOptions, Pick<ReadEventsOptions, 'cwd' | 'stdin' | 'signal' | 'maxRecordBytes' | 'remote'> {
  onProblem?: (problem: ReadProblem) => void;
  /** Called at most every `progressEveryMs` (default 250 ms) with counts so far. */
  onProgress?: (progress: CoverageProgress) => void;
  progressEveryMs?: number;
  /** Input problems kept in the result's sample. Default 20. */
  problemSample?: number;
}

export interface CoverageProgress extends ReadProgress {
  events: number;
  elapsedMs: number;
}

export interface AnalyzeResult {
  result: CoverageResult;
  problems: { count: number; sample: ReadProblem[] };
  elapsedMs: number;
}

/** Reads every input (streaming) and computes its field coverage. */
export async function analyzeCoverage(inputs: string | readonly string[], options: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  const coverage = createCoverage(options);
  const started = Date.now();
  const problems: AnalyzeResult['problems'] = { count: 0, sample: [] };
  const keep = options.problemSample ?? 20;
  const every = options.progressEveryMs ?? 250;
  let lastProgress = 0;
  let latest: ReadProgress = { source: '', bytesRead: 0, totalBytes: undefined };
  let events = 0;
  const tick = (force: boolean) => {
    const now = Date.now();
    if (options.onProgress && (force || now - lastProgress >= every)) {
      lastProgress = now;
      options.onProgress({ ...latest, events, elapsedMs: now - started });
    }
  };
  for await (const record of readEvents(inputs, {
    cwd: options.cwd,
    stdin: options.stdin,
    signal: options.signal,
    maxRecordBytes: options.maxRecordBytes,
    ...(options.remote ? { remote: options.remote } : {}),
    onProblem: (problem) => {
      problems.count++;
      if (problems.sample.length < keep) problems.sample.push(problem);
      options.onProblem?.(problem);
    },
    onProgress: (progress) => {
      latest = progress;
      tick(false);
    },
  })) {
    coverage.add(record.event);
    events++;
  }
  tick(true);
  return { result: coverage.result(), problems, elapsedMs: Date.now() - started };
}

/** `12,345 events · 8.1 MB of 20.0 MB · 41,000 events/s · ETA 2 s` */
export function formatProgress(progress: CoverageProgress): string {
  const seconds = Math.max(progress.elapsedMs / 1000, 0.001);
  const rate = Math.round(progress.events / seconds);
  const parts = [`${progress.events.toLocaleString('en-US')} events`];
  if (progress.totalBytes) {
    parts.push(`${mb(progress.bytesRead)} of ${mb(progress.totalBytes)}`);
    const bytesPerSecond = progress.bytesRead / seconds;
    if (bytesPerSecond > 0 && progress.bytesRead < progress.totalBytes) parts.push(`ETA ${Math.ceil((progress.totalBytes - progress.bytesRead) / bytesPerSecond)} s`);
  } else parts.push(mb(progress.bytesRead));
  parts.splice(2, 0, `${rate.toLocaleString('en-US')} events/s`); // before the ETA
  return parts.join(' · ');
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
