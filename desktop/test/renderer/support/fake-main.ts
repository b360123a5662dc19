import type { Change, DeviceInfo, OpStateReport, SyncStatus } from '@seri/shared';

/** What the fake main knows at start: canned shop data, served as pulled pages after enrollment. */
export interface FakeMainSetup {
  enrolled: boolean;
  device: Omit<DeviceInfo, 'enrolled'>;
  /** Pages handed to the renderer once enrolled, in order. */
  pages: Change[][];
  /** userId → PIN accepted by session:login. */
  pins: Record<string, string>;
  users: Array<{ id: string; name: string; role: 'CASHIER' | 'MANAGER' | 'ADMIN' }>;
  enrollmentCode: string;
  /** Keep the pages back until releasePages() (to look at the download screen). */
  holdPages?: boolean;
}

/** Handle the spec uses from page.evaluate to play main's part. */
export interface FakeMainHandle {
  emit(event: string, data: unknown): void;
  /** opIds main holds, in the order received. */
  queued: string[];
  calls: Array<{ channel: string; payload: unknown }>;
  setOnline(online: boolean): void;
  /** Receipts main was asked to print, in order. */
  printed: Array<{ number: string; kind: string; copy: boolean; text: string }>;
  /** Reports FAILED and REJECTED ops on `sync:problems`, as main would after the server refused them. */
  setProblems(problems: OpStateReport[]): void;
  /** Marks every queued op SYNCED and tells the renderer, as the worker would after a push. */
  syncAll(): OpStateReport[];
  releasePages(): void;
}

/**
 * Runs in the page before the renderer (addInitScript): a stand-in for main behind
 * `window.seri`, with the same invoke/on shape as the preload. It must be self-contained:
 * Playwright serializes it into the page.
 */
