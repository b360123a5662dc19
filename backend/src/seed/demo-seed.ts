import { Injectable, Logger } from '@nestjs/common';
import type { Change, Role } from '@seri/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { ProductApplier } from '../catalog/product.applier';
import { Product } from '../catalog/product.entity';
import { DevicesService } from '../devices/devices.service';
import { toShopRecord } from '../shops/shop.mapper';
import { ShopsService } from '../shops/shops.service';
import { StockLedgerService } from '../stock/stock-ledger.service';
import { ChangeFeedService } from '../sync/change-feed.service';
import { ServerClock } from '../sync/server-clock';
import { toUserRecord } from '../users/user.mapper';
import { UsersService } from '../users/users.service';
import { DEMO_PRODUCTS, demoUuid } from './demo-catalog';

export interface DemoPerson {
  id: string;
  name: string;
  pin: string;
}

/** A demo person who can also log in to the admin API. */
export interface DemoLogin extends DemoPerson {
  email: string;
  password: string;
}

/** What a developer needs to try the demo shop (printed by `npm start`). */
export interface DemoShopInfo {
  shopId: string;
  shopName: string;
  enrollmentCode: string;
  manager: DemoPerson;
  cashiers: DemoPerson[];
  productCount: number;
  /** Admin API logins (POST /api/auth/login): the manager, and an ADMIN of the demo shop. */
  logins: { manager: DemoLogin | null; admin: DemoLogin | null };
}

export const DEMO_ENROLLMENT_CODE = 'DEMO-SHOP';
export const DEMO_SHOP = { id: demoUuid('shop'), name: 'Boutique Seri — Démo', currency: 'XOF', locale: 'fr-SN' } as const;
// Demo passwords are public on purpose (printed at start): a real shop's people set their own.
const DEMO_PEOPLE: readonly (DemoPerson & { role: Role; email?: string; password?: string })[] = [
  { id: demoUuid('user:manager'), name: 'Awa Diop', pin: '9999', role: 'MANAGER', email: 'awa@seri.demo', password: 'seri-demo-manager' },
  { id: demoUuid('user:cashier-1'), name: 'Moussa Ndiaye', pin: '1111', role: 'CASHIER' },
  { id: demoUuid('user:cashier-2'), name: 'Fatou Sow', pin: '2222', role: 'CASHIER' },
  { id: demoUuid('user:admin'), name: 'Ibrahima Fall', pin: '8888', role: 'ADMIN', email: 'admin@seri.demo', password: 'seri-demo-admin' },
];
/** The demo's opening stock is dated at the epoch of the demo, not "now", so every seed is identical. */
const OPENING_DATE = new Date('2025-01-01T08:00:00.000Z');

