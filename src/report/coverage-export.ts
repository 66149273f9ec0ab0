import { join } from 'node:path';
import type { CoverageResult } from '../coverage/types.js';
import { writeFileAtomic } from './atomic.js';
import { csvRow, mdTable } from './escape.js';
import { coverageHtml, type CoverageChart, type CoverageProblemSummary } from './coverage-html.js';
import { boundValue } from '../verdicts/bound.js';

/** The result with every example value cut to a bounded length (original length noted): one 50 MB value must not make 50 MB exports. */
export function boundCoverageExamples(result: CoverageResult): CoverageResult {
  const bounded = (examples: unknown[]) => examples.map((e) => boundValue(e));
  const changed = result.topics.some((t) => t.fields.some((f) => bounded(f.examples).some((e, i) => e !== f.examples[i])));
  if (!changed) return result;
  return { ...result, topics: result.topics.map((t) => ({ ...t, fields: t.fields.map((f) => ({ ...f, examples: bounded(f.examples) })) })) };
}

/** One flat row per topic × field path: the shape of the ndjson and csv exports. */
export interface CoverageRow {
  detailType: string;
  topicEvents: number;
  path: string;
  present: number;
  null: number;
  absent: number;
  presencePct: number;
  empty: number;
  types: string;
  distinct: number;
  distinctExact: boolean;
  examples: unknown[];
}

export const COVERAGE_FORMATS = ['json', 'ndjson', 'csv', 'md', 'html'] as const;
export type CoverageFormat = (typeof COVERAGE_FORMATS)[number];

export function coverageRows(result: CoverageResult): CoverageRow[] {
  const rows: CoverageRow[] = [];
  for (const topic of result.topics) {
    for (const f of topic.fields) {
      rows.push({
        detailType: topic.detailType,
        topicEvents: topic.events,
        path: f.path,
        present: f.present,
        null: f.null,
        absent: f.absent,
        presencePct: Math.round(f.presence * 1000) / 10,
        empty: f.empty,
        types: Object.entries(f.types).map(([type, n]) => `${type}:${n}`).join(' '),
        distinct: f.distinct.count,
        distinctExact: f.distinct.exact,
        examples: f.examples,
      });
    }
  }
  return rows;
}

export function coverageJson(result: CoverageResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}

export function coverageNdjson(result: CoverageResult): string {
  return coverageRows(result).map((row) => JSON.stringify(row)).join('\n') + '\n';
}

const CSV_HEADER = ['detail_type', 'topic_events', 'path', 'present', 'null', 'absent', 'presence_pct', 'empty', 'types', 'distinct', 'distinct_exact', 'examples'];

export function coverageCsv(result: CoverageResult): string {
  const lines = [csvRow(CSV_HEADER)];
  for (const r of coverageRows(result)) {
    lines.push(csvRow([r.detailType, r.topicEvents, r.path, r.present, r.null, r.absent, r.presencePct, r.empty, r.types, r.distinct, r.distinctExact, JSON.stringify(r.examples)]));
  }
  return lines.join('\r\n') + '\r\n';
}

export function coverageMarkdown(result: CoverageResult, options: { problems?: CoverageProblemSummary } = {}): string {
  const parts = [
    '# Field coverage',
    '',
    `${result.events} events in ${result.topics.length} topics${result.skipped ? `; ${result.skipped} records were not JSON objects` : ''}.` +
      (options.problems && options.problems.count > 0 ? ` ${options.problems.count} input problems (records skipped).` : ''),
    '',
    `Distinct values: ${result.distinctMethod}; an estimate is marked with \`~\`.` + (result.options.redacted ? ' Example values are redacted (personal data masked).' : ''),
    '',
    mdTable(
      ['detail-type', 'events', 'fields'],
      result.topics.map((t) => [t.detailType, t.events, t.fields.length]),
    ),
  ];
  for (const topic of result.topics) {
    parts.push(`## ${topic.detailType}`, '', `${topic.events} events.${topic.droppedPaths ? ` ${topic.droppedPaths} further paths were not tracked (limit ${result.options.maxPathsPerTopic}).` : ''}`, '');
    parts.push(
      mdTable(
        ['path', 'present %', 'present', 'null', 'absent', 'types', 'distinct', 'examples'],
        topic.fields.map((f) => [
          '`' + f.path + '`',
          (Math.round(f.presence * 1000) / 10).toFixed(1),
          f.present,
          f.null,
          f.absent,
          Object.entries(f.types).map(([type, n]) => `${type} ${n}`).join(', '),
          `${f.distinct.exact ? '' : '~'}${f.distinct.count}`,
          f.examples.map((e) => JSON.stringify(e)).join(', '),
        ]),
      ),
    );
  }
  return parts.join('\n');
}

export interface WriteCoverageOptions {
  formats?: readonly CoverageFormat[];
  charts?: readonly CoverageChart[];
  problems?: CoverageProblemSummary;
  /** File name stem; default `coverage`. */
  name?: string;
  title?: string;
}

/** Writes the chosen exports (default: all) into `dir`, each atomically; returns the paths written. */
export async function writeCoverageExports(dir: string, result: CoverageResult, options: WriteCoverageOptions = {}): Promise<string[]> {
  const name = options.name ?? 'coverage';
  const written: string[] = [];
  for (const format of options.formats ?? COVERAGE_FORMATS) {
    const path = join(dir, `${name}.${format}`);
    await writeFileAtomic(path, renderCoverage(format, result, options));
    written.push(path);
  }
  return written;
}

export function renderCoverage(format: CoverageFormat, unbounded: CoverageResult, options: WriteCoverageOptions = {}): string {
  const result = boundCoverageExamples(unbounded);
  switch (format) {
    case 'json':
      return coverageJson(result);
    case 'ndjson':
      return coverageNdjson(result);
    case 'csv':
      return coverageCsv(result);
    case 'md':
      return coverageMarkdown(result, { problems: options.problems });
    case 'html':
      return coverageHtml(result, { charts: options.charts, problems: options.problems, title: options.title });
  }
}
