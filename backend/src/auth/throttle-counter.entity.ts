import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One login or enrollment attempt counter, shared by every instance (see PgThrottlerStorage). */
@Entity({ name: 'throttle_counters' })
export class ThrottleCounter {
  @PrimaryColumn('text') key: string;
  @PrimaryColumn('text') throttler: string;
  @Column('integer') hits: number;
  @Column({ name: 'window_ends_at', type: 'timestamptz' }) windowEndsAt: Date;
  @Column({ name: 'blocked_until', type: 'timestamptz', nullable: true }) blockedUntil: Date | null;
}
