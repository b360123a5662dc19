import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { IsOmittable } from '@seri/shared/dto';

export class DeviceReportViewDto {
  @ApiProperty({ format: 'date-time' }) reportedAt: string;
  @ApiProperty({ type: String, nullable: true, example: '7391:42' }) cursor: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Feed changes the terminal has not pulled yet (counted up to 100000).' })
  cursorLag: number | null;
  @ApiProperty({ description: 'Ops waiting in the terminal’s queue.' }) pending: number;
  @ApiProperty({ type: Number, nullable: true }) rejected: number | null;
  @ApiProperty({ type: Number, nullable: true }) oldestPendingMs: number | null;
  @ApiProperty({ type: String, nullable: true }) appVersion: string | null;
}

export class TerminalDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) shopId: string;
  @ApiProperty({ example: 'Caisse 1' }) name: string;
  @ApiProperty({ example: 'T01' }) terminalCode: string;
  @ApiProperty({ format: 'date-time' }) enrolledAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSeenAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) revokedBy: string | null;
  @ApiProperty({ type: DeviceReportViewDto, nullable: true, description: 'What the terminal last reported (POST /api/devices/report).' })
  report: DeviceReportViewDto | null;
}

export class EnrollmentCodeDto {
  @ApiProperty({ example: '7KQ4-M2XD-9PHT' }) code: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Enrollments left; null means reusable (the demo code).' }) usesLeft: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export const DEFAULT_CODE_LIFETIME_MINUTES = 24 * 60;

export class CreateEnrollmentCodeDto {
  @ApiPropertyOptional({ minimum: 5, maximum: 7 * 24 * 60, default: DEFAULT_CODE_LIFETIME_MINUTES, description: 'Minutes the code stays usable.' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(7 * 24 * 60)
  expiresInMinutes?: number;
}
