import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The Prometheus text format (prom-client's default registry type). */
export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/** Seconds; push and pull answer in tens of milliseconds when healthy, seconds when not. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const ROW_BUCKETS = [0, 1, 10, 50, 100, 250, 500, 1000, 2500, 5000];
const JOB_BUCKETS = [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 900];

/**
 * Every Prometheus series the backend exports (`GET /metrics`), in one registry per
 * application (tests run several in one process, so never the global one). Series that
 * are read from elsewhere at scrape time (database pool, devices) are registered by
 * their owners through `collectAtScrape`.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly pushOps = new Counter({
    name: 'seri_push_ops_total',
    help: 'Ops received by POST /api/sync/push, by result (applied, duplicate, rejected) and rejection code.',
    labelNames: ['status', 'code'] as const,
    registers: [this.registry],
  });

  readonly pushDuration = new Histogram({
    name: 'seri_push_duration_seconds',
    help: 'Time to answer a push, by outcome (ok or the HTTP error class).',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly pullDuration = new Histogram({
    name: 'seri_pull_duration_seconds',
    help: 'Time to answer a pull, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly pullRows = new Histogram({
    name: 'seri_pull_feed_rows',
    help: 'Feed rows handed out per pull page.',
    buckets: ROW_BUCKETS,
    registers: [this.registry],
  });

  readonly socketConnections = new Gauge({
    name: 'seri_websocket_connections',
    help: 'Terminals holding a poke WebSocket on this instance.',
    registers: [this.registry],
  });

  readonly pokes = new Counter({
    name: 'seri_websocket_pokes_total',
    help: 'Pokes sent to terminals by this instance.',
    registers: [this.registry],
  });

  readonly jobRuns = new Counter({
    name: 'seri_job_runs_total',
    help: 'Background job runs, by job and outcome (ok, failed).',
    labelNames: ['job', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'seri_job_duration_seconds',
    help: 'Background job run time, by job.',
    labelNames: ['job'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  readonly jobRows = new Counter({
    name: 'seri_job_rows_total',
    help: 'Rows a background job touched (compacted, pruned, deleted), by job.',
    labelNames: ['job'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * A gauge whose value is read when Prometheus scrapes (pool usage, devices seen). A read
   * that fails (database down) leaves the series out of that scrape rather than failing it.
   */
  collectAtScrape<L extends string>(
    options: { name: string; help: string; labelNames?: readonly L[] },
    read: (gauge: Gauge<L>) => Promise<void> | void,
  ): Gauge<L> {
    return new Gauge<L>({
      name: options.name,
      help: options.help,
      labelNames: options.labelNames ?? [],
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          await read(this);
        } catch {
          // The scrape goes on without this series; readiness reports the database.
        }
      },
    });
  }

  /** The Prometheus text exposition of every series. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
