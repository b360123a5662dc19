import { Injectable } from '@nestjs/common';
import type { Role, UserCredential } from '@seri/shared';
import bcrypt from 'bcryptjs';
import { In, type EntityManager } from 'typeorm';
import { User } from './user.entity';

/** bcrypt cost for PINs: terminals check them offline in main with bcryptjs, so keep it quick. */
const PIN_HASH_ROUNDS = 10;

export interface NewUser {
  id: string;
  shopId: string;
  name: string;
  role: Role;
  pin: string | null;
}

@Injectable()
export class UsersService {
  async create(manager: EntityManager, user: NewUser): Promise<User> {
    const pinHash = user.pin === null ? null : await bcrypt.hash(user.pin, PIN_HASH_ROUNDS);
    return manager.save(
      manager.create(User, { id: user.id, shopId: user.shopId, name: user.name, role: user.role, pinHash, passwordHash: null, active: true }),
    );
  }

  /** Users of this shop among `ids`; ids of another shop or unknown are simply absent. */
  async findInShop(manager: EntityManager, shopId: string, ids: readonly string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    return manager.find(User, { where: { shopId, id: In([...new Set(ids)]) } });
  }

  async listInShop(manager: EntityManager, shopId: string): Promise<User[]> {
    return manager.find(User, { where: { shopId }, order: { name: 'ASC' } });
  }

  async credentials(manager: EntityManager, shopId: string, ids: readonly string[]): Promise<UserCredential[]> {
    const users = await this.findInShop(manager, shopId, ids);
    return users.map((user) => ({ userId: user.id, pinHash: user.pinHash }));
  }

  async pinMatches(user: User, pin: string): Promise<boolean> {
    return user.pinHash !== null && bcrypt.compare(pin, user.pinHash);
  }
}
