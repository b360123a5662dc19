import { Injectable } from '@nestjs/common';
import type { ShopRecord } from '@seri/shared';
import { In, type EntityManager } from 'typeorm';
import { ShopAdmin } from './shop-admin.entity';
import { Shop } from './shop.entity';
import { toShopRecord } from './shop.mapper';

/** What a manager may change on a shop (PATCH /api/admin/shops/:shopId). */
export type ShopSetting =
  | 'name' | 'locale' | 'retentionDays' | 'allowSalesWithoutSession' | 'cashMovementApprovalThreshold'
  | 'pricesIncludeTax' | 'defaultTaxRateId' | 'legalName' | 'taxNumber' | 'address' | 'phone';

@Injectable()
export class ShopsService {
  async create(manager: EntityManager, record: ShopRecord): Promise<Shop> {
    return manager.save(manager.create(Shop, record));
  }

  async findById(manager: EntityManager, shopId: string): Promise<Shop | null> {
    return manager.findOneBy(Shop, { id: shopId });
  }

  async findRecord(manager: EntityManager, shopId: string): Promise<ShopRecord | null> {
    const shop = await this.findById(manager, shopId);
    return shop ? toShopRecord(shop) : null;
  }

  async findByIds(manager: EntityManager, shopIds: readonly string[]): Promise<Shop[]> {
    if (shopIds.length === 0) return [];
    return manager.find(Shop, { where: { id: In([...shopIds]) }, order: { name: 'ASC', id: 'ASC' } });
  }

  async update(manager: EntityManager, shopId: string, fields: Partial<Pick<Shop, ShopSetting>>): Promise<Shop | null> {
    if (Object.keys(fields).length > 0) await manager.update(Shop, { id: shopId }, fields);
    return this.findById(manager, shopId);
  }

  /** Serializes work that numbers things per shop (terminal numbers). */
  async lock(manager: EntityManager, shopId: string): Promise<void> {
    await manager.query('SELECT id FROM shops WHERE id = $1 FOR UPDATE', [shopId]);
  }

  async count(manager: EntityManager): Promise<number> {
    return manager.count(Shop);
  }

  /** Shops an ADMIN was granted besides their own. */
  async grantedShopIds(manager: EntityManager, userId: string): Promise<string[]> {
    const grants = await manager.find(ShopAdmin, { select: { shopId: true }, where: { userId } });
    return grants.map((grant) => grant.shopId);
  }

  async adminsOf(manager: EntityManager, shopId: string): Promise<ShopAdmin[]> {
    return manager.find(ShopAdmin, { where: { shopId }, order: { createdAt: 'ASC' } });
  }

  async grantAdmin(manager: EntityManager, shopId: string, userId: string, grantedBy: string): Promise<void> {
    await manager.query(
      'INSERT INTO shop_admins (shop_id, user_id, granted_by) VALUES ($1, $2, $3) ON CONFLICT (shop_id, user_id) DO NOTHING',
      [shopId, userId, grantedBy],
    );
  }

  async revokeAdmin(manager: EntityManager, shopId: string, userId: string): Promise<boolean> {
    const result = await manager.delete(ShopAdmin, { shopId, userId });
    return (result.affected ?? 0) > 0;
  }
}
