import { ApiProperty } from '@nestjs/swagger';
import {
  MAX_QUICK_KEY_PAGE_NAME,
  MAX_QUICK_KEY_PAGES,
  MAX_QUICK_KEYS_PER_PAGE,
  QUICK_KEY_COLORS,
  type QuickKeyColor,
  type QuickKeyPage,
} from '@seri/shared';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsString, IsUUID, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';

/** One page (tab) of quick keys; the same rules as the shared `QuickKeyPageDto` the push checks (named apart: the document's schema names must be unique). */
export class LayoutPageDto implements QuickKeyPage {
  @ApiProperty({ format: 'uuid', description: 'Chosen by the client (UUID), kept across edits.' }) @IsUUID() id: string;
  @ApiProperty({ example: 'Boulangerie' }) @IsString() @Length(1, MAX_QUICK_KEY_PAGE_NAME) @Matches(/\S/, { message: 'name must not be blank' }) name: string;
  @ApiProperty({ enum: QUICK_KEY_COLORS, nullable: true, description: 'Tile colour; null: the till’s default.' })
  @ValidateIf((_, value) => value !== null)
  @IsIn(QUICK_KEY_COLORS)
  color: QuickKeyColor | null;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Products of the shop, in the order the tiles show, each once.' })
  @IsArray()
  @ArrayMaxSize(MAX_QUICK_KEYS_PER_PAGE)
  @IsUUID(undefined, { each: true })
  productIds: string[];
}

export class PutQuickKeysDto {
  @ApiProperty({ type: [LayoutPageDto], description: 'The whole layout, pages in tab order; it replaces the current one.' })
  @IsArray()
  @ArrayMaxSize(MAX_QUICK_KEY_PAGES)
  // A page must be an object: class-validator would walk a nested array's items as pages and pass an empty one.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => LayoutPageDto)
  pages: LayoutPageDto[];
}

export class QuickKeyLayoutDto {
  @ApiProperty({ format: 'uuid' }) shopId: string;
  @ApiProperty({ type: [LayoutPageDto] }) pages: LayoutPageDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Stamp of the last accepted layout; null: never arranged (the till shows categories).' }) hlc: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt: string | null;
}
