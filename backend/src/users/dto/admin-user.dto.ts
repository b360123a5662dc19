import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@seri/shared';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsStorablePassword } from '../../auth/dto/password.validator';
import { IsOmittable } from '@seri/shared/dto';

const PIN = /^\d{4,8}$/;
const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) shopId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ description: 'A PIN is set (terminal login).' }) hasPin: boolean;
  @ApiProperty({ description: 'A password is set (admin API login).' }) hasPassword: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'Moussa Ndiaye' }) @Transform(trim) @IsString() @Length(1, 100) name: string;
  @ApiProperty({ enum: ROLES, description: 'Only an ADMIN can create an ADMIN.' }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ example: '1234', description: '4 to 8 digits; terminals check it offline.' })
  @IsOmittable()
  @Matches(PIN, { message: 'pin must be 4 to 8 digits' })
  pin?: string;
  @ApiPropertyOptional({ example: 'moussa@example.sn' }) @IsOmittable() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254) email?: string;
  @ApiPropertyOptional({ description: 'Admin API password (needs an email).' }) @IsOmittable() @IsString() @IsStorablePassword() password?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOmittable() @Transform(trim) @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOmittable() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null removes the admin API login.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string | null;
}

export class ResetPinDto {
  @ApiProperty({ example: '4821', description: '4 to 8 digits.' }) @Matches(PIN, { message: 'pin must be 4 to 8 digits' }) pin: string;
}

export class SetPasswordDto {
  @ApiProperty({ description: '8 characters to 72 bytes.' }) @IsString() @IsStorablePassword() password: string;
}

export class UserListQueryDto {
  @ApiPropertyOptional({ enum: ROLES }) @IsOmittable() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ description: 'Include disabled users (default true).' })
  @IsOmittable()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeDisabled?: boolean;
}
