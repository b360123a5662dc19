import { DEFAULT_PULL_LIMIT, INITIAL_CURSOR, MAX_PULL_LIMIT } from '@seri/shared';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class PullQueryDto {
  @IsOptional()
  @Matches(/^(0|\d{1,20}:\d{1,20})$/, { message: 'cursor must be "0" or the cursor of the previous pull' })
  cursor: string = INITIAL_CURSOR;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PULL_LIMIT)
  limit: number = DEFAULT_PULL_LIMIT;
}
