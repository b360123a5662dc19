import type { Benchmark } from './bench-result';

/**
 * Every benchmark of QUALITY.md, by name, loaded only when asked for. Each lives in
 * bench/<name>.bench.ts and exports `run` (issue #6: push, bootstrap, checkout, scan,
 * load, realtime, queue; issue #12: history).
 */
export const BENCHMARKS: Record<string, () => Promise<{ run: Benchmark }>> = {
  bootstrap: () => import('./bootstrap.bench.js'),
  checkout: () => import('./checkout.bench.js'),
  history: () => import('./history.bench.js'),
  load: () => import('./load.bench.js'),
  push: () => import('./push.bench.js'),
  queue: () => import('./queue.bench.js'),
  realtime: () => import('./realtime.bench.js'),
  scan: () => import('./scan.bench.js'),
};
