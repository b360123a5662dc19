import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { isUuid, uuidv7, type Role } from '@seri/shared';

/** Access tokens live 15 minutes: a disabled user or a revoked login stops working soon after. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const JWT_ISSUER = 'seri-backend';
export const JWT_AUDIENCE = 'seri-admin-api';
export const JWT_ALGORITHM = 'HS256';

export interface AccessClaims {
  sub: string;
  role: Role;
  /** Refresh family of the login this token came from. */
  sid: string;
  use: 'access';
}

/**
 * Signs and checks access JWTs. Verification pins the algorithm (HS256), issuer and
 * audience: `alg: none`, another algorithm, a changed byte or an expired token all fail.
 */
@Injectable()
export class AccessTokensService {
  constructor(private readonly jwt: JwtService) {}

  sign(userId: string, role: Role, familyId: string): Promise<string> {
    const claims: AccessClaims = { sub: userId, role, sid: familyId, use: 'access' };
    return this.jwt.signAsync(claims, { jwtid: uuidv7() });
  }

  /** The claims of a valid access token, or null for anything else. */
  async verify(token: string): Promise<AccessClaims | null> {
    try {
      const claims = await this.jwt.verifyAsync<Partial<AccessClaims>>(token);
      if (claims.use !== 'access' || !isUuid(claims.sub) || !isUuid(claims.sid)) return null;
      return claims as AccessClaims;
    } catch {
      return null;
    }
  }
}
