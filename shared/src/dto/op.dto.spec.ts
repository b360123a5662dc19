import { encodeHlc } from '../clock/hlc';
import { PROTOCOL_VERSION } from '../protocol/ops';
import { uuidv7 } from '../ids/ids';
import { validateOp, validatePushRequest } from './op.dto';
import { IPC_VALIDATORS } from './ipc.dto';

function saleOp(overrides: Record<string, unknown> = {}) {
  const saleId = uuidv7();
  const line = { id: uuidv7(), productId: uuidv7(), name: 'Riz parfumé 5 kg', quantity: 2, unitPrice: 4500, discount: 0, total: 9000, movementId: uuidv7() };
  return {
    opId: uuidv7(),
    deviceId: uuidv7(),
    userId: uuidv7(),
    shopId: uuidv7(),
    entity: 'sale',
    kind: 'create',
    entityId: saleId,
    hlc: encodeHlc({ ms: Date.now(), counter: 0, node: 'dev' }),
    payload: {
      id: saleId,
      number: 'T01-000001',
      cashierId: uuidv7(),
      currency: 'XOF',
      subtotal: 9000,
      discount: 0,
      total: 9000,
      payments: [{ method: 'CASH', amount: 9000, tendered: 10000 }],
      lines: [line],
      createdAt: new Date().toISOString(),
    },
    ...overrides,
  };
}

