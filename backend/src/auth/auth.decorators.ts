import { SetMetadata, createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@seri/shared';
import type { AuthenticatedUser, UserRequest } from './authenticated-user';

export const IS_PUBLIC_KEY = 'seri:public';
export const ROLES_KEY = 'seri:roles';

/** Managers and admins: what every admin route needs unless it says otherwise. */
export const MANAGER_ROLES: readonly Role[] = ['MANAGER', 'ADMIN'];
export const ANY_ROLE: readonly Role[] = ['CASHIER', 'MANAGER', 'ADMIN'];

/**
 * Opts a route out of the user guard. Only login, refresh, logout, health and enrollment
 * use it; device routes are recognised by their DeviceAuthGuard instead.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/** The roles allowed on a route; without it a route is for managers and admins. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** The user the access guard resolved. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedUser => {
  const user = context.switchToHttp().getRequest<UserRequest>().user;
  if (!user) throw new UnauthorizedException('no authenticated user');
  return user;
});
