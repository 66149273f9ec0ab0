/**
 * Pattern section: events/s for JSON.parse alone and for parse + matchRuleSet
 * with rule sets of 1, 20 and 200 rules (or the sizes asked for), over
 * generated events held as JSON strings.
 */
import os from 'node:os';
import { generateEvents } from '../../src/sample/index.js';
import { compileRuleSet, matchRuleSet } from '../../src/pattern/index.js';
import { benchRules } from './pattern-rules.js';
import { heapUsedMb, median, peakRssMb, textTable, type BenchOptions, type BenchResult, type BenchSection } from './section.js';

const DEFAULT_RULE_SETS = [1, 20, 200];
const TARGETS: Record<number, number> = { 20: 0.7, 200: 0.4 };

interface Measurement {
  label: string;
  rules: number;
  /** Median wall-clock rate. */
  eventsPerSecond: number;
  passesEventsPerSecond: number[];
  /** Median rate per CPU-second of this process (less sensitive to other load on a shared machine). */
  eventsPerCpuSecond: number;
  ratioToParse: number;
  ratioToParseByCpu: number;
  target?: number;
  compileMs?: number;
  /** Rule matches summed over all events, and events that matched at least one rule (per pass; checked equal across passes). */
  matches?: number;
  matchedEvents?: number;
  peakRssMb: number;
  heapUsedMb: number;
}

/** Events per slice: contenders take turns slice by slice, so a shared machine's changing load hits them alike. */
const SLICE = 5_000;

interface Contender {
  label: string;
  rules: number;
  compileMs?: number;
  /** Processes `lines[from .. to)`. */
  run: (from: number, to: number) => void;
  /** This round's match counts (rule sets only). */
  tally: { matches: number; matchedEvents: number };
  tallies: Array<{ matches: number; matchedEvents: number }>;
  rates: number[];
  cpuRates: number[];
  /** This round's elapsed and CPU seconds. */
  seconds: number;
  cpuSeconds: number;
}

function newContender(label: string, rules: number, run: Contender['run'], compileMs?: number): Contender {
  return {
    label, rules, run, ...(compileMs === undefined ? {} : { compileMs }),
    tally: { matches: 0, matchedEvents: 0 }, tallies: [], rates: [], cpuRates: [], seconds: 0, cpuSeconds: 0,
  };
}