describe('op validation (shared by backend push and main IPC)', () => {
  it('accepts a well-formed sale op', () => {
    const result = validateOp(saleOp());
    expect(result.ok).toBe(true);
  });

  it('names the field that is missing or of the wrong type', () => {
    const op = saleOp();
    const { userId: _dropped, ...withoutUser } = op;
    const missing = validateOp(withoutUser, 'ops.0');
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors.join('\n')).toMatch(/ops\.0\.userId/);

    const wrongType = saleOp();
    (wrongType.payload as { lines: { quantity: unknown }[] }).lines[0]!.quantity = '2';
    const typed = validateOp(wrongType, 'ops.3');
    expect(typed.ok).toBe(false);
    if (!typed.ok) expect(typed.errors.join('\n')).toMatch(/ops\.3\.payload\.lines\.0\.quantity/);
  });

  it('refuses null where a field may only be left out, and takes it where the field is nullable', () => {
    const id = uuidv7();
    const update = (payload: Record<string, unknown>) =>
      validateOp({ ...saleOp(), entity: 'product', kind: 'update', entityId: id, payload: { id, ...payload } });
    expect(update({ name: null }).ok).toBe(false);
    expect(update({ price: null }).ok).toBe(false);
    expect(update({ barcode: null, cost: null }).ok).toBe(true);
    const sale = saleOp();
    (sale.payload.payments[0] as Record<string, unknown>)['tendered'] = null;
    expect(validateOp(sale).ok).toBe(false);
  });

  it('refuses an unknown entity, an extra field, fractions and negative quantities', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [saleOp({ entity: 'invoice' }), /entity/],
      [saleOp({ surprise: true }), /surprise/],
      [saleOp({ opId: 'not-a-uuid' }), /opId/],
    ];
    const fractional = saleOp();
    (fractional.payload as { total: number }).total = 90.5;
    cases.push([fractional, /total/]);
    const negative = saleOp();
    (negative.payload as { lines: { quantity: number }[] }).lines[0]!.quantity = -1;
    cases.push([negative, /quantity/]);
    for (const [op, field] of cases) {
      const result = validateOp(op);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.join('\n')).toMatch(field);
    }
  });

  it('checks the sale adds up and that entityId is the sale id', () => {
    const wrongTotal = saleOp();
    (wrongTotal.payload as { total: number }).total = 8000;
    const result = validateOp(wrongTotal);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toMatch(/total must be subtotal/);
    const wrongEntity = validateOp(saleOp({ entityId: uuidv7() }));
    expect(wrongEntity.ok).toBe(false);
  });

  it('refuses a kind the entity does not allow (sales are immutable: no update)', () => {
    const result = validateOp(saleOp({ kind: 'update' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toMatch(/not allowed for entity sale/);
  });

  it('validates a whole push and refuses an opId twice in one batch', () => {
    const op = saleOp();
    expect(validatePushRequest({ protocolVersion: PROTOCOL_VERSION, ops: [op] }).ok).toBe(true);
    const twice = validatePushRequest({ protocolVersion: PROTOCOL_VERSION, ops: [op, op] });
    expect(twice.ok).toBe(false);
    expect(validatePushRequest({ protocolVersion: PROTOCOL_VERSION }).ok).toBe(false);
    expect(validatePushRequest([]).ok).toBe(false);
  });

  it('validates IPC payloads the same way', () => {
    expect(IPC_VALIDATORS['session:login']({ userId: uuidv7(), pin: '1234' }).ok).toBe(true);
    expect(IPC_VALIDATORS['session:login']({ userId: uuidv7(), pin: '12' }).ok).toBe(false);
    expect(IPC_VALIDATORS['sync:status'](undefined).ok).toBe(true);
    expect(IPC_VALIDATORS['sync:status']({ sneaky: 1 }).ok).toBe(false);
    expect(IPC_VALIDATORS['sync:enqueue']({ ops: [saleOp()] }).ok).toBe(true);
    expect(IPC_VALIDATORS['sync:enqueue']({ ops: [saleOp({ entity: 'x' })] }).ok).toBe(false);
  });

  it('[I5] accepts a refund as a new sale op and checks that it adds up', () => {
    const saleId = uuidv7();
    const refundId = uuidv7();
    const line = { saleLineId: uuidv7(), productId: uuidv7(), quantity: 1, amount: 4500, movementId: uuidv7() };
    const refund = (payload: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}) =>
      saleOp({
        kind: 'refund',
        entityId: saleId,
        payload: { id: refundId, saleId, reason: 'article abîmé', approvedBy: uuidv7(), method: 'CASH', total: 4500, lines: [line], createdAt: new Date().toISOString(), ...payload },
        ...envelope,
      });
    expect(validateOp(refund()).ok).toBe(true);
    const wrongTotal = validateOp(refund({ total: 5000 }));
    expect(wrongTotal.ok).toBe(false);
    if (!wrongTotal.ok) expect(wrongTotal.errors.join('\n')).toMatch(/payload\.total must be the sum/);
    expect(validateOp(refund({ lines: [line, line], total: 9000 })).ok).toBe(false);
    expect(validateOp(refund({ lines: [] , total: 0 })).ok).toBe(false);
    expect(validateOp(refund({}, { entityId: uuidv7() })).ok).toBe(false);
    expect(validateOp(refund({ method: 'CHEQUE' })).ok).toBe(false);
  });

  it('validates manager approvals and receipts sent to main', () => {
    const approve = IPC_VALIDATORS['session:approve'];
    expect(approve({ userId: uuidv7(), pin: '2468', action: 'VOID_SALE' }).ok).toBe(true);
    expect(approve({ userId: uuidv7(), pin: '24', action: 'VOID_SALE' }).ok).toBe(false);
    expect(approve({ userId: uuidv7(), pin: '2468', action: 'EVERYTHING' }).ok).toBe(false);
    const print = IPC_VALIDATORS['receipt:print'];
    const receipt = {
      number: 'T01-000001',
      kind: 'SALE',
      copy: false,
      header: ['Boutique'],
      items: [{ name: 'Riz', detail: '1 × 700', amount: '700' }],
      totals: [{ label: 'Total', value: '700', emphasis: true }],
      footer: [],
    };
    expect(print({ receipt }).ok).toBe(true);
    expect(print({ receipt: { ...receipt, number: '../../etc/passwd' } }).ok).toBe(false);
    expect(print({ receipt: { ...receipt, items: [{ name: 'x'.repeat(201), detail: '', amount: '' }] } }).ok).toBe(false);
    expect(print({ receipt: { ...receipt, script: '<script>' } }).ok).toBe(false);
  });
});
