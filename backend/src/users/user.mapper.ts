import type { UserRecord } from '@seri/shared';
import type { User } from './user.entity';

/** The feed's view of a user: no PIN or password hash (those travel as credentials, to main only). */
export function toUserRecord(user: User): UserRecord {
  return { id: user.id, shopId: user.shopId, name: user.name, role: user.role, active: user.active };
}
