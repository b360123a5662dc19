import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintToNumber } from '../common/bigint.transformer';

export type StockAlertKind = 'OVERSOLD';

/**
 * A movement that took a product's stock below zero (I4): allowed, since two terminals may
 * sell the last units offline, and never silently fixed: flagged here for a manager.
 */
@Entity({ name: 'stock_alerts' })
@Index('idx_stock_alerts_shop', ['shopId', 'id'])
export class StockAlert {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column({ name: 'product_id', type: 'uuid' }) productId: string;
  @Column('text') kind: StockAlertKind;
  @Column({ name: 'movement_id', type: 'uuid' }) movementId: string;
  @Column({ name: 'sale_id', type: 'uuid', nullable: true }) saleId: string | null;
  @Column({ name: 'device_id', type: 'uuid', nullable: true }) deviceId: string | null;
  /** The server's stock of the product right after the movement. */
  @Column({ name: 'quantity_after', type: 'bigint', transformer: bigintToNumber }) quantityAfter: number;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
