import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Metrics } from './metrics';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** `seri_db_pool_connections{state}`: the pg pool's open, idle, in-use and waiting counts at scrape time. */
@Injectable()
export class PoolMetrics {
  constructor(dataSource: DataSource, metrics: Metrics) {
    const pool = (): PgPool | null => (dataSource.driver as unknown as { master?: PgPool }).master ?? null;
    metrics.collectAtScrape({ name: 'seri_db_pool_connections', help: 'PostgreSQL pool connections by state (total, idle, in_use, waiting clients).', labelNames: ['state'] }, (gauge) => {
      const current = pool();
      if (!current) return;
      gauge.set({ state: 'total' }, current.totalCount);
      gauge.set({ state: 'idle' }, current.idleCount);
      gauge.set({ state: 'in_use' }, current.totalCount - current.idleCount);
      gauge.set({ state: 'waiting' }, current.waitingCount);
    });
    metrics.collectAtScrape({ name: 'seri_db_pool_max', help: 'Configured PostgreSQL pool size (SERI_DB_POOL_SIZE).' }, (gauge) => {
      const options = dataSource.options as { poolSize?: number };
      gauge.set(options.poolSize ?? 10);
    });
  }
}
