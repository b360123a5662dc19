/**
 * The benchmark contract of QUALITY.md: each benchmark measures our path and its limit in
 * the same run, on the same data, and prints one last line
 *   BENCH <name> ours=<n><unit> limit=<n><unit> ratio=<r> <key=value …>
 * where the ratio is "higher is better" (limit/ours for times, ours/limit for rates).
 */
export interface Measure {
  value: number;
  unit: string;
}

export interface BenchResult {
  name: string;
  ours: Measure;
  limit: Measure;
  /** Higher is better; the bar of QUALITY.md applies to it. */
  ratio: number;
  /** The bar this run is judged against (printed, never asserted in tests). */
  bar?: number;
  extra?: Record<string, string | number>;
}

export interface BenchOptions {
  /** Tiny sizes and no bar: proves the benchmark still runs (CI's `bench -- smoke`). */
  smoke: boolean;
  log: (line: string) => void;
}

export type Benchmark = (options: BenchOptions) => Promise<BenchResult>;

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  return value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toPrecision(3);
}

export function formatBenchLine(result: BenchResult): string {
  const parts = [
    'BENCH',
    result.name,
    `ours=${formatNumber(result.ours.value)}${result.ours.unit}`,
    `limit=${formatNumber(result.limit.value)}${result.limit.unit}`,
    `ratio=${result.ratio.toFixed(3)}`,
  ];
  if (result.bar !== undefined) parts.push(`bar=${result.bar}`, `meets=${result.ratio >= result.bar ? 'yes' : 'no'}`);
  for (const [key, value] of Object.entries(result.extra ?? {})) {
    parts.push(`${key}=${typeof value === 'number' ? formatNumber(value) : value.replace(/\s+/g, '_')}`);
  }
  return parts.join(' ');
}

/** Ratio for a time (lower is better): limit / ours. */
export function timeRatio(ours: number, limit: number): number {
  return ours > 0 ? limit / ours : Number.POSITIVE_INFINITY;
}

/** Ratio for a rate (higher is better): ours / limit. */
export function rateRatio(ours: number, limit: number): number {
  return limit > 0 ? ours / limit : Number.POSITIVE_INFINITY;
}

/** The p-th percentile (0–100) of samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
