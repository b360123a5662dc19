import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsOmittable } from '@seri/shared/dto';

/**
 * What a terminal tells the server about itself after a sync round, so the admin API can
 * show a terminal that is falling behind: its pull cursor (the server turns it into a lag)
 * and its queue.
 */
export class DeviceReportDto {
  @ApiPropertyOptional({ description: 'The cursor of its last stored pull page ("0" before the first).', example: '7391:42' })
  @IsOmittable()
  @Matches(/^(0|\d{1,20}:\d{1,20})$/, { message: 'cursor must be "0" or a pull cursor' })
  cursor?: string;

  @ApiProperty({ description: 'Ops queued and not yet acknowledged by the server.', example: 3 })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  pending: number;

  @ApiPropertyOptional({ description: 'Ops the server rejected, waiting for a manager.', example: 0 })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  rejected?: number;

  @ApiPropertyOptional({ description: 'Age of the oldest pending op, in milliseconds.', example: 12000 })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(10 * 365 * 24 * 3600 * 1000)
  oldestPendingMs?: number;

  @ApiPropertyOptional({ example: '0.3.1' })
  @IsOmittable()
  @IsString()
  @Length(1, 40)
  appVersion?: string;
}
