import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Role } from '@seri/shared';
import { DeviceAuthGuard } from '../devices/device-auth.guard';
import { AccessTokensService } from './access-tokens.service';
import { AuthService } from './auth.service';
import { IS_PUBLIC_KEY, MANAGER_ROLES, ROLES_KEY } from './auth.decorators';
import type { UserRequest } from './authenticated-user';

const BEARER = /^Bearer\s+([A-Za-z0-9_\-.]{16,4096})$/i;

/**
 * The guard on every HTTP route (registered globally). A route is either public (login,
 * refresh, health, enrollment), a device route (guarded by DeviceAuthGuard: the terminal's
 * token is checked there), or needs a valid access JWT of an active user whose role the
 * route allows (managers and admins unless the route says otherwise). A `:shopId` in the
 * path must be one of the caller's shops (I9): 403 otherwise, before any handler runs.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokensService,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // WebSocket gateways and other transports carry their own guards.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (routeAccess(targets) !== 'user') return true;

    const request = context.switchToHttp().getRequest<UserRequest>();
    const header = request.headers['authorization'];
    const match = typeof header === 'string' ? BEARER.exec(header.trim()) : null;
    if (!match?.[1]) throw new UnauthorizedException('an access token is required (Authorization: Bearer <token>)');
    const claims = await this.tokens.verify(match[1]);
    if (!claims) throw new UnauthorizedException('the access token is invalid or expired');
    const user = await this.auth.principal(claims);
    if (!user) throw new UnauthorizedException('the access token no longer grants access (user disabled or logged out)');
    request.user = user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? MANAGER_ROLES;
    if (!roles.includes(user.role)) throw new ForbiddenException(`this needs the role ${roles.join(' or ')}; you are ${user.role}`);

    const shopId = request.params['shopId'];
    if (shopId !== undefined && !user.shopIds.includes(shopId.toLowerCase())) {
      throw new ForbiddenException('this shop is not one of yours');
    }
    return true;
  }
}

/** Who may call a route: anyone, a terminal with its device token, or a user with an access token. */
export type RouteAccess = 'public' | 'device' | 'user';

/**
 * The one reading of a route's access metadata (handler first, then its controller), used by
 * this guard and by the OpenAPI document's security requirements, so the two cannot differ.
 */
export function routeAccess(targets: readonly object[]): RouteAccess {
  const isPublic = targets.map((target): unknown => Reflect.getMetadata(IS_PUBLIC_KEY, target)).find((value) => value !== undefined);
  if (isPublic === true) return 'public';
  return usesDeviceAuth(targets) ? 'device' : 'user';
}

function usesDeviceAuth(targets: readonly object[]): boolean {
  return targets.some((target) => {
    const guards: unknown = Reflect.getMetadata(GUARDS_METADATA, target);
    return Array.isArray(guards) && guards.includes(DeviceAuthGuard);
  });
}