/**
 * Seeds the demo shop on an empty database, through the same appliers and change feed as
 * the sync, so a fresh terminal's first pulls download the shop, its people, the
 * catalogue and the opening stock.
 */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    private readonly dataSource: DataSource,
    private readonly shops: ShopsService,
    private readonly users: UsersService,
    private readonly devices: DevicesService,
    private readonly products: ProductApplier,
    private readonly ledger: StockLedgerService,
    private readonly feed: ChangeFeedService,
    private readonly clock: ServerClock,
  ) {}

  /** Seeds when the database has no shop yet; then reads the demo back (null if there is none). */
  async seedIfEmpty(): Promise<DemoShopInfo | null> {
    const seeded = await this.dataSource.transaction(async (manager) => {
      // Two instances starting together on one database: the second waits, then sees the shop.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['seri:demo-seed']);
      if ((await this.shops.count(manager)) > 0) return false;
      await this.seed(manager);
      return true;
    });
    if (seeded) this.logger.log(`demo shop seeded with ${DEMO_PRODUCTS.length} products`);
    else await this.ensureDemoLogins();
    const demo = await this.readDemo();
    for (const login of [demo?.logins.manager, demo?.logins.admin]) {
      if (login) this.logger.log(`admin API login (demo): ${login.email} / ${login.password} — ${login.name}; docs at /api/docs`);
    }
    return demo;
  }

  /**
   * A demo database seeded before the admin API existed gets its admin logins: the
   * manager's email and password, and the demo ADMIN, through the feed like any user change.
   */
  private async ensureDemoLogins(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['seri:demo-seed']);
      const code = await this.devices.findEnrollmentCode(manager, DEMO_ENROLLMENT_CODE);
      if (!code || code.shopId !== DEMO_SHOP.id) return;
      const existing = new Map((await this.users.findInShop(manager, DEMO_SHOP.id, DEMO_PEOPLE.map((person) => person.id))).map((user) => [user.id, user]));
      const changes: Change[] = [];
      for (const person of DEMO_PEOPLE) {
        if (!person.email || !person.password) continue;
        const user = existing.get(person.id);
        if (user && user.email !== null) continue;
        // Someone else took the address meanwhile: leave the demo without that login.
        if (await this.users.findByEmail(manager, person.email)) continue;
        const saved = user
          ? await this.users.setLogin(manager, user.id, person.email, person.password)
          : await this.users.create(manager, { ...person, shopId: DEMO_SHOP.id });
        changes.push({ entity: 'user', entityId: saved.id, op: 'upsert', data: toUserRecord(saved) });
      }
      await this.feed.append(manager, DEMO_SHOP.id, changes);
    });
  }

  async readDemo(): Promise<DemoShopInfo | null> {
    const manager = this.dataSource.manager;
    const code = await this.devices.findEnrollmentCode(manager, DEMO_ENROLLMENT_CODE);
    if (!code) return null;
    const shop = await this.shops.findById(manager, code.shopId);
    if (!shop) return null;
    const people = await this.users.findInShop(manager, shop.id, DEMO_PEOPLE.map((person) => person.id));
    const byId = new Map(people.map((user) => [user.id, user]));
    const present = DEMO_PEOPLE.filter((person) => byId.has(person.id)).map((person) => ({
      id: person.id,
      name: byId.get(person.id)!.name,
      pin: person.pin,
      role: byId.get(person.id)!.role,
    }));
    const shopManager = present.find((person) => person.role === 'MANAGER');
    if (!shopManager) return null;
    const login = (role: Role): DemoLogin | null => {
      const person = DEMO_PEOPLE.find((candidate) => candidate.role === role);
      const user = person ? byId.get(person.id) : undefined;
      return person?.email && person.password && user?.email === person.email
        ? { id: person.id, name: user.name, pin: person.pin, email: person.email, password: person.password }
        : null;
    };
    return {
      shopId: shop.id,
      shopName: shop.name,
      enrollmentCode: code.code,
      manager: { id: shopManager.id, name: shopManager.name, pin: shopManager.pin },
      cashiers: present.filter((person) => person.role === 'CASHIER').map(({ id, name, pin }) => ({ id, name, pin })),
      productCount: await manager.count(Product, { where: { shopId: shop.id } }),
      logins: { manager: login('MANAGER'), admin: login('ADMIN') },
    };
  }

  private async seed(manager: EntityManager): Promise<void> {
    const shop = await this.shops.create(manager, { ...DEMO_SHOP });
    const changes: Change[] = [{ entity: 'shop', entityId: shop.id, op: 'upsert', data: toShopRecord(shop) }];
    for (const person of DEMO_PEOPLE) {
      const user = await this.users.create(manager, { ...person, shopId: shop.id });
      changes.push({ entity: 'user', entityId: user.id, op: 'upsert', data: toUserRecord(user) });
    }
    await this.devices.createEnrollmentCode(manager, { code: DEMO_ENROLLMENT_CODE, shopId: shop.id, usesLeft: null, expiresAt: null });

    const managerId = DEMO_PEOPLE[0]!.id;
    const hlc = this.clock.tick();
    for (const product of DEMO_PRODUCTS) {
      const { openingStock: _openingStock, ...payload } = product;
      const effect = await this.products.create(
        { manager, opId: demoUuid(`op:${product.id}`), shopId: shop.id, deviceId: '', userId: managerId, hlc },
        payload,
      );
      changes.push(...effect.changes);
    }
    changes.push(
      ...(await this.ledger.record(
        manager,
        DEMO_PRODUCTS.map((product) => ({
          id: demoUuid(`opening:${product.id}`),
          shopId: shop.id,
          productId: product.id,
          type: 'OPENING' as const,
          quantity: product.openingStock,
          saleId: null,
          deviceId: null,
          userId: managerId,
          note: 'Stock d’ouverture (démo)',
          createdAt: OPENING_DATE,
        })),
      )),
    );
    await this.feed.append(manager, shop.id, changes);
  }
}
