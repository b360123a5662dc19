import type { StockMovementType } from '@seri/shared';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** One line of the stock ledger (I4). Never updated or deleted: corrections are new movements. */
@Entity({ name: 'stock_movements' })
@Index('idx_stock_movements_shop_product', ['shopId', 'productId'])
@Index('idx_stock_movements_sale', ['saleId'])
export class StockMovement {
  /** Chosen by the terminal (the sale line's movementId), so a replay cannot double it. */
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column({ name: 'product_id', type: 'uuid' }) productId: string;
  @Column('text') type: StockMovementType;
  /** Signed: a sale of 2 is −2, its void +2. */
  @Column('integer') quantity: number;
  @Column({ name: 'sale_id', type: 'uuid', nullable: true }) saleId: string | null;
  @Column({ name: 'device_id', type: 'uuid', nullable: true }) deviceId: string | null;
  @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId: string | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
  /** When it happened on the terminal (possibly offline, long before it reached us). */
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}
