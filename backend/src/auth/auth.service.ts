import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { isUuid, type Role } from '@seri/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { UsersService } from '../users/users.service';
import { ACCESS_TOKEN_TTL_SECONDS, AccessTokensService, type AccessClaims } from './access-tokens.service';
import type { AuthenticatedUser } from './authenticated-user';
import type { MeDto, TokenPairDto } from './dto/auth.dto';
import { passwordMatches } from './passwords';
import { RefreshTokensService, type IssuedRefreshToken } from './refresh-tokens.service';

const BAD_LOGIN = 'email or password is incorrect';
const BAD_REFRESH = 'the refresh token is not valid; log in again';

interface PrincipalRow {
  id: string;
  name: string;
  role: Role;
  shop_id: string;
  active: boolean;
  live: boolean;
  granted: string[] | null;
}

/**
 * Manager and admin login: password → short-lived access JWT + a refresh token that works
 * once. Cashiers log in at the terminal with their PIN (checked offline in main); they
 * reach the admin API only if a manager gave them a password, and then only /api/auth/me.
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly accessTokens: AccessTokensService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly audit: AuditService,
  ) {}

  async login(email: string, password: string, ip: string | null): Promise<TokenPairDto> {
    const user = await this.users.findByEmail(this.dataSource.manager, email);
    const matches = await passwordMatches(password, user?.passwordHash ?? null);
    if (!user || !matches || !user.active) {
      if (user) {
        await this.audit.record({ shopId: user.shopId, userId: user.id, action: 'auth.login.failed', ip, details: { reason: matches ? 'disabled' : 'password' } });
      }
      throw new UnauthorizedException(BAD_LOGIN);
    }
    const refresh = await this.dataSource.transaction(async (manager) => {
      const issued = await this.refreshTokens.issue(manager, user.id);
      await this.audit.record({ shopId: user.shopId, userId: user.id, action: 'auth.login', ip, details: { family: issued.familyId } }, manager);
      return issued;
    });
    return this.pair(user.id, user.role, refresh);
  }

  async refresh(token: string, ip: string | null): Promise<TokenPairDto> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const rotated = await this.refreshTokens.rotate(manager, token);
      if (rotated.status === 'reused') {
        const user = await this.users.findById(manager, rotated.userId);
        await this.audit.record(
          { shopId: user?.shopId ?? null, userId: rotated.userId, action: 'auth.refresh.reuse', ip, details: { family: rotated.familyId } },
          manager,
        );
      }
      return rotated;
    });
    if (outcome.status === 'reused') this.logger.warn(`refresh token reused: family ${outcome.familyId} of user ${outcome.userId} revoked`);
    if (outcome.status !== 'rotated') throw new UnauthorizedException(BAD_REFRESH);
    const user = await this.users.findById(this.dataSource.manager, outcome.userId);
    if (!user?.active || user.passwordHash === null) {
      await this.refreshTokens.revokeFamily(this.dataSource.manager, outcome.next.familyId, 'user disabled');
      throw new UnauthorizedException(BAD_REFRESH);
    }
    return this.pair(user.id, user.role, outcome.next);
  }

  /** Ends the login the refresh token belongs to (every token of its family). Unknown tokens are ignored. */
  async logout(token: string): Promise<void> {
    const row = await this.refreshTokens.familyOf(this.dataSource.manager, token);
    if (row) await this.refreshTokens.revokeFamily(this.dataSource.manager, row.familyId, 'logout');
  }

  /**
   * The caller of a verified access token, read fresh from the database on every request:
   * a disabled user, a changed role or a revoked login takes effect at once.
   */
  async principal(claims: AccessClaims): Promise<AuthenticatedUser | null> {
    const [row] = await this.dataSource.query<PrincipalRow[]>(
      `SELECT u.id, u.name, u.role, u.shop_id, u.active,
              EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = $2 AND r.user_id = u.id AND r.revoked_at IS NULL) AS live,
              (SELECT array_agg(a.shop_id::text ORDER BY a.shop_id) FROM shop_admins a WHERE a.user_id = u.id) AS granted
         FROM users u WHERE u.id = $1`,
      [claims.sub, claims.sid],
    );
    if (!row || !row.active || !row.live) return null;
    // Grants count only while the user is an ADMIN: demoting one takes their other shops away.
    const granted = row.role === 'ADMIN' ? (row.granted ?? []).filter(isUuid) : [];
    return { userId: row.id, name: row.name, role: row.role, homeShopId: row.shop_id, shopIds: [row.shop_id, ...granted.filter((id) => id !== row.shop_id)] };
  }

  me(user: AuthenticatedUser): MeDto {
    return { userId: user.userId, name: user.name, role: user.role, homeShopId: user.homeShopId, shopIds: [...user.shopIds] };
  }

  private async pair(userId: string, role: Role, refresh: IssuedRefreshToken): Promise<TokenPairDto> {
    return {
      accessToken: await this.accessTokens.sign(userId, role, refresh.familyId),
      tokenType: 'Bearer',
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      refreshToken: refresh.token,
      refreshExpiresAt: refresh.expiresAt.toISOString(),
    };
  }
}
