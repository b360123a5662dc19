import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintToNumber } from '../common/bigint.transformer';

/**
 * The ledger's running sum per product (I4): only ever moved by `quantity + delta` in the
 * transaction that writes the movement, never overwritten, so concurrent sales both count.
 */
@Entity({ name: 'stock_levels' })
export class StockLevel {
  @PrimaryColumn({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @PrimaryColumn({ name: 'product_id', type: 'uuid' }) productId: string;
  @Column({ type: 'bigint', transformer: bigintToNumber }) quantity: number;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
