/**
 * Coverage section: generates N events (default from --events) as NDJSON in a
 * temp dir, then times two passes over the file, each in its own child
 * process so peak RSS is per pass: parse-only (readEvents: the same streaming
 * reader + JSON.parse) and coverage (analyzeCoverage: reader + statistics).
 * Targets: coverage ≥ 60 % of parse-only throughput; peak RSS < 300 MB.
 *
 * Standalone: npx tsx scripts/bench/coverage.ts [--events N] [--passes N] [--keep]
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateEvents } from '../../src/sample/index.js';
import { readEvents } from '../../src/events/index.js';
import { analyzeCoverage } from '../../src/coverage/index.js';
import { median, textTable, type BenchOptions, type BenchResult, type BenchSection } from './section.js';

const SELF = fileURLToPath(import.meta.url);
const RATIO_TARGET = 0.6;
const RSS_TARGET_MB = 300;

interface PassFigures {
  mode: 'parse' | 'coverage';
  events: number;
  seconds: number;
  /** User + system CPU time of the pass: steadier than wall time on a shared machine. */
  cpuSeconds: number;
  peakRssMb: number;
  problems: number;
  topics?: number;
  fields?: number;
}

async function writeEventsFile(path: string, count: number, progress: (line: string) => void): Promise<number> {
  const out = createWriteStream(path);
  let buffered: string[] = [];
  let written = 0;
  for (const event of generateEvents({ count, seed: 20240506 })) {
    buffered.push(JSON.stringify(event));
    if (buffered.length === 2000) {
      if (!out.write(buffered.join('\n') + '\n')) await once(out, 'drain');
      written += buffered.length;
      buffered = [];
      if (written % 100_000 === 0) progress(`coverage: generated ${written} events`);
    }
  }
  if (buffered.length > 0) out.write(buffered.join('\n') + '\n');
  out.end();
  await once(out, 'finish');
  return (await stat(path)).size;
}

/** One pass, in this process (the child). */
async function runPass(mode: 'parse' | 'coverage', file: string): Promise<PassFigures> {
  let problems = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const cpu = () => {
    const used = process.cpuUsage(cpuStart);
    return (used.user + used.system) / 1e6;
  };
  if (mode === 'parse') {
    let events = 0;
    for await (const record of readEvents(file, { onProblem: () => problems++ })) if (record.event) events++;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return { mode, events, seconds, cpuSeconds: cpu(), peakRssMb: process.resourceUsage().maxRSS / 1024, problems };
  }
  const { result } = await analyzeCoverage(file, { onProblem: () => problems++ });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    mode,
    events: result.events,
    seconds,
    cpuSeconds: cpu(),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    problems,
    topics: result.topics.length,
    fields: result.topics.reduce((n, t) => n + t.fields.length, 0),
  };
}

function passInChild(mode: 'parse' | 'coverage', file: string): Promise<PassFigures> {
  return new Promise((resolvePass, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--pass', mode, '--file', file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${mode} pass exited with ${code}`));
      else resolvePass(JSON.parse(text) as PassFigures);
    });
  });
}

export const coverageSection: BenchSection = {
  name: 'coverage',
  summary: 'reader + field statistics on generated NDJSON vs a parse-only pass (child process per pass, peak RSS)',
  run: (options) => runCoverageBench(options),
};

