import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { APPROVAL_ACTIONS, type ApprovalAction, type IpcChannel } from '../ipc/channels';
import { RECEIPT_KINDS, RECEIPT_LIMITS, type ReceiptDocument, type ReceiptItem, type ReceiptKind, type ReceiptRow } from '../receipt/receipt';
import { MAX_OPS_PER_PUSH } from '../protocol/ops';
import { validateOp } from './op.dto';
import { validateAs, type Validated } from './validate';
import { IsOmittable } from './common';

class EnqueueShapeDto {
  @IsArray() @ArrayMaxSize(MAX_OPS_PER_PUSH) ops!: unknown[];
}

export class PagesDto {
  @IsOmittable() @IsInt() @Min(1) @Max(100) limit?: number;
  /** Only pages after this one: the renderer fetches the next batch while it applies the current one. */
  @IsOmittable() @IsInt() @Min(0) after?: number;
}

export class AckPagesDto {
  @IsInt() @Min(0) upToPageId!: number;
}

export class OpStatesDto {
  @IsArray() @ArrayMaxSize(5000) @IsUUID(undefined, { each: true }) opIds!: string[];
}

export class EnrollDto {
  @IsString() @Matches(/^https?:\/\/[^\s]+$/, { message: 'serverUrl must be an http(s) URL' }) @Length(1, 500) serverUrl!: string;
  @IsString() @Length(4, 64) code!: string;
  @IsString() @Length(1, 64) name!: string;
}

export class LoginDto {
  @IsUUID() userId!: string;
  @IsString() @Matches(/^\d{4,8}$/, { message: 'pin must be 4 to 8 digits' }) pin!: string;
}

export class TillActivityDto {
  @IsInt() @Min(0) @Max(100_000) cartLines!: number;
  @IsInt() @Min(0) @Max(10_000_000) outboxPending!: number;
  @IsBoolean() saleInProgress!: boolean;
}

export class ApproveDto {
  @IsUUID() userId!: string;
  @IsString() @Matches(/^\d{4,8}$/, { message: 'pin must be 4 to 8 digits' }) pin!: string;
  @IsIn(APPROVAL_ACTIONS) action!: ApprovalAction;
}

const TEXT = RECEIPT_LIMITS.text;

export class ReceiptItemDto implements ReceiptItem {
  @IsString() @Length(0, TEXT) name!: string;
  @IsString() @Length(0, TEXT) detail!: string;
  @IsString() @Length(0, TEXT) amount!: string;
}

export class ReceiptRowDto implements ReceiptRow {
  @IsString() @Length(0, TEXT) label!: string;
  @IsString() @Length(0, TEXT) value!: string;
  @IsOmittable() @IsBoolean() emphasis?: boolean;
}

export class ReceiptDocumentDto implements ReceiptDocument {
  @Matches(/^[A-Z0-9]{1,8}-[XZ]?\d{6,}$/, { message: 'number must look like T01-000123 (or T01-Z000001 for a Z report)' }) number!: string;
  @IsIn(RECEIPT_KINDS) kind!: ReceiptKind;
  @IsBoolean() copy!: boolean;
  @IsArray() @ArrayMaxSize(RECEIPT_LIMITS.lines) @IsString({ each: true }) @Length(0, TEXT, { each: true }) header!: string[];
  @IsArray() @ArrayMaxSize(RECEIPT_LIMITS.items) @ValidateNested({ each: true }) @Type(() => ReceiptItemDto) items!: ReceiptItemDto[];
  @IsArray() @ArrayMaxSize(RECEIPT_LIMITS.totals) @ValidateNested({ each: true }) @Type(() => ReceiptRowDto) totals!: ReceiptRowDto[];
  @IsArray() @ArrayMaxSize(RECEIPT_LIMITS.lines) @IsString({ each: true }) @Length(0, TEXT, { each: true }) footer!: string[];
}

export class PrintReceiptDto {
  @ValidateNested() @Type(() => ReceiptDocumentDto) receipt!: ReceiptDocumentDto;
}

export class ShowCustomerDisplayDto {
  @IsBoolean() enabled!: boolean;
  @ValidateIf((_, value) => value !== null) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) screenId!: number | null;
}

function noPayload(plain: unknown): Validated<undefined> {
  return plain === undefined || plain === null ? { ok: true, value: undefined } : { ok: false, errors: ['this channel takes no payload'] };
}

function validateEnqueue(plain: unknown): Validated<{ ops: unknown[] }> {
  const shape = validateAs(EnqueueShapeDto, plain);
  if (!shape.ok) return shape;
  const errors: string[] = [];
  const ops = shape.value.ops.map((op, index) => {
    const result = validateOp(op, `ops.${index}`);
    if (!result.ok) errors.push(...result.errors);
    return result.ok ? result.value : op;
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { ops } };
}

/** Main validates every renderer payload with these before a handler runs (QUALITY "Bad input"). */
export const IPC_VALIDATORS: { readonly [C in IpcChannel]: (plain: unknown) => Validated<unknown> } = {
  'sync:enqueue': validateEnqueue,
  'sync:status': noPayload,
  'sync:now': noPayload,
  'sync:pages': (plain) => validateAs(PagesDto, plain ?? {}),
  'sync:ack-pages': (plain) => validateAs(AckPagesDto, plain),
  'sync:op-states': (plain) => validateAs(OpStatesDto, plain),
  'sync:problems': noPayload,
  'device:info': noPayload,
  'device:enroll': (plain) => validateAs(EnrollDto, plain),
  'session:login': (plain) => validateAs(LoginDto, plain),
  'terminal:activity': (plain) => validateAs(TillActivityDto, plain),
  'update:status': noPayload,
  'session:approve': (plain) => validateAs(ApproveDto, plain),
  'receipt:print': (plain) => validateAs(PrintReceiptDto, plain),
  'display:screens': noPayload,
  'display:show': (plain) => validateAs(ShowCustomerDisplayDto, plain),
};

