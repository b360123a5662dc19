import { decodeHlc, encodeHlc, type ProductRecord } from '@seri/shared';
import { rm } from 'node:fs/promises';
import { makeTestFolder, startTestBackend, type TestBackend } from '../../../backend/test/support/test-backend';
import { DexiePage } from '../../test/renderer/support/dexie-page';
import { MainTerminal } from './support/main-terminal';

jest.setTimeout(180_000);

interface Dump {
  products: ProductRecord[];
}

/**
 * Read-your-writes, end to end: the real backend, main's real pull into its SQLite queue,
 * and the renderer's real `applyPulledPage` in real IndexedDB (Chromium). A pull never
 * puts an older server value over a newer local edit that is still queued (I6).
 */
describe('[I6][I8] read-your-writes across the backend, main and the renderer', () => {
  let backend: TestBackend;
  let root: string;
  let harness: DexiePage;
  const terminals: MainTerminal[] = [];

  beforeAll(async () => {
    root = await makeTestFolder('seri-ryw-');
    backend = await startTestBackend();
    harness = await DexiePage.open();
  });

  afterAll(async () => {
    for (const terminal of terminals) await terminal.close().catch(() => undefined);
    await harness?.close();
    await backend?.stop();
    await rm(root, { recursive: true, force: true });
  });

  /** What the renderer does with the pages main pulled: apply each in one transaction, then ack. */
  async function applyPages(terminal: MainTerminal, db: string): Promise<number> {
    let kept = 0;
    for (const page of terminal.core.queue.pages(1_000)) {
      const applied = await harness.call<{ keptLocal: number }>('applyPage', db, page.changes, { deviceId: terminal.deviceId });
      kept += applied.keptLocal;
      terminal.core.queue.ackPages(page.pageId);
    }
    return kept;
  }

  it('[I6] a pulled older value never replaces a newer local edit still queued; once pushed, terminal and server agree', async () => {
    const demo = backend.demo!;
    const [t, b] = await Promise.all([MainTerminal.start(backend, root, 'ryw-t'), MainTerminal.start(backend, root, 'ryw-b')]);
    terminals.push(t, b);
    await t.enroll(demo.enrollmentCode, demo.cashiers[0]!.id);
    await b.enroll(demo.enrollmentCode, demo.cashiers[1]!.id);
    await Promise.all([t.drain(), b.drain()]);
    const db = 'read-your-writes';
    await applyPages(t, db);

    const [row] = await backend.dataSource.query<{ id: string; hlc: string }[]>('SELECT id, hlc FROM products ORDER BY sku LIMIT 1 OFFSET 7');
    const productId = row!.id;
    const before = (await harness.call<Dump>('dump', db)).products.find((product) => product.id === productId)!;

    // The cashier edits the price on T: the record and its outbox row in one transaction, as a command does.
    const local = t.ops.productUpdate({ id: productId, price: 7_777 });
    await harness.call('seed', db, {
      products: [{ ...before, price: 7_777, hlc: local.hlc }],
      outbox: [{ opId: local.opId, state: 'new', entity: 'product', kind: 'update', entityId: productId, op: local, createdAt: new Date().toISOString() }],
    });

    // Meanwhile B's edit, made earlier by the hybrid clock but arriving first, reaches the server.
    const seedStamp = decodeHlc(row!.hlc);
    const older = { ...b.ops.productUpdate({ id: productId, price: 5_555 }), hlc: encodeHlc({ ms: seedStamp.ms, counter: seedStamp.counter + 1, node: b.deviceId }) };
    expect(older.hlc < local.hlc).toBe(true);
    b.enqueue([older]);
    await b.drain();

    // T pulls while its edit is still queued: the server's older price is not applied.
    await t.drain();
    expect(await applyPages(t, db)).toBeGreaterThanOrEqual(1);
    const during = (await harness.call<Dump>('dump', db)).products.find((product) => product.id === productId)!;
    expect([during.price, during.hlc]).toEqual([7_777, local.hlc]);

    // The edit reaches main and the server; the server's merge comes back and both agree.
    t.enqueue([local]);
    await t.drain();
    await applyPages(t, db);
    const after = (await harness.call<Dump>('dump', db)).products.find((product) => product.id === productId)!;
    const [server] = await backend.dataSource.query<{ price: string; hlc: string }[]>('SELECT price, hlc FROM products WHERE id = $1', [productId]);
    expect([after.price, after.hlc]).toEqual([Number(server!.price), server!.hlc]);
    expect(after.price).toBe(7_777);
    const log = await backend.dataSource.query<{ kind: string; losing_value: unknown; winning_value: unknown }[]>(
      "SELECT kind, losing_value, winning_value FROM conflict_log WHERE entity_id = $1 AND field = 'price' ORDER BY id",
      [productId],
    );
    expect(log.at(-1)).toEqual({ kind: 'OVERWRITTEN', losing_value: 5_555, winning_value: 7_777 });
  });
});
