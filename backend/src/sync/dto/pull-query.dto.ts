import { DEFAULT_PULL_LIMIT, INITIAL_CURSOR, MAX_PULL_LIMIT } from '@seri/shared';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { IsOmittable } from '@seri/shared/dto';

export class PullQueryDto {
  @IsOmittable()
  @Matches(/^(0|\d{1,20}:\d{1,20})$/, { message: 'cursor must be "0" or the cursor of the previous pull' })
  cursor: string = INITIAL_CURSOR;

  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PULL_LIMIT)
  limit: number = DEFAULT_PULL_LIMIT;
}
