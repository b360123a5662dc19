import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { uuidv7 } from '@seri/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { hashPassword } from '../auth/passwords';
import { RefreshTokensService } from '../auth/refresh-tokens.service';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../common/pg-errors';
import { ChangeFeedService } from '../sync/change-feed.service';
import type { CreateUserDto, UpdateUserDto, UserDto, UserListQueryDto } from './dto/admin-user.dto';
import { User } from './user.entity';
import { toUserRecord } from './user.mapper';
import { hashPin, normalizeEmail, UsersService } from './users.service';

function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    shopId: user.shopId,
    name: user.name,
    role: user.role,
    active: user.active,
    email: user.email,
    hasPin: user.pinHash !== null,
    hasPassword: user.passwordHash !== null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

/**
 * The shop's people, managed from the admin API. Every change is appended to the shop's
 * change feed in the same transaction, so terminals get the user (and, for main only, the
 * new PIN hash) at their next pull and cashiers can log in offline with it.
 */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly feed: ChangeFeedService,
    private readonly refreshTokens: RefreshTokensService,
  ) {}

  async list(shopId: string, query: UserListQueryDto): Promise<UserDto[]> {
    const users = await this.users.listInShop(this.dataSource.manager, shopId);
    return users
      .filter((user) => (query.role === undefined || user.role === query.role) && (query.includeDisabled !== false || user.active))
      .map(toUserDto);
  }

  async get(shopId: string, userId: string): Promise<UserDto> {
    return toUserDto(await this.find(this.dataSource.manager, shopId, userId));
  }

  async create(actor: AuthenticatedUser, shopId: string, body: CreateUserDto): Promise<UserDto> {
    if (body.role === 'ADMIN' && actor.role !== 'ADMIN') throw new ForbiddenException('only an ADMIN can create an ADMIN');
    if (body.password !== undefined && body.email === undefined) throw new BadRequestException('password needs an email to log in with');
    return this.write(async (manager) => {
      await this.checkEmailFree(manager, body.email ?? null, null);
      return this.users.create(manager, {
        id: uuidv7(),
        shopId,
        name: body.name,
        role: body.role,
        pin: body.pin ?? null,
        email: body.email ?? null,
        password: body.password ?? null,
      });
    });
  }

  async update(actor: AuthenticatedUser, shopId: string, userId: string, body: UpdateUserDto): Promise<UserDto> {
    return this.write(async (manager) => {
      const user = await this.findForChange(manager, actor, shopId, userId);
      if (body.role !== undefined && body.role !== user.role) {
        if (user.id === actor.userId) throw new ForbiddenException('you cannot change your own role');
        if (body.role === 'ADMIN' && actor.role !== 'ADMIN') throw new ForbiddenException('only an ADMIN can make someone an ADMIN');
      }
      const fields: Partial<User> = {};
      if (body.name !== undefined) fields.name = body.name;
      if (body.role !== undefined) fields.role = body.role;
      if (body.email !== undefined) {
        const email = body.email === null ? null : normalizeEmail(body.email);
        await this.checkEmailFree(manager, email, user.id);
        fields.email = email;
        // No email, no password login: drop the password and end the sessions that used it.
        if (email === null) {
          fields.passwordHash = null;
          await this.refreshTokens.revokeAllOf(manager, user.id, 'email removed');
        }
      }
      if (Object.keys(fields).length > 0) await manager.update(User, { id: user.id }, fields);
      return manager.findOneByOrFail(User, { id: user.id });
    });
  }

  /** A new PIN: hashed here, delivered to terminals (main only) with the user's next feed row. */
  async resetPin(actor: AuthenticatedUser, shopId: string, userId: string, pin: string): Promise<UserDto> {
    const pinHash = await hashPin(pin);
    return this.write(async (manager) => {
      const user = await this.findForChange(manager, actor, shopId, userId);
      await manager.update(User, { id: user.id }, { pinHash });
      return manager.findOneByOrFail(User, { id: user.id });
    });
  }

  /** Sets the admin-API password and ends the user's current logins. */
  async setPassword(actor: AuthenticatedUser, shopId: string, userId: string, password: string): Promise<UserDto> {
    const passwordHash = await hashPassword(password);
    return this.write(async (manager) => {
      const user = await this.findForChange(manager, actor, shopId, userId);
      if (user.email === null) throw new BadRequestException('set an email for this user first: the password logs in with it');
      await manager.update(User, { id: user.id }, { passwordHash });
      await this.refreshTokens.revokeAllOf(manager, user.id, 'password changed');
      return manager.findOneByOrFail(User, { id: user.id });
    });
  }

  /**
   * A disabled user can no longer log in anywhere: the admin API at once (sessions revoked,
   * the guard reads `active`), terminals at their next pull. Their past sales stay theirs.
   */
  async setActive(actor: AuthenticatedUser, shopId: string, userId: string, active: boolean): Promise<UserDto> {
    return this.write(async (manager) => {
      const user = await this.findForChange(manager, actor, shopId, userId);
      if (!active && user.id === actor.userId) throw new ForbiddenException('you cannot disable yourself');
      await manager.update(User, { id: user.id }, { active });
      if (!active) await this.refreshTokens.revokeAllOf(manager, user.id, 'user disabled');
      return manager.findOneByOrFail(User, { id: user.id });
    });
  }

  /** Runs a change and appends the user's new state to the feed, in one transaction. */
  private async write(change: (manager: EntityManager) => Promise<User>): Promise<UserDto> {
    try {
      const user = await this.dataSource.transaction(async (manager) => {
        const saved = await change(manager);
        await this.feed.append(manager, saved.shopId, [{ entity: 'user', entityId: saved.id, op: 'upsert', data: toUserRecord(saved) }]);
        return saved;
      });
      return toUserDto(user);
    } catch (error) {
      // Two managers giving the same email at once: the unique index decides.
      if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) throw new ConflictException('this email is already used by another user');
      throw error;
    }
  }

  private async find(manager: EntityManager, shopId: string, userId: string): Promise<User> {
    const user = await manager.findOneBy(User, { id: userId, shopId });
    if (!user) throw new NotFoundException(`user ${userId} not found in this shop`);
    return user;
  }

  /** A manager changes the shop's cashiers and managers; only an ADMIN changes an ADMIN. */
  private async findForChange(manager: EntityManager, actor: AuthenticatedUser, shopId: string, userId: string): Promise<User> {
    const user = await manager.findOne(User, { where: { id: userId, shopId }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw new NotFoundException(`user ${userId} not found in this shop`);
    if (user.role === 'ADMIN' && actor.role !== 'ADMIN') throw new ForbiddenException('only an ADMIN can change an ADMIN');
    return user;
  }

  private async checkEmailFree(manager: EntityManager, email: string | null, exceptUserId: string | null): Promise<void> {
    if (email === null) return;
    const owner = await this.users.findByEmail(manager, email);
    if (owner && owner.id !== exceptUserId) throw new ConflictException('this email is already used by another user');
  }
}
