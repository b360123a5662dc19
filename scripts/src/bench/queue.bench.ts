import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Benchmark } from './bench-result';
import { startFastAcceptor } from './fast-acceptor';
import type { QueueChildReport } from './queue-child';
import { startSyncRig } from './sync-harness';

/** QUALITY.md `queue`: main's RSS grows by no more than 200 MB. */
const LIMIT_MB = 200;

function runChild(args: string[]): Promise<QueueChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', join(__dirname, 'queue-child.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((text) => text.startsWith('QUEUE '));
      if (code !== 0 || !line) reject(new Error(`queue child exited ${code}: ${err || out}`));
      else resolve(JSON.parse(line.slice('QUEUE '.length)) as QueueChildReport);
    });
  });
}

/**
 * 100,000 sales queued in main (its own process) while offline, then drained. The pushes go
 * to the real backend (SERI_BENCH_QUEUE_SERVER=backend) or, by default, to a fast acceptor
 * that answers "applied" at once and passes enrollment to the real backend: the bar is on
 * main's memory, and PostgreSQL would only make the run longer.
 */
export const run: Benchmark = async ({ smoke, log }) => {
  const count = smoke ? 500 : Number(process.env.SERI_BENCH_QUEUE_OPS ?? 100_000);
  const useBackend = process.env.SERI_BENCH_QUEUE_SERVER === 'backend';
  const rig = await startSyncRig();
  const acceptor = useBackend ? null : await startFastAcceptor(rig.backend.url);
  try {
    const demo = rig.backend.demo!;
    const report = await runChild([
      join(rig.root, 'queue'),
      acceptor?.url ?? rig.backend.url,
      demo.enrollmentCode,
      demo.cashiers[0]!.id,
      JSON.stringify(rig.products),
      String(count),
    ]);
    if (report.synced < count) throw new Error(`queue: only ${report.synced} of ${count} ops synced`);
    const growth = Math.max(report.peakRssMb - report.rssStartMb, 0.001);
    log(
      `queue: ${count} ops queued in ${report.queueSeconds.toFixed(1)} s, drained in ${report.drainSeconds.toFixed(1)} s; ` +
        `RSS ${report.rssStartMb.toFixed(0)} → ${report.rssQueuedMb.toFixed(0)} (queued) → peak ${report.peakRssMb.toFixed(0)} MB; longest stall ${report.maxStallMs.toFixed(0)} ms`,
    );
    return {
      name: 'queue',
      ours: { value: growth, unit: 'MB' },
      limit: { value: LIMIT_MB, unit: 'MB' },
      ratio: LIMIT_MB / growth,
      ...(smoke ? {} : { bar: 1 }),
      extra: {
        ops: count,
        server: useBackend ? 'backend' : 'fast-acceptor',
        rss_start: `${report.rssStartMb.toFixed(0)}MB`,
        rss_peak: `${report.peakRssMb.toFixed(0)}MB`,
        drain_s: report.drainSeconds,
        max_stall: `${report.maxStallMs.toFixed(0)}ms`,
      },
    };
  } finally {
    await acceptor?.close();
    await rig.close();
  }
};