export function installFakeMain(setup: FakeMainSetup): void {
  type Listener = (data: unknown) => void;
  const listeners = new Map<string, Set<Listener>>();
  const queue: Array<{ opId: string; state: 'PENDING' | 'SYNCED' }> = [];
  const calls: Array<{ channel: string; payload: unknown }> = [];
  const printed: FakeMainHandle['printed'] = [];
  let problems: OpStateReport[] = [];
  let enrolled = setup.enrolled;
  let online = true;
  let pages = enrolled ? setup.pages.map((changes, index) => ({ pageId: index + 1, changes: JSON.stringify(changes) })) : [];
  let lastSyncAt: string | null = enrolled ? '2025-06-01T08:00:00.000Z' : null;
  let held = setup.holdPages === true;

  const info = (): DeviceInfo => ({ enrolled, ...(enrolled ? setup.device : { deviceId: null, deviceName: null, terminalCode: null, serverUrl: null, shop: null }) });
  const status = (): SyncStatus => {
    const pending = queue.filter((op) => op.state === 'PENDING').length;
    return {
      total: queue.length,
      pending,
      syncing: 0,
      synced: queue.length - pending,
      failed: 0,
      rejected: 0,
      oldestPendingAgeMs: pending > 0 ? 1000 : null,
      lastSyncAt,
      lastError: online ? null : 'offline',
      online,
    };
  };
  const emit = (event: string, data: unknown): void => {
    for (const listener of listeners.get(event) ?? []) listener(data);
  };
  const ok = (value: unknown) => Promise.resolve({ ok: true, value });
  const fail = (code: string, message: string) => Promise.resolve({ ok: false, error: { code, message } });

  const handlers: Record<string, (payload: never) => Promise<unknown>> = {
    'device:info': () => ok(info()),
    'device:enroll': (payload: { serverUrl: string; code: string; name: string }) => {
      if (payload.code !== setup.enrollmentCode) return fail('ENROLLMENT_FAILED', 'code inconnu ou expiré');
      enrolled = true;
      lastSyncAt = '2025-06-01T08:00:00.000Z';
      pages = setup.pages.map((changes, index) => ({ pageId: index + 1, changes: JSON.stringify(changes) }));
      setTimeout(() => emit('sync:pages-available', { count: pages.length }), 50);
      return ok(info());
    },
    'session:login': (payload: { userId: string; pin: string }) => {
      const user = setup.users.find((candidate) => candidate.id === payload.userId);
      if (!user || setup.pins[payload.userId] !== payload.pin) return fail('BAD_PIN', 'bad pin');
      return ok({ userId: user.id, name: user.name, role: user.role });
    },
    'sync:pages': (payload: { limit?: number; after?: number }) =>
      ok(held ? [] : pages.filter((page) => page.pageId > (payload?.after ?? 0)).slice(0, payload?.limit ?? 10)),
    'sync:ack-pages': (payload: { upToPageId: number }) => {
      pages = pages.filter((page) => page.pageId > payload.upToPageId);
      return ok({ remaining: pages.length });
    },
    'sync:enqueue': (payload: { ops: Array<{ opId: string }> }) => {
      for (const op of payload.ops) if (!queue.some((held) => held.opId === op.opId)) queue.push({ opId: op.opId, state: 'PENDING' });
      setTimeout(() => emit('sync:status', status()), 10);
      return ok({ accepted: payload.ops.map((op) => op.opId) });
    },
    'sync:status': () => ok(status()),
    'sync:now': () => ok(status()),
    'sync:op-states': (payload: { opIds: string[] }) =>
      ok(queue.filter((op) => payload.opIds.includes(op.opId)).map((op) => ({ opId: op.opId, state: op.state }))),
    'sync:problems': () => ok(problems),
    'session:approve': (payload: { userId: string; pin: string; action: string }) => {
      const user = setup.users.find((candidate) => candidate.id === payload.userId);
      if (!user || setup.pins[payload.userId] !== payload.pin) return fail('BAD_PIN', 'bad pin');
      if (user.role === 'CASHIER') return fail('FORBIDDEN', 'not a manager');
      return ok({ approverId: user.id, name: user.name, role: user.role, action: payload.action, approvedAt: new Date().toISOString() });
    },
    'receipt:print': (payload: { receipt: { number: string; kind: string; copy: boolean; header: string[]; items: Array<{ name: string }> } }) => {
      const { receipt } = payload;
      printed.push({ number: receipt.number, kind: receipt.kind, copy: receipt.copy, text: [...receipt.header, ...receipt.items.map((item) => item.name)].join('\n') });
      return ok({ printer: 'fake', location: null });
    },
    'terminal:activity': () => ok({ state: 'disabled', version: null, percent: null, waitingFor: null }),
  };

  const bridge = {
    invoke(channel: string, payload: unknown): Promise<unknown> {
      calls.push({ channel, payload });
      const handler = handlers[channel];
      return handler ? handler(payload as never) : fail('UNKNOWN_CHANNEL', channel);
    },
    on(event: string, listener: Listener): () => void {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  const handle: FakeMainHandle = {
    emit,
    queued: [],
    calls,
    printed,
    setProblems(next) {
      problems = next;
      emit('sync:status', status());
    },
    setOnline(value) {
      online = value;
      emit('sync:status', status());
    },
    releasePages() {
      held = false;
      emit('sync:pages-available', { count: pages.length });
    },
    syncAll() {
      const reports = queue.filter((op) => op.state === 'PENDING').map((op) => ({ opId: op.opId, state: 'SYNCED' as const }));
      for (const op of queue) op.state = 'SYNCED';
      lastSyncAt = '2025-06-01T09:00:00.000Z';
      emit('sync:op-states', reports);
      emit('sync:status', status());
      return reports;
    },
  };
  Object.defineProperty(handle, 'queued', { get: () => queue.map((op) => op.opId) });
  Object.defineProperty(globalThis, 'seri', { value: Object.freeze(bridge), writable: false, configurable: false });
  Object.defineProperty(globalThis, 'fakeMain', { value: handle, writable: false, configurable: false });
}
