import { Injectable, Logger } from '@nestjs/common';
import { Metrics } from './metrics';

/** What a job run reports: how many rows it touched (compacted, pruned, deleted). */
export interface JobOutcome {
  rows: number;
}

/**
 * The one way a background job (feed compaction, pruning, expired counters) runs: timed,
 * counted in `seri_job_*`, and logged as one line `{job, outcome, rows, durationMs}`.
 * A failure is logged and counted, then rethrown to the caller, which decides whether to retry.
 */
@Injectable()
export class BackgroundJobs {
  private readonly logger = new Logger('Job');

  constructor(private readonly metrics: Metrics) {}

  async run(job: string, work: () => Promise<JobOutcome>): Promise<JobOutcome> {
    const started = performance.now();
    const stop = this.metrics.jobDuration.startTimer({ job });
    try {
      const outcome = await work();
      stop();
      this.metrics.jobRuns.inc({ job, outcome: 'ok' });
      this.metrics.jobRows.inc({ job }, outcome.rows);
      this.logger.log({ job, outcome: 'ok', rows: outcome.rows, durationMs: Math.round(performance.now() - started) }, `job ${job}: ${outcome.rows} rows`);
      return outcome;
    } catch (error) {
      stop();
      this.metrics.jobRuns.inc({ job, outcome: 'failed' });
      this.logger.error(
        { job, outcome: 'failed', durationMs: Math.round(performance.now() - started), err: error },
        `job ${job} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw error;
    }
  }
}
