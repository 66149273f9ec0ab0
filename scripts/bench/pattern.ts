/**
 * Pattern section: events/s for JSON.parse alone and for parse + matchRuleSet
 * with 1, 20 and 200 rules, over generated events held as JSON strings.
 */
import os from 'node:os';
import { generateEvents } from '../../src/sample/index.js';
import { compileRuleSet, matchRuleSet } from '../../src/pattern/index.js';
import { benchRules } from './pattern-rules.js';
import { heapUsedMb, median, peakRssMb, textTable, type BenchOptions, type BenchResult, type BenchSection } from './section.js';

const RULE_SET_SIZES = [1, 20, 200] as const;
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

function timePasses(passes: number, run: () => number): { rates: number[]; cpuRates: number[] } {
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let i = 0; i < passes; i++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    const processed = run();
    const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    rates.push(processed / elapsed);
    cpuRates.push(processed / ((cpu.user + cpu.system) / 1e6));
  }
  return { rates, cpuRates };
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
  const parseOnce = (): number => {
    for (const line of lines) sink += (JSON.parse(line) as { version: string }).version.length;
    return lines.length;
  };
  options.progress('pattern: JSON.parse alone');
  parseOnce(); // warm-up
  const parse = timePasses(options.passes, parseOnce);
  const parseRate = median(parse.rates);
  const parseCpuRate = median(parse.cpuRates);
  const measurements: Measurement[] = [{
    label: 'JSON.parse only', rules: 0, eventsPerSecond: parseRate, passesEventsPerSecond: parse.rates,
    eventsPerCpuSecond: parseCpuRate, ratioToParse: 1, ratioToParseByCpu: 1,
    peakRssMb: peakRssMb(), heapUsedMb: heapUsedMb(),
  }];

  for (const size of RULE_SET_SIZES) {
    options.progress(`pattern: parse + matchRuleSet, ${size} rules`);
    const rules = benchRules(size);
    const compileStart = process.hrtime.bigint();
    const set = compileRuleSet(rules);
    const compileMs = Number(process.hrtime.bigint() - compileStart) / 1e6;
    const tallies: Array<{ matches: number; matchedEvents: number }> = [];
    const matchOnce = (): number => {
      let matches = 0;
      let matchedEvents = 0;
      for (const line of lines) {
        const names = matchRuleSet(set, JSON.parse(line) as unknown);
        matches += names.length;
        if (names.length > 0) matchedEvents += 1;
      }
      tallies.push({ matches, matchedEvents });
      return lines.length;
    };
    matchOnce(); // warm-up
    const timed = timePasses(options.passes, matchOnce);
    const first = tallies[0]!;
    for (const t of tallies) {
      if (t.matches !== first.matches || t.matchedEvents !== first.matchedEvents) {
        throw new Error(`pattern bench: match counts differ between passes (${first.matches} vs ${t.matches})`);
      }
    }
    const rate = median(timed.rates);
    const cpuRate = median(timed.cpuRates);
    measurements.push({
      label: `parse + match, ${size} rule${size === 1 ? '' : 's'}`, rules: size, eventsPerSecond: rate, passesEventsPerSecond: timed.rates,
      eventsPerCpuSecond: cpuRate, ratioToParse: rate / parseRate, ratioToParseByCpu: cpuRate / parseCpuRate, ...(TARGETS[size] === undefined ? {} : { target: TARGETS[size] }), compileMs,
      matches: first.matches, matchedEvents: first.matchedEvents, peakRssMb: peakRssMb(), heapUsedMb: heapUsedMb(),
    });
  }
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
    `pattern: ${count.toLocaleString('en-US')} events (${(bytes / 1e6).toFixed(1)} MB JSON, mean ${Math.round(bytes / Math.max(1, count))} bytes), median of ${options.passes} passes after a warm-up`,
    `load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs; wall-clock events/s per pass:`,
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
