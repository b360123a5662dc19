import { Injectable } from '@nestjs/common';
import type { Role, UserCredential } from '@seri/shared';
import bcrypt from 'bcryptjs';
import { In, type EntityManager } from 'typeorm';
import { hashPassword } from '../auth/passwords';
import { User } from './user.entity';

/** bcrypt cost for PINs: terminals check them offline in main with bcryptjs, so keep it quick. */
const PIN_HASH_ROUNDS = 10;

export interface NewUser {
  id: string;
  shopId: string;
  name: string;
  role: Role;
  pin: string | null;
  /** Admin-API login; both or neither. */
  email?: string | null;
  password?: string | null;
}

export function hashPin(pin: string): Promise<string> {
  return bcrypt.hash(pin, PIN_HASH_ROUNDS);
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

@Injectable()
export class UsersService {
  async create(manager: EntityManager, user: NewUser): Promise<User> {
    const pinHash = user.pin === null ? null : await hashPin(user.pin);
    const passwordHash = user.password ? await hashPassword(user.password) : null;
    return manager.save(
      manager.create(User, {
        id: user.id,
        shopId: user.shopId,
        name: user.name,
        role: user.role,
        pinHash,
        email: user.email ? normalizeEmail(user.email) : null,
        passwordHash,
        active: true,
      }),
    );
  }

  /**
   * Users who may act in this shop among `ids`: its own users, and ADMINs of other shops
   * granted this one. Ids of another shop or unknown are simply absent.
   */
  async findInShop(manager: EntityManager, shopId: string, ids: readonly string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    return manager
      .createQueryBuilder(User, 'u')
      .where('u.id IN (:...ids)', { ids: [...new Set(ids)] })
      .andWhere(
        `(u.shop_id = :shopId OR (u.role = 'ADMIN' AND EXISTS (SELECT 1 FROM shop_admins a WHERE a.user_id = u.id AND a.shop_id = :shopId)))`,
        { shopId },
      )
      .getMany();
  }

  async listInShop(manager: EntityManager, shopId: string): Promise<User[]> {
    return manager.find(User, { where: { shopId }, order: { name: 'ASC' } });
  }

  async findById(manager: EntityManager, id: string): Promise<User | null> {
    return manager.findOneBy(User, { id });
  }

  async findByIds(manager: EntityManager, ids: readonly string[]): Promise<User[]> {
    return ids.length === 0 ? [] : manager.find(User, { where: { id: In([...new Set(ids)]) } });
  }

  async findByEmail(manager: EntityManager, email: string): Promise<User | null> {
    return manager.findOneBy(User, { email: normalizeEmail(email) });
  }

  /** Gives a user an admin-API login (the demo's upgrade path; managers use the admin API). */
  async setLogin(manager: EntityManager, userId: string, email: string, password: string): Promise<User> {
    await manager.update(User, { id: userId }, { email: normalizeEmail(email), passwordHash: await hashPassword(password) });
    return manager.findOneByOrFail(User, { id: userId });
  }

  async credentials(manager: EntityManager, shopId: string, ids: readonly string[]): Promise<UserCredential[]> {
    const users = await this.findInShop(manager, shopId, ids);
    return users.map((user) => ({ userId: user.id, pinHash: user.pinHash }));
  }

  async pinMatches(user: User, pin: string): Promise<boolean> {
    return user.pinHash !== null && bcrypt.compare(pin, user.pinHash);
  }
}
