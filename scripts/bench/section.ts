/** A benchmark section: `scripts/bench.ts` runs the sections listed there and prints their figures. */
export interface BenchOptions {
  /** Events to generate (sections may scale from it). */
  events: number;
  /** Timed passes per measurement; the median is reported. */
  passes: number;
  /** Rule-set sizes for the pattern section (default 1, 20, 200). */
  ruleSets?: number[];
  /** Progress lines (stderr, only when it is a TTY). */
  progress: (line: string) => void;
}

export interface BenchResult {
  /** Machine-readable figures (printed by --json). */
  figures: Record<string, unknown>;
  /** Human-readable table. */
  text: string;
}

export interface BenchSection {
  name: string;
  summary: string;
  run(options: BenchOptions): Promise<BenchResult>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Peak resident set size so far, in MB (maxRSS is in KiB on Linux and macOS). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function heapUsedMb(): number {
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

/** A plain-text table with right-aligned numeric columns. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
