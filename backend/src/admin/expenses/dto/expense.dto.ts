import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ExpenseRecord } from '@seri/shared';
import { IsCalendarDay, IsMinorAmount, IsPlausibleDate, IsOmittable } from '@seri/shared/dto';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { PageInfoDto, PageQueryDto } from '../../common/page';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class ExpenseDto implements ExpenseRecord {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) shopId: string;
  @ApiProperty({ example: 'Transport' }) category: string;
  @ApiProperty({ example: 2500 }) amount: number;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ example: '2025-03-14', description: 'ISO 8601 date (or date-time), as entered.' }) date: string;
  @ApiProperty() deleted: boolean;
  @ApiProperty() hlc: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ExpensePageDto extends PageInfoDto {
  @ApiProperty({ type: [ExpenseDto] }) items: ExpenseDto[];
}

export class CreateExpenseDto {
  @ApiProperty({ example: 'Transport' }) @Transform(trim) @IsString() @Length(1, 100) category: string;
  @ApiProperty({ example: 2500 }) @IsMinorAmount() amount: number;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @ValidateIf((_, value) => value !== null) @IsString() @Length(0, 500) note?: string | null;
  @ApiProperty({ example: '2025-03-14', description: 'Between 2000 and two days from now.' }) @IsPlausibleDate() date: string;
}

export class UpdateExpenseDto {
  @ApiPropertyOptional() @IsOmittable() @Transform(trim) @IsString() @Length(1, 100) category?: string;
  @ApiPropertyOptional() @IsOmittable() @IsMinorAmount() amount?: number;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @ValidateIf((_, value) => value !== null) @IsString() @Length(0, 500) note?: string | null;
  @ApiPropertyOptional() @IsOmittable() @IsPlausibleDate() date?: string;
}

export class ExpenseListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2025-03-01', description: 'First day (inclusive).' }) @IsOmittable() @Matches(DAY, { message: 'from must be a YYYY-MM-DD date' }) @IsCalendarDay() from?: string;
  @ApiPropertyOptional({ example: '2025-03-31', description: 'Last day (inclusive).' }) @IsOmittable() @Matches(DAY, { message: 'to must be a YYYY-MM-DD date' }) @IsCalendarDay() to?: string;
  @ApiPropertyOptional() @IsOmittable() @IsString() @Length(1, 100) category?: string;
  @ApiPropertyOptional({ description: 'Include deleted expenses (default false).' })
  @IsOmittable()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeDeleted?: boolean;
}
