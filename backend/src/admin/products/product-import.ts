import { PRODUCT_PRICINGS, type ProductPricing } from '@seri/shared';
import { IsMinorAmount, MAX_QUANTITY, validateAs } from '@seri/shared/dto';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { CsvError, parseCsv } from '../common/csv';
import { BARCODE } from './dto/product.dto';

export const MAX_IMPORT_ROWS = 5_000;
const IGNORED_COLUMNS = new Set(['id', 'stock', 'updatedAt', 'createdAt', 'hlc', 'shopId']);
const INTEGER = /^-?\d{1,16}$/;
const TRUE = new Set(['true', '1', 'yes', 'oui', 'y', 'o']);
const FALSE = new Set(['false', '0', 'no', 'non', 'n', '']);

/** One row after its cells were read: only the columns the file has. */
class ImportRowDto {
  @IsString() @Length(1, 64) sku: string;
  @IsOptional() @ValidateIf((_, value) => value !== null) @Matches(BARCODE, { message: 'barcode must be 4 to 64 letters, digits, dots or dashes' }) barcode?: string | null;
  @IsOptional() @IsString() @Length(1, 200) name?: string;
  @IsOptional() @IsMinorAmount() price?: number;
  @IsOptional() @ValidateIf((_, value) => value !== null) @IsMinorAmount() cost?: number | null;
  @IsOptional() @ValidateIf((_, value) => value !== null) @IsString() @Length(1, 100) category?: string | null;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_QUANTITY) lowStockThreshold?: number;
  @IsOptional() @IsBoolean() archived?: boolean;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_QUANTITY) openingStock?: number;
  /** A tax rate of the shop by its name; null: the shop's default rate. Resolved to `taxRateId` against the shop's rates. */
  @IsOptional() @ValidateIf((_, value) => value !== null) @IsString() @Length(1, 100) taxRate?: string | null;
  @IsOptional() @IsIn(PRODUCT_PRICINGS, { message: `pricing must be one of ${PRODUCT_PRICINGS.join(', ')}` }) pricing?: ProductPricing;
}

export type ImportRow = ImportRowDto & { line: number; taxRateId?: string | null };

/** Other spellings of a column, read as the column itself. */
const COLUMN_ALIASES: Readonly<Record<string, string>> = { tax_rate: 'taxRate' };

const COLUMNS: Readonly<Record<string, (cell: string) => unknown>> = {
  sku: (cell) => cell,
  barcode: (cell) => (cell === '' ? null : cell),
  // An empty name or price is "not given": kept for an existing product, missing for a new one.
  name: (cell) => (cell === '' ? undefined : cell),
  price: (cell) => (cell === '' ? undefined : integer(cell)),
  cost: (cell) => (cell === '' ? null : integer(cell)),
  category: (cell) => (cell === '' ? null : cell),
  lowStockThreshold: (cell) => (cell === '' ? 0 : integer(cell)),
  archived: (cell) => (TRUE.has(cell.toLowerCase()) ? true : FALSE.has(cell.toLowerCase()) ? false : cell),
  openingStock: (cell) => (cell === '' ? 0 : integer(cell)),
  taxRate: (cell) => (cell === '' ? null : cell),
  // Case aside, as a spreadsheet may write it; empty: by the unit.
  pricing: (cell) => (cell === '' ? 'UNIT' : cell.toUpperCase()),
};

/** A strict integer, or the text itself so validation names it ("price must be an integer amount"). */
function integer(cell: string): unknown {
  return INTEGER.test(cell) ? Number(cell) : cell;
}

/**
 * Reads the whole file before anything is written: every problem is reported with its line,
 * and a file with any problem changes nothing.
 */
export function readProductCsv(text: string): { rows: ImportRow[]; errors: string[]; fatal: boolean } {
  let parsed;
  try {
    parsed = parseCsv(text);
  } catch (error) {
    return { rows: [], errors: [error instanceof CsvError ? error.message : 'the file is not readable CSV'], fatal: true };
  }
  const errors: string[] = [];
  parsed.header = parsed.header.map((name) => COLUMN_ALIASES[name] ?? name);
  const unknown = parsed.header.filter((name) => !(name in COLUMNS) && !IGNORED_COLUMNS.has(name));
  if (unknown.length > 0) errors.push(`unknown column ${unknown.join(', ')} (expected ${Object.keys(COLUMNS).join(', ')})`);
  if (!parsed.header.includes('sku')) errors.push('the header must have a sku column');
  if (new Set(parsed.header).size !== parsed.header.length) errors.push('a column appears twice in the header');
  if (parsed.rows.length > MAX_IMPORT_ROWS) errors.push(`at most ${MAX_IMPORT_ROWS} rows per import, got ${parsed.rows.length}`);
  if (errors.length > 0) return { rows: [], errors, fatal: true };

  const rows: ImportRow[] = [];
  parsed.rows.forEach((cells, index) => {
    const line = index + 2;
    if (cells.length !== parsed.header.length) {
      errors.push(`line ${line}: ${cells.length} cells for ${parsed.header.length} columns`);
      return;
    }
    const plain: Record<string, unknown> = {};
    parsed.header.forEach((name, column) => {
      const read = COLUMNS[name];
      const value = read?.(cells[column]!.trim());
      if (value !== undefined) plain[name] = value;
    });
    const checked = validateAs(ImportRowDto, plain);
    if (!checked.ok) errors.push(...checked.errors.map((message) => `line ${line}: ${message}`));
    else rows.push({ ...(plain as unknown as ImportRowDto), line });
  });
  // Rows with bad cells are left out of `rows`; the caller still checks the good ones against each other and the shop.
  return { rows, errors, fatal: false };
}
