import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { uuidv7 } from '@seri/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { TaxRate } from '../catalog/tax-rate.entity';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ChangeFeedService } from '../sync/change-feed.service';
import { UsersService } from '../users/users.service';
import type { CreateShopDto, ShopAdminDto, ShopDto, UpdateShopDto } from './dto/admin-shop.dto';
import type { Shop } from './shop.entity';
import { toShopRecord } from './shop.mapper';
import { ShopsService } from './shops.service';

function toShopDto(shop: Shop): ShopDto {
  return {
    ...toShopRecord(shop),
    allowSalesWithoutSession: shop.allowSalesWithoutSession,
    cashMovementApprovalThreshold: shop.cashMovementApprovalThreshold,
    pricesIncludeTax: shop.pricesIncludeTax,
    createdAt: shop.createdAt.toISOString(),
    updatedAt: shop.updatedAt.toISOString(),
  };
}

/** The fields of `body` among `keys` that were sent (null included: it clears the field). */
function definedFields<T extends object, K extends keyof T>(body: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((key) => body[key] !== undefined).map((key) => [key, body[key]])) as Partial<Pick<T, K>>;
}

/** Shops as managers and admins see them: only their own, plus those an ADMIN was granted (I9). */
@Injectable()
export class AdminShopsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shops: ShopsService,
    private readonly users: UsersService,
    private readonly feed: ChangeFeedService,
  ) {}

  async list(actor: AuthenticatedUser): Promise<ShopDto[]> {
    return (await this.shops.findByIds(this.dataSource.manager, actor.shopIds)).map(toShopDto);
  }

  async get(shopId: string): Promise<ShopDto> {
    const shop = await this.shops.findById(this.dataSource.manager, shopId);
    if (!shop) throw new NotFoundException(`shop ${shopId} not found`);
    return toShopDto(shop);
  }

  /** A new shop, granted to the ADMIN who made it; its first feed row is the shop itself. */
  async create(actor: AuthenticatedUser, body: CreateShopDto): Promise<ShopDto> {
    const shop = await this.dataSource.transaction(async (manager) => {
      const created = await this.shops.create(manager, { id: uuidv7(), name: body.name, currency: body.currency, locale: body.locale });
      await this.shops.grantAdmin(manager, created.id, actor.userId, actor.userId);
      await this.feed.append(manager, created.id, [{ entity: 'shop', entityId: created.id, op: 'upsert', data: toShopRecord(created) }]);
      return created;
    });
    return toShopDto(shop);
  }

  async update(shopId: string, body: UpdateShopDto): Promise<ShopDto> {
    const shop = await this.dataSource.transaction(async (manager) => {
      await this.shops.lock(manager, shopId);
      const updated = await this.shops.update(manager, shopId, {
        ...(body.name !== undefined ? { name: body.name } : {}), ...(body.locale !== undefined ? { locale: body.locale } : {}),
        ...(body.retentionDays !== undefined ? { retentionDays: body.retentionDays } : {}),
        // Cash sessions (issue #11 part 3).
        ...(body.allowSalesWithoutSession !== undefined ? { allowSalesWithoutSession: body.allowSalesWithoutSession } : {}),
        ...(body.cashMovementApprovalThreshold !== undefined ? { cashMovementApprovalThreshold: body.cashMovementApprovalThreshold } : {}),
        // Taxes and legal identity (issue #11 part 2).
        ...(await this.defaultRate(manager, shopId, body.defaultTaxRateId)),
        ...definedFields(body, ['pricesIncludeTax', 'legalName', 'taxNumber', 'address', 'phone']),
      });
      if (!updated) throw new NotFoundException(`shop ${shopId} not found`);
      await this.feed.append(manager, shopId, [{ entity: 'shop', entityId: shopId, op: 'upsert', data: toShopRecord(updated) }]);
      return updated;
    });
    return toShopDto(shop);
  }

  /** The default must be one of the shop's own rates, not archived (its products would print a rate the shop no longer has). */
  private async defaultRate(manager: EntityManager, shopId: string, rateId: string | null | undefined): Promise<Pick<Shop, 'defaultTaxRateId'> | Record<string, never>> {
    if (rateId === undefined) return {};
    if (rateId === null) return { defaultTaxRateId: null };
    const rate = await manager.findOneBy(TaxRate, { id: rateId, shopId });
    if (!rate) throw new BadRequestException(`defaultTaxRateId: tax rate ${rateId} is not a rate of this shop`);
    if (rate.archived) throw new BadRequestException(`defaultTaxRateId: tax rate ${rate.name} is archived`);
    return { defaultTaxRateId: rate.id };
  }

  async admins(shopId: string): Promise<ShopAdminDto[]> {
    const manager = this.dataSource.manager;
    const grants = await this.shops.adminsOf(manager, shopId);
    const people = new Map((await this.users.findByIds(manager, grants.map((grant) => grant.userId))).map((user) => [user.id, user]));
    return grants.flatMap((grant) => {
      const user = people.get(grant.userId);
      return user
        ? [{ userId: user.id, name: user.name, email: user.email, role: user.role, homeShopId: user.shopId, grantedBy: grant.grantedBy, grantedAt: grant.createdAt.toISOString() }]
        : [];
    });
  }

  /**
   * Lets another ADMIN manage this shop. The grantee must be an active ADMIN of a shop the
   * granting ADMIN manages too, so nobody can reach out to users of shops they cannot see.
   */
  async grant(actor: AuthenticatedUser, shopId: string, userId: string): Promise<ShopAdminDto[]> {
    const user = await this.users.findById(this.dataSource.manager, userId);
    if (!user || !actor.shopIds.includes(user.shopId)) throw new NotFoundException(`user ${userId} not found in your shops`);
    if (user.role !== 'ADMIN' || !user.active) throw new ForbiddenException('only an active ADMIN can be granted a shop');
    if (user.shopId !== shopId) await this.shops.grantAdmin(this.dataSource.manager, shopId, userId, actor.userId);
    return this.admins(shopId);
  }

  async revoke(shopId: string, userId: string): Promise<ShopAdminDto[]> {
    if (!(await this.shops.revokeAdmin(this.dataSource.manager, shopId, userId))) {
      throw new NotFoundException(`user ${userId} has no grant on this shop`);
    }
    return this.admins(shopId);
  }
}
