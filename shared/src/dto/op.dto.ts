import 'reflect-metadata';
import type { ClassConstructor } from 'class-transformer';
import { Allow, ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsUUID, Max, Min } from 'class-validator';
import { OP_ENTITIES, OP_KINDS, OP_KINDS_BY_ENTITY, MAX_OPS_PER_PUSH, PROTOCOL_VERSION, type AnyOp, type OpEntity, type OpKind } from '../protocol/ops';
import type { PushRequest } from '../protocol/sync';
import { ExpenseCreateDto, ExpenseDeleteDto, ExpenseUpdateDto, ProductCreateDto, ProductUpdateDto, QuickKeysUpdateDto, StockMovementCreateDto, TaxRateCreateDto, TaxRateUpdateDto } from './catalog.dto';
import { quickKeyLayoutProblems } from '../quick-keys/quick-keys';
import { CashMovementDto, CashSessionCloseDto, CashSessionOpenDto, checkCloseArithmetic, checkOpenArithmetic } from './cash-session.dto';
import { IsHlcStamp } from './common';
import { SaleCreateDto, SaleRefundDto, SaleVoidDto, checkRefundArithmetic, checkSaleArithmetic } from './sale.dto';
import { validateAs, type Validated } from './validate';

/** The envelope; its payload is checked in a second pass against the DTO of its entity and kind. */
export class OpEnvelopeDto {
  @IsUUID() opId!: string;
  @IsUUID() deviceId!: string;
  @IsUUID() userId!: string;
  @IsUUID() shopId!: string;
  @IsIn(OP_ENTITIES) entity!: OpEntity;
  @IsIn(OP_KINDS) kind!: OpKind;
  @IsUUID() entityId!: string;
  @IsHlcStamp() hlc!: string;
  @IsObject() @Allow() payload!: Record<string, unknown>;
}

export class PushRequestShapeDto {
  @IsInt() @Min(1) @Max(PROTOCOL_VERSION + 100) protocolVersion!: number;
  @IsArray() @ArrayMaxSize(MAX_OPS_PER_PUSH) @Allow() ops!: unknown[];
}

export const OP_PAYLOAD_DTOS: { readonly [E in OpEntity]: Partial<Record<OpKind, ClassConstructor<object>>> } = {
  sale: { create: SaleCreateDto, void: SaleVoidDto, refund: SaleRefundDto },
  stock_movement: { create: StockMovementCreateDto },
  expense: { create: ExpenseCreateDto, update: ExpenseUpdateDto, delete: ExpenseDeleteDto },
  product: { create: ProductCreateDto, update: ProductUpdateDto },
  cash_session: { open: CashSessionOpenDto, movement: CashMovementDto, close: CashSessionCloseDto },
  tax_rate: { create: TaxRateCreateDto, update: TaxRateUpdateDto },
  quick_keys: { update: QuickKeysUpdateDto },
};

/** Which payload field holds the entity's own id, checked against the envelope's entityId. */
const ENTITY_ID_FIELD: Readonly<Record<OpEntity, Partial<Record<OpKind, string>>>> = {
  sale: { create: 'id', void: 'saleId', refund: 'saleId' },
  stock_movement: { create: 'id' },
  expense: { create: 'id', update: 'id', delete: 'id' },
  product: { create: 'id', update: 'id' },
  cash_session: { open: 'id', movement: 'sessionId', close: 'sessionId' },
  tax_rate: { create: 'id', update: 'id' },
  quick_keys: { update: 'shopId' },
};

/** Validates one op: envelope, then payload by entity and kind, then what DTOs cannot express. */
export function validateOp(plain: unknown, path = 'op'): Validated<AnyOp> {
  const envelope = validateAs(OpEnvelopeDto, plain, path);
  if (!envelope.ok) return envelope;
  const op = envelope.value;
  if (!OP_KINDS_BY_ENTITY[op.entity].includes(op.kind)) {
    return { ok: false, errors: [`${path}.kind ${op.kind} is not allowed for entity ${op.entity}`] };
  }
  const dto = OP_PAYLOAD_DTOS[op.entity][op.kind];
  if (!dto) return { ok: false, errors: [`${path}.kind ${op.kind} is not allowed for entity ${op.entity}`] };
  const payload = validateAs(dto, op.payload, `${path}.payload`);
  if (!payload.ok) return payload;
  const idField = ENTITY_ID_FIELD[op.entity][op.kind];
  const errors: string[] = [];
  if (idField && (payload.value as Record<string, unknown>)[idField] !== op.entityId) {
    errors.push(`${path}.entityId must equal payload.${idField}`);
  }
  if (op.entity === 'sale' && op.kind === 'create') {
    errors.push(...checkSaleArithmetic(payload.value as SaleCreateDto).map((problem) => `${path}.payload.${problem}`));
  }
  if (op.entity === 'sale' && op.kind === 'refund') {
    errors.push(...checkRefundArithmetic(payload.value as SaleRefundDto).map((problem) => `${path}.payload.${problem}`));
  }
  if (op.entity === 'cash_session' && op.kind === 'open') {
    errors.push(...checkOpenArithmetic(payload.value as CashSessionOpenDto).map((problem) => `${path}.payload.${problem}`));
  }
  if (op.entity === 'cash_session' && op.kind === 'close') {
    errors.push(...checkCloseArithmetic(payload.value as CashSessionCloseDto).map((problem) => `${path}.payload.${problem}`));
  }
  if (op.entity === 'quick_keys') {
    if (op.entityId !== op.shopId) errors.push(`${path}.entityId must be the shop's id (one layout per shop)`);
    errors.push(...quickKeyLayoutProblems((payload.value as QuickKeysUpdateDto).pages).map((problem) => `${path}.payload.${problem}`));
  }
  if (errors.length > 0) return { ok: false, errors };
  // Keep the plain payload object (not the DTO instance) so it serializes and hashes the same everywhere.
  return { ok: true, value: { ...op, payload: { ...payload.value } } as unknown as AnyOp };
}

/** Validates a whole push body; any malformed op fails the whole request (400, nothing written). */
export function validatePushRequest(plain: unknown): Validated<PushRequest> {
  const shape = validateAs(PushRequestShapeDto, plain);
  if (!shape.ok) return shape;
  const ops: AnyOp[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  shape.value.ops.forEach((candidate, index) => {
    const result = validateOp(candidate, `ops.${index}`);
    if (!result.ok) {
      errors.push(...result.errors);
      return;
    }
    if (seen.has(result.value.opId)) errors.push(`ops.${index}.opId appears twice in the batch`);
    seen.add(result.value.opId);
    ops.push(result.value);
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { protocolVersion: shape.value.protocolVersion, ops } };
}
