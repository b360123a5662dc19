import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID, Matches } from 'class-validator';
import { PageInfoDto, PageQueryDto } from '../../admin/common/page';
import { IsOmittable, IsQueryInstant } from '@seri/shared/dto';

export class AuditEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Name of the user at the time of reading.' }) userName: string | null;
  @ApiProperty({ example: 'product.update' }) action: string;
  @ApiProperty({ type: String, nullable: true, example: 'PATCH' }) method: string | null;
  @ApiProperty({ type: String, nullable: true }) path: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The record acted on.' }) targetId: string | null;
  @ApiProperty({ type: Number, nullable: true }) statusCode: number | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The request body, secrets redacted; or the event’s particulars.' })
  details: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) ip: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AuditPageDto extends PageInfoDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
}

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOmittable() @IsUUID() userId?: string;
  @ApiPropertyOptional({ example: 'product.', description: 'Actions starting with this.' })
  @IsOmittable()
  @Matches(/^[a-z][a-z.-]{0,63}$/, { message: 'action must be an action name or its start, like product. or user.pin.reset' })
  action?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOmittable() @IsQueryInstant() from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOmittable() @IsQueryInstant() to?: string;
}
