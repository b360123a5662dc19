import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@seri/shared';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { IsStorablePassword } from './password.validator';

export class LoginDto {
  @ApiProperty({ example: 'awa@seri.demo' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'seri-demo', description: '8 to 72 bytes.' })
  @IsString()
  @IsStorablePassword()
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token of the last login or refresh; each one works once.' })
  @IsString()
  @Length(16, 256)
  refreshToken: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'Short-lived JWT (HS256) for `Authorization: Bearer …`.' }) accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds the access token lives.', example: 900 }) expiresIn: number;
  @ApiProperty({ description: 'Opaque; trade it for a new pair at /api/auth/refresh. Works once.' }) refreshToken: string;
  @ApiProperty({ format: 'date-time' }) refreshExpiresAt: string;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid' }) homeShopId: string;
  @ApiProperty({ type: [String], description: 'Shops this user may manage.' }) shopIds: string[];
}
