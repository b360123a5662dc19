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
});
