import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** What IT types on a new terminal to join it to a shop. */
@Entity({ name: 'enrollment_codes' })
export class EnrollmentCode {
  /** Stored upper-case; matched case-insensitively. */
  @PrimaryColumn('text') code: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt: Date | null;
  /** Null means reusable without limit (the demo code); real codes are single-use. */
  @Column({ name: 'uses_left', type: 'integer', nullable: true }) usesLeft: number | null;
  /** The manager who made it; null for the demo's seeded code. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
