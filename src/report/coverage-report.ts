import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { claimOutDir } from './out-dir.js';
import { presenceBarChart, presenceHeatmap, rulePathsHeatmap, valueDistributionChart } from '../coverage/charts.js';
import { renderChart } from '../coverage/render.js';
import type { CoverageResult } from '../coverage/types.js';
import { writeFileAtomic } from './atomic.js';
import { COVERAGE_FORMATS, writeCoverageExports, type CoverageFormat } from './coverage-export.js';
import type { CoverageChart, CoverageProblemSummary } from './coverage-html.js';

export interface CoverageReportOptions {
  formats?: readonly CoverageFormat[];
  /** Topics to draw a presence bar chart for; default: every topic. */
  barTopics?: readonly string[];
  /** Rules whose pattern paths get a heatmap. */
  rules?: ReadonlyArray<{ name: string; pattern: unknown }>;
  problems?: CoverageProblemSummary;
  /** Mask quoted text in problem messages (they may quote event data). */
  redact?: boolean;
  title?: string;
}

export interface CoverageReportFiles {
  charts: Array<{ title: string; svg: string; png: string }>;
  exports: string[];
}

/**
 * Renders the coverage charts (SVG + PNG) into `dir/charts/` and writes the
 * exports (html with the charts inline, json, ndjson, csv, md), all
 * atomically, as one run of the folder (see out-dir.ts): charts and exports
 * an earlier run left and this one did not write are removed.
 */
export async function writeCoverageReport(dir: string, result: CoverageResult, options: CoverageReportOptions = {}): Promise<CoverageReportFiles> {
  const run = await claimOutDir(dir, { command: 'coverage', subfolders: ['charts'] });
  try {
    const files = await writeCoverageFiles(dir, result, options);
    await run.finish([...files.exports, ...files.charts.flatMap((c) => [c.svg, c.png, c.png.replace(/\.png$/, '.vl.json')])]);
    await removeUnlisted(join(dir, 'charts'), new Set(files.charts.flatMap((c) => [c.svg, c.png, c.png.replace(/\.png$/, '.vl.json')])));
    return files;
  } finally {
    await run.release();
  }
}

/** Chart files in `charts/` that this run did not write (charts of an earlier run, e.g. of another rule). */
async function removeUnlisted(folder: string, written: ReadonlySet<string>): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (!/\.(svg|png|vl\.json)$/.test(name)) continue;
    const path = join(folder, name);
    if (!written.has(path)) await rm(path, { force: true });
  }
}

async function writeCoverageFiles(dir: string, result: CoverageResult, options: CoverageReportOptions): Promise<CoverageReportFiles> {
  const specs: Array<{ title: string; file: string; spec: Parameters<typeof renderChart>[0] }> = [];
  if (result.topics.length > 0) specs.push({ title: 'Field presence by topic', file: 'heatmap-topics-fields', spec: presenceHeatmap(result) });
  for (const rule of options.rules ?? []) {
    specs.push({ title: `Paths tested by rule ${rule.name}`, file: `rule-${slug(rule.name)}`, spec: rulePathsHeatmap(result, rule.pattern, { ruleName: rule.name }) });
  }
  const barTopics = options.barTopics ?? result.topics.map((t) => t.detailType);
  for (const topic of barTopics) {
    specs.push({ title: `Field presence: ${topic}`, file: `presence-${slug(topic)}`, spec: presenceBarChart(result, topic) });
    const values = valueDistributionChart(result, topic);
    if (values) specs.push({ title: `Field values: ${topic}`, file: `values-${slug(topic)}`, spec: values });
  }
  const rendered: CoverageChart[] = [];
  const chartFiles: CoverageReportFiles['charts'] = [];
  for (const { title, file, spec } of specs) {
    const { svg, png } = await renderChart(spec);
    const svgPath = join(dir, 'charts', `${file}.svg`);
    const pngPath = join(dir, 'charts', `${file}.png`);
    await writeFileAtomic(svgPath, svg);
    await writeFileAtomic(pngPath, png);
    await writeFileAtomic(join(dir, 'charts', `${file}.vl.json`), JSON.stringify(spec, null, 2) + '\n');
    rendered.push({ title, svg });
    chartFiles.push({ title, svg: svgPath, png: pngPath });
  }
  const problems = options.problems && options.redact ? redactProblems(options.problems) : options.problems;
  const exports = await writeCoverageExports(dir, result, { formats: options.formats ?? COVERAGE_FORMATS, charts: rendered, problems, title: options.title });
  return { charts: chartFiles, exports };
}

/** Problem messages quote bits of the input (`"..."`); under redaction those become [redacted]. */
export function redactProblems(problems: CoverageProblemSummary): CoverageProblemSummary {
  return { count: problems.count, sample: problems.sample.map((p) => ({ ...p, message: p.message.replace(/"(?:[^"\\]|\\.)*"/g, '[redacted]') })) };
}

function slug(text: string): string {
  return text.replace(/\{id\}/g, 'id').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'chart';
}
