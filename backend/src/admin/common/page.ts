import { BadRequestException } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** `limit` and the opaque `cursor` of the previous page. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

export class PageInfoDto {
  @ApiProperty({ type: String, nullable: true, description: 'Pass it as `cursor` for the next page; null on the last page.' })
  nextCursor: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Keyset cursors: the sort key of the last row of a page, as base64url JSON of strings.
 * A cursor that does not decode to the expected number of strings is a client error.
 */
export function encodeCursor(keys: readonly string[]): string {
  return Buffer.from(JSON.stringify(keys), 'utf8').toString('base64url');
}

/** What each key of a cursor may be, checked before it reaches SQL (a forged cursor is a 400, not a cast error). */
export type CursorKey = (key: string) => boolean;

export const CURSOR_KEY = {
  // PostgreSQL text cannot hold NUL: a cursor with one was forged.
  text: (key: string) => key.length <= 300 && !key.includes('\u0000'),
  uuid: (key: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(key),
  integer: (key: string) => /^-?\d{1,18}$/.test(key),
  instant: (key: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(key),
} as const satisfies Record<string, CursorKey>;

export function decodeCursor(cursor: string | undefined, keys: readonly CursorKey[]): string[] | null {
  if (cursor === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== keys.length ||
    !parsed.every((key, index) => typeof key === 'string' && keys[index]!(key))
  ) {
    throw new BadRequestException('cursor must be the nextCursor of a previous page');
  }
  return parsed as string[];
}

export function pageSize(limit: number | undefined): number {
  return limit ?? DEFAULT_PAGE_SIZE;
}

/** Rows fetched with LIMIT size + 1: the extra row says there is a next page. */
export function toPage<R, T>(rows: readonly R[], size: number, map: (row: R) => T, key: (row: R) => readonly string[]): Page<T> {
  const items = rows.slice(0, size);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > size && last !== undefined ? encodeCursor(key(last)) : null };
}
