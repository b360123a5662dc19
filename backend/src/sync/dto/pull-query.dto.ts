import { DEFAULT_PULL_LIMIT, INITIAL_CURSOR, MAX_PULL_LIMIT, PULL_SCOPES, type PullScope } from '@seri/shared';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
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

  /** A fresh terminal's two-pass bootstrap (I12): `state`, then `history` up to `until`. */
  @IsOmittable()
  @IsIn(PULL_SCOPES, { message: `scope must be one of ${PULL_SCOPES.join(', ')}` })
  scope: PullScope = 'all';

  @IsOmittable()
  @Matches(/^(0|\d{1,20}:\d{1,20})$/, { message: 'until must be "0" or a cursor' })
  until?: string;
}