/** One round: every slice of the events through every contender in turn; records each contender's rates. */
function runRound(contenders: Contender[], count: number): void {
  for (const c of contenders) {
    c.seconds = 0;
    c.cpuSeconds = 0;
    c.tally = { matches: 0, matchedEvents: 0 };
  }
  for (let from = 0; from < count; from += SLICE) {
    const to = Math.min(count, from + SLICE);
    for (const c of contenders) {
      const cpuStart = process.cpuUsage();
      const start = process.hrtime.bigint();
      c.run(from, to);
      c.seconds += Number(process.hrtime.bigint() - start) / 1e9;
      const cpu = process.cpuUsage(cpuStart);
      c.cpuSeconds += (cpu.user + cpu.system) / 1e6;
    }
  }
  for (const c of contenders) {
    c.rates.push(count / c.seconds);
    c.cpuRates.push(count / c.cpuSeconds);
    if (c.rules > 0) c.tallies.push(c.tally);
  }
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const count = options.events;
  options.progress(`pattern: generating ${count} events`);
  const lines: string[] = [];
  let bytes = 0;
  for (const event of generateEvents({ seed: 1, count })) {
    const line = JSON.stringify(event);
    bytes += line.length;
    lines.push(line);
  }

  let sink = 0;
  const contenders: Contender[] = [newContender('JSON.parse only', 0, (from, to) => {
    for (let i = from; i < to; i++) sink += (JSON.parse(lines[i]!) as { version: string }).version.length;
  })];
  for (const size of options.ruleSets ?? DEFAULT_RULE_SETS) {
    const compileStart = process.hrtime.bigint();
    const set = compileRuleSet(benchRules(size));
    const compileMs = Number(process.hrtime.bigint() - compileStart) / 1e6;
    const contender: Contender = newContender(`parse + match, ${size} rule${size === 1 ? '' : 's'}`, size, (from, to) => {
      const tally = contender.tally;
      for (let i = from; i < to; i++) {
        const names = matchRuleSet(set, JSON.parse(lines[i]!) as unknown);
        tally.matches += names.length;
        if (names.length > 0) tally.matchedEvents += 1;
      }
    }, compileMs);
    contenders.push(contender);
  }
  options.progress('pattern: warm-up round');
  runRound(contenders, count);
  for (const c of contenders) {
    c.rates.length = 0;
    c.cpuRates.length = 0;
  }
  // Each round takes every slice of events through every contender in turn, so drift in a shared
  // machine's speed hits all of them alike; each ratio to parse-only is taken within one round.
  for (let round = 0; round < options.passes; round++) {
    options.progress(`pattern: round ${round + 1} of ${options.passes}`);
    runRound(contenders, count);
  }
  const parse = contenders[0]!;
  const measurements: Measurement[] = contenders.map((c) => {
    const first = c.tallies[0];
    for (const t of c.tallies) {
      if (first && (t.matches !== first.matches || t.matchedEvents !== first.matchedEvents)) {
        throw new Error(`pattern bench: match counts differ between passes (${first.matches} vs ${t.matches})`);
      }
    }
    const target = TARGETS[c.rules];
    return {
      label: c.label,
      rules: c.rules,
      eventsPerSecond: median(c.rates),
      passesEventsPerSecond: c.rates,
      eventsPerCpuSecond: median(c.cpuRates),
      ratioToParse: median(c.rates.map((r, i) => r / parse.rates[i]!)),
      ratioToParseByCpu: median(c.cpuRates.map((r, i) => r / parse.cpuRates[i]!)),
      ...(target === undefined ? {} : { target }),
      ...(c.compileMs === undefined ? {} : { compileMs: c.compileMs }),
      ...(first ? { matches: first.matches, matchedEvents: first.matchedEvents } : {}),
      peakRssMb: peakRssMb(),
      heapUsedMb: heapUsedMb(),
    };
  });
  if (sink === 0) throw new Error('unreachable: keeps JSON.parse from being optimised away');

  const rows = measurements.map((m) => [
    m.label,
    Math.round(m.eventsPerSecond).toLocaleString('en-US'),
    `${(m.ratioToParse * 100).toFixed(1)}%`,
    Math.round(m.eventsPerCpuSecond).toLocaleString('en-US'),
    `${(m.ratioToParseByCpu * 100).toFixed(1)}%`,
    m.target === undefined ? '' : `>= ${m.target * 100}% ${m.ratioToParseByCpu >= m.target ? 'met' : 'NOT MET'}`,
    m.compileMs === undefined ? '' : m.compileMs.toFixed(1),
    m.matches === undefined ? '' : m.matches.toLocaleString('en-US'),
    m.matchedEvents === undefined ? '' : m.matchedEvents.toLocaleString('en-US'),
    m.peakRssMb.toFixed(0),
    m.heapUsedMb.toFixed(0),
  ]);
  const spread = (m: Measurement): string =>
    `${m.label}: ${m.passesEventsPerSecond.map((r) => Math.round(r).toLocaleString('en-US')).join(' / ')}`;
  const text = [
    `pattern: ${count.toLocaleString('en-US')} events (${(bytes / 1e6).toFixed(1)} MB JSON, mean ${Math.round(bytes / Math.max(1, count))} bytes), ${options.passes} rounds after a warm-up round, each taking every ${SLICE.toLocaleString('en-US')}-event slice through every measurement in turn; rates are medians, ratios the median of each round's ratio`,
    `load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs; wall-clock events/s per round:`,
    ...measurements.map((m) => `  ${spread(m)}`),
    textTable(['measurement', 'events/s', 'of parse', 'events/CPU-s', 'of parse', 'target (CPU)', 'compile ms', 'matches', 'matched events', 'peak RSS MB', 'heap MB'], rows),
  ].join('\n');
  return {
    figures: { events: count, bytes, passes: options.passes, measurements },
    text,
  };
}

export const patternSection: BenchSection = {
  name: 'pattern',
  summary: 'events/s for JSON.parse vs parse + matchRuleSet with 1, 20, 200 rules',
  run,
};