async function runCoverageBench(options: BenchOptions & { keep?: boolean }): Promise<BenchResult> {
    const dir = await mkdtemp(join(tmpdir(), 'gceb-bench-coverage-'));
    const file = join(dir, 'events.ndjson');
    try {
      const genStart = Date.now();
      const bytes = await writeEventsFile(file, options.events, options.progress);
      const generateSeconds = (Date.now() - genStart) / 1000;
      const passes = Math.max(1, Math.min(options.passes, 3));
      const runs: Record<'parse' | 'coverage', PassFigures[]> = { parse: [], coverage: [] };
      for (let i = 0; i < passes; i++) {
        for (const mode of ['parse', 'coverage'] as const) {
          options.progress(`coverage: ${mode} pass ${i + 1}/${passes}`);
          runs[mode].push(await passInChild(mode, file));
        }
      }
      const rate = (list: PassFigures[]) => median(list.map((p) => p.events / p.seconds));
      const cpuRate = (list: PassFigures[]) => median(list.map((p) => p.events / p.cpuSeconds));
      const parseRate = rate(runs.parse);
      const coverageRate = rate(runs.coverage);
      const parseCpuRate = cpuRate(runs.parse);
      const coverageCpuRate = cpuRate(runs.coverage);
      const peak = (list: PassFigures[]) => Math.max(...list.map((p) => p.peakRssMb));
      const ratio = coverageCpuRate / parseCpuRate;
      const wallRatio = coverageRate / parseRate;
      const figures = {
        events: options.events,
        fileMb: bytes / 1e6,
        generateSeconds,
        passes,
        parseEventsPerSecond: Math.round(parseRate),
        coverageEventsPerSecond: Math.round(coverageRate),
        parseEventsPerCpuSecond: Math.round(parseCpuRate),
        coverageEventsPerCpuSecond: Math.round(coverageCpuRate),
        wallRatio,
        loadAverage: loadavg()[0],
        parseMbPerSecond: (bytes / 1e6) / median(runs.parse.map((p) => p.seconds)),
        coverageMbPerSecond: (bytes / 1e6) / median(runs.coverage.map((p) => p.seconds)),
        ratio,
        ratioTarget: RATIO_TARGET,
        parsePeakRssMb: peak(runs.parse),
        coveragePeakRssMb: peak(runs.coverage),
        rssTargetMb: RSS_TARGET_MB,
        topics: runs.coverage[0]?.topics,
        fields: runs.coverage[0]?.fields,
        problems: runs.coverage[0]?.problems,
        meetsTargets: ratio >= RATIO_TARGET && peak(runs.coverage) < RSS_TARGET_MB && peak(runs.parse) < RSS_TARGET_MB,
      };
      const text = [
        `Coverage: ${options.events.toLocaleString('en-US')} events, ${figures.fileMb.toFixed(0)} MB NDJSON (generated in ${generateSeconds.toFixed(1)} s), median of ${passes} passes, one child process per pass`,
        textTable(
          ['pass', 'events/s (wall)', 'MB/s (wall)', 'events/CPU-s', 'peak RSS MB'],
          [
            ['parse-only (readEvents)', figures.parseEventsPerSecond.toLocaleString('en-US'), figures.parseMbPerSecond.toFixed(1), figures.parseEventsPerCpuSecond.toLocaleString('en-US'), figures.parsePeakRssMb.toFixed(0)],
            ['coverage (analyzeCoverage)', figures.coverageEventsPerSecond.toLocaleString('en-US'), figures.coverageMbPerSecond.toFixed(1), figures.coverageEventsPerCpuSecond.toLocaleString('en-US'), figures.coveragePeakRssMb.toFixed(0)],
          ],
        ),
        `ratio coverage/parse-only: ${(ratio * 100).toFixed(0)} % by CPU time, ${(wallRatio * 100).toFixed(0)} % by wall time (target ≥ ${RATIO_TARGET * 100} %; load average ${figures.loadAverage.toFixed(1)} on ${cpus().length} CPUs)`,
        `peak RSS target < ${RSS_TARGET_MB} MB; ${figures.topics} topics, ${figures.fields} topic×field paths, ${figures.problems} input problems`,
        `targets ${figures.meetsTargets ? 'met' : 'NOT met'}`,
      ].join('\n');
      return { figures, text };
    } finally {
      if (!options.keep) await rm(dir, { recursive: true, force: true });
      else process.stderr.write(`kept ${file}\n`);
    }
}

// Child-process entry (`--pass`) and standalone use.
if (process.argv[1] === SELF) {
  const { values } = parseArgs({
    options: { pass: { type: 'string' }, file: { type: 'string' }, events: { type: 'string' }, passes: { type: 'string' }, keep: { type: 'boolean' } },
  });
  if (values.pass === 'parse' || values.pass === 'coverage') {
    process.stdout.write(JSON.stringify(await runPass(values.pass, values.file!)));
  } else {
    const progress = process.stderr.isTTY ? (line: string): void => void process.stderr.write(`${line}\n`) : (): void => {};
    const result = await runCoverageBench({
      events: Number(values.events ?? 1_000_000),
      passes: Number(values.passes ?? 1),
      progress,
      keep: values.keep,
    });
    process.stdout.write(`${result.text}\n`);
  }
}
