import type { Role } from '@seri/shared';

/** Who is calling the admin API, as the access guard resolved it from the JWT and the database. */
export interface AuthenticatedUser {
  userId: string;
  name: string;
  role: Role;
  /** The shop the user belongs to. */
  homeShopId: string;
  /** Every shop the user may act on: the home shop, plus the shops an ADMIN was granted. */
  shopIds: readonly string[];
}

export interface UserRequest {
  headers: Record<string, string | string[] | undefined>;
  params: Record<string, string | undefined>;
  user?: AuthenticatedUser;
}
