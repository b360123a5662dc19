import { Injectable } from '@nestjs/common';
import type { ShopRecord } from '@seri/shared';
import type { EntityManager } from 'typeorm';
import { Shop } from './shop.entity';
import { toShopRecord } from './shop.mapper';

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

  /** Serializes work that numbers things per shop (terminal numbers). */
  async lock(manager: EntityManager, shopId: string): Promise<void> {
    await manager.query('SELECT id FROM shops WHERE id = $1 FOR UPDATE', [shopId]);
  }

  async count(manager: EntityManager): Promise<number> {
    return manager.count(Shop);
  }
}
